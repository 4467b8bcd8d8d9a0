/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the API document in docs/ */
/**
 * The API document (docs/api.md) is the judge of both sides: its printed examples and every rule of
 * its field tables are read from the file at test time, then
 * - the simulator (over HTTP) must accept the examples, answer in the documented shapes, and refuse
 *   each rule broken one at a time, naming the field;
 * - the nodes' contract (the zod schemas the nodes build their requests with) must accept the
 *   same examples and refuse the same violations.
 * The simulator reads the document on its own (simulator/apiRules.ts), so a misreading on
 * either side makes the two disagree with the document here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { campaignRequestSchema, reportRequestSchema } from '../../nodes/Is74/domain/apiContract';
import { TOKEN, useSimulator } from '../support/simulator';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DOCUMENT_PATH = resolve(__dirname, '../../docs/api.md');
if (!existsSync(DOCUMENT_PATH)) {
	throw new Error(`The API document is not at ${DOCUMENT_PATH}: this suite judges the nodes and the simulator by it.`);
}
const apiDocument = readFileSync(DOCUMENT_PATH, 'utf8');

interface TableRow {
	field: string;
	/** The type, preceded by "required" when the table says the field is: `required integer`, `string`. */
	rule: string;
	meaning: string;
}

interface DocumentedCall {
	name: 'campaign' | 'report';
	/** The path of the call, `{project_id}` filled with the example campaign's project. */
	path: string;
	example: JsonObject;
	rows: TableRow[];
	/** Turns a field as the table writes it (`schedule.date`, `phones[].phone`) into a path in the example. */
	bodyPath: (field: string) => string;
	schema: typeof campaignRequestSchema | typeof reportRequestSchema;
}

/** The text under the heading `#… {title}` (its level given by `level`), up to the next heading of that level or higher. */
function headed(text: string, level: '##' | '###', title: string): string {
	const lines = text.split('\n');
	const start = lines.indexOf(`${level} ${title}`);
	if (start < 0) throw new Error(`The API document has no "${level} ${title}" heading`);
	const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level.length}} `).test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The one JSON example of a part of the document. */
function jsonBlock(text: string, where: string): JsonObject {
	const blocks = [...text.matchAll(/^```json\n([\s\S]*?)\n```$/gm)];
	if (blocks.length !== 1) throw new Error(`${where}: expected one \`\`\`json block, found ${blocks.length}`);
	return JSON.parse(blocks[0][1]) as JsonObject;
}

const TABLE_HEADER = ['field', 'type', 'required', 'meaning'];

/** The field table: its header must be `field | type | required | meaning`, and each row says yes or no to "required". */
function tableRows(text: string, where: string): TableRow[] {
	const cells = (line: string) => line.slice(1, -1).split('|').map((cell) => cell.trim());
	const lines = text.split('\n').filter((line) => line.startsWith('|') && line.endsWith('|'));
	if (lines.length < 3 || cells(lines[0]).join() !== TABLE_HEADER.join() || !cells(lines[1]).every((cell) => /^-+$/.test(cell))) {
		throw new Error(`${where}: expected a table headed | ${TABLE_HEADER.join(' | ')} |`);
	}
	return lines.slice(2).map((line) => {
		const row = cells(line);
		if (row.length !== TABLE_HEADER.length || !['yes', 'no'].includes(row[2])) throw new Error(`${where}: the row "${line}" is not field | type | yes or no | meaning`);
		const [field, type, required, meaning] = row;
		return { field, rule: required === 'yes' ? `required ${type}` : type, meaning };
	});
}

function endpoint(text: string, where: string): string {
	const match = /^`POST (\/\S+)`$/m.exec(text);
	if (!match) throw new Error(`${where} names no POST endpoint`);
	return match[1];
}

const CREATE = 'Create a call campaign';
const RESULTS = "Get a campaign's results";
const campaignSection = headed(apiDocument, '##', CREATE);
const reportSection = headed(apiDocument, '##', RESULTS);
const reportExample = jsonBlock(headed(reportSection, '###', 'Request'), `${RESULTS}, Request`);
const reportSuccess = jsonBlock(headed(reportSection, '###', 'Answer'), `${RESULTS}, Answer`);
const campaignAnswer = headed(campaignSection, '###', 'Answer');
const campaignSuccessStatus = /^On success the status is `(\d{3})`/m.exec(campaignAnswer)?.[1];
if (!campaignSuccessStatus) throw new Error('The campaign section prints no success status');
const campaignSuccess = jsonBlock(campaignAnswer, `${CREATE}, Answer`);

const elementPath = (field: string) => field.replace(/\[\]$/, '').replace(/\[\]/g, '.0');
const CAMPAIGN: DocumentedCall = {
	name: 'campaign',
	path: endpoint(campaignSection, CREATE),
	example: jsonBlock(headed(campaignSection, '###', 'Request'), `${CREATE}, Request`),
	rows: tableRows(headed(campaignSection, '###', 'Fields'), `${CREATE}, Fields`),
	bodyPath: (field) => elementPath(field.startsWith('schedule.') ? `campaign.${field}` : field),
	schema: campaignRequestSchema,
};
const REPORT: DocumentedCall = {
	name: 'report',
	path: endpoint(reportSection, RESULTS).replace('{project_id}', String((CAMPAIGN.example.campaign as JsonObject).project_id)),
	example: reportExample,
	rows: tableRows(headed(reportSection, '###', 'Fields'), `${RESULTS}, Fields`),
	bodyPath: elementPath,
	schema: reportRequestSchema,
};
const CALLS = [CAMPAIGN, REPORT];

/** A copy of `body` with `value` at `path` (dots; numbers index arrays), or without that field when `value` is undefined. */
function withValue(body: JsonObject, path: string, value: Json | undefined): JsonObject {
	const copy = structuredClone(body);
	const keys = path.split('.');
	let parent = copy as Record<string, Json>;
	for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, Json>;
	const last = keys[keys.length - 1];
	if (value === undefined) delete parent[last];
	else parent[last] = value;
	return copy;
}

interface Violation {
	call: DocumentedCall;
	description: string;
	body: JsonObject;
	/** The field the refusal must name (its first message is about this field). */
	names: string;
	/** Every field the refusal names lies within this one (the violation changed nothing else). */
	within: string;
}

const WRONG_TYPES: Record<string, Array<[string, Json]>> = {
	integer: [['text "1"', '1'], ['a fraction 1.5', 1.5]],
	string: [['a number 5', 5]],
	object: [['text "x"', 'x'], ['an array', []]],
	array: [['an object', {}], ['text "x"', 'x']],
};

/** The type word of a rule (`required integer` → integer). */
function typeOf(row: TableRow): string {
	const match = /\b(integer|string|object|array)\b/.exec(row.rule);
	if (!match) throw new Error(`The rule "${row.rule}" of ${row.field} names no JSON type`);
	return match[1];
}

/** Violations derived from the "type" and "required" columns alone: a required field left out, a value of the wrong type. */
function ruleColumnViolations(call: DocumentedCall): Violation[] {
	return call.rows.flatMap((row) => {
		const path = call.bodyPath(row.field);
		const violations: Violation[] = WRONG_TYPES[typeOf(row)].map(([what, value]) => ({
			call,
			description: `${row.field} (${row.rule}) as ${what}`,
			body: withValue(call.example, path, value),
			names: path,
			within: path,
		}));
		if (/\brequired\b/.test(row.rule)) {
			violations.unshift({ call, description: `${row.field} (${row.rule}) left out`, body: withValue(call.example, path, undefined), names: path, within: path });
		}
		return violations;
	});
}

/**
 * The rows whose text states values (backquoted literals, or a range such as 1..5), with the
 * values each violation breaks. Rows whose backquoted text is only an example get no case, and say why.
 */
const VALUE_RULES: Record<string, Array<[string, Json, string?]>> = {
	// "send `"Создано"` ("Created"), always"
	'campaign.state': [['Created', 'Created'], ['empty', '']],
	// "the day the campaign starts, as `YYYY-MM-DD`"
	'schedule.date': [['01.01.2000', '01.01.2000'], ['2000-1-1', '2000-1-1'], ['a day that does not exist', '2000-02-30'], ['with a time', '2000-01-01T00:00']],
	// "when the daily calling window opens (closes), as `HH:MM`"
	'schedule.start_time': [['9:00', '9:00'], ['09:00:00', '09:00:00'], ['24:00', '24:00']],
	'schedule.end_time': [['17:60', '17:60'], ['5 pm', '5 pm']],
	// "send `{"id": 1, "title": "Однократно"}` (once), always"
	'schedule.periods': [
		['another period', { id: 2, title: 'Ежедневно' }, 'campaign.schedule.periods.id'],
		['id 1 with another title', { id: 1, title: 'Ежедневно' }, 'campaign.schedule.periods.title'],
		['without its title', { id: 1 }, 'campaign.schedule.periods.title'],
		['without its id', { title: 'Однократно' }, 'campaign.schedule.periods.id'],
	],
	// "`id` is an integer from 1..5 and `title` is that same number written as a string, "1".."5"; the two must agree"
	'schedule.attempts': [
		['0 attempts', { id: 0, title: '0' }, 'campaign.schedule.attempts.id'],
		['6 attempts', { id: 6, title: '6' }, 'campaign.schedule.attempts.id'],
		['id as text', { id: '2', title: '2' }, 'campaign.schedule.attempts.id'],
		['title as a number', { id: 2, title: 2 }, 'campaign.schedule.attempts.title'],
		['title not matching id', { id: 2, title: '3' }, 'campaign.schedule.attempts.title'],
		['without its title', { id: 2 }, 'campaign.schedule.attempts.title'],
	],
	// "the minutes to wait between attempts, written as a string, for example `"5"`"
	'schedule.interval': [['words', 'five'], ['with a unit', '5 min'], ['negative', '-5'], ['a fraction', '1.5'], ['empty', '']],
	// "the number to call (Russian numbers, for example `+79999999999`)": an example; the format is left open ("whether numbers must be in E.164 form").
	'phones[].phone': [],
	// "`{key: value}` pairs": the value types are left open; the "object" type is checked from the type column.
	'phones[].add_data': [],
	// "in ISO 8601 with milliseconds and `Z`"
	'analytics_filter.date_start': [
		['without milliseconds', '2000-01-01T08:00:59Z'],
		['with an offset instead of Z', '2000-01-01T08:00:59.096+05:00'],
		['with a space instead of T', '2000-01-01 08:00:59.096Z'],
		['a date only', '2000-01-01'],
		['a day that does not exist', '2000-02-30T08:00:59.096Z'],
	],
	'analytics_filter.date_end': [['without Z', '2000-01-01T18:04:59.096'], ['two-digit milliseconds', '2000-01-01T18:04:59.09Z']],
	// "the column's machine name, for example `phone_number`": an example.
	'columns[].name': [],
	// "the kind of column; the documentation's example is `field`": an example.
	'columns[].column_type': [],
	// "one of `text`, `number`, `datetime`, `dialog`, `goal`"
	'columns[].data_type': [['money', 'money'], ['Text (case)', 'Text']],
	// "one of `equal`, `contains`, … `not_true`"
	'columns[].filter_type': [['like', 'like'], ['Equal (case)', 'Equal']],
	// "`asc` or `desc`"
	'columns[].sorting': [['up', 'up'], ['ASC (case)', 'ASC']],
};

/** The rows that state values: a backquoted literal or a range in the rule or its meaning. */
const statesValues = (row: TableRow) => /`|\d\.\.\d/.test(`${row.rule} ${row.meaning}`);

function valueRuleViolations(call: DocumentedCall): Violation[] {
	return call.rows.flatMap((row) =>
		(VALUE_RULES[row.field] ?? []).map(([what, value, names]) => {
			const path = call.bodyPath(row.field);
			return { call, description: `${row.field} ${what}`, body: withValue(call.example, path, value), names: names ?? path, within: path };
		}),
	);
}

const VIOLATIONS = CALLS.flatMap((call) => [...ruleColumnViolations(call), ...valueRuleViolations(call)]);

/**
 * Where the nodes' contract is known to disagree with the document (each case is a `test.failing`
 * until nodes/Is74/domain/apiContract.ts is mended; the lead decides).
 */
const CONTRACT_DISAGREEMENTS = new Set<string>([]);

/** What the rows whose rule lacks "required" may do: be left out (two rows are read from their meaning, and say why). */
const REQUIRED_BY_MEANING: Record<string, string> = {
	// "the number to call": an entry of `phones` is a number to call; without one it is no entry.
	'phones[].phone': 'phones.0.phone: is required',
	// "what the column is compared with; the four filters that only test for emptiness or truth (is_empty,
	// not_empty, is_true, not_true) do not use it": the example's `contains` compares, so it needs the value.
	'columns[].filter_value': 'columns.0.filter_value: is required for filter_type contains',
};

const shapeOf = (value: unknown): unknown => {
	if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
	if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
	return typeof value;
};

describe('the API document is readable by the tests', () => {
	test('both calls, their examples and their tables are found', () => {
		expect([CAMPAIGN.path, REPORT.path]).toEqual(['/api/campaigns', '/api/analytics/1/report']);
		expect(CAMPAIGN.rows.map((row) => row.field)).toEqual(expect.arrayContaining(['campaign.project_id', 'schedule.attempts', 'phones[].add_data']));
		expect(REPORT.rows.map((row) => row.field)).toEqual(expect.arrayContaining(['analytics_filter.date_start', 'columns[].sorting']));
		expect(campaignSuccessStatus).toBe('200');
		expect(campaignSuccess).toEqual({ campaign: { id: 12345 } });
		expect(Object.keys(reportSuccess)).toEqual(['columns', 'data', 'total_duration', 'avg_duration', 'count']);
	});

	test('every row that states values has its violations written here (a new rule in the document fails this test)', () => {
		const fields = CALLS.flatMap((call) => call.rows.map((row) => row.field));
		const stating = CALLS.flatMap((call) => call.rows.filter(statesValues).map((row) => row.field));
		expect(stating.filter((field) => !(field in VALUE_RULES))).toEqual([]);
		expect(Object.keys(VALUE_RULES).filter((field) => !fields.includes(field))).toEqual([]);
	});

	test('every field of the tables is in the documented example, so each violation changes exactly one field', () => {
		for (const call of CALLS) {
			for (const row of call.rows) {
				const path = call.bodyPath(row.field);
				const value = path.split('.').reduce<unknown>((inner, key) => (inner as Record<string, unknown>)?.[key], call.example);
				expect([row.field, value === undefined]).toEqual([row.field, false]);
			}
		}
	});
});

describe('the nodes’ contract reads the document as the document says', () => {
	test.each(CALLS.map((call) => [call.name, call] as const))('the documented %s example is accepted', (_name, call) => {
		const result = call.schema.safeParse(call.example);
		expect(result.success ? [] : result.error.issues).toEqual([]);
	});

	const refusedBy = (violation: Violation) => {
		const result = violation.call.schema.safeParse(violation.body);
		return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
	};
	const agreeing = VIOLATIONS.filter((violation) => !CONTRACT_DISAGREEMENTS.has(violation.description));
	const disagreeing = VIOLATIONS.filter((violation) => CONTRACT_DISAGREEMENTS.has(violation.description));

	test.each(agreeing.map((violation) => [violation.description, violation] as const))('%s is refused naming the field', (_description, violation) => {
		expect(refusedBy(violation)).toContain(violation.names);
	});

	if (disagreeing.length > 0) {
		test.failing.each(disagreeing.map((violation) => [violation.description, violation] as const))(
			'KNOWN DISAGREEMENT (contract accepts): %s is refused naming the field',
			(_description, violation) => {
				expect(refusedBy(violation)).toContain(violation.names);
			},
		);
	}
});

describe('the simulator reads the document as the document says', () => {
	// The documented success answer shows campaign ID 12345, which the report example then asks for.
	const sim = useSimulator({ firstCampaignId: (campaignSuccess.campaign as JsonObject).id as number });

	async function post(path: string, body: unknown) {
		const response = await fetch(`${sim().url}${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
			body: JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as JsonObject };
	}

	test('the campaign example is accepted and answered exactly as documented; the report example finds it', async () => {
		const created = await post(CAMPAIGN.path, CAMPAIGN.example);
		expect(created).toEqual({ status: Number(campaignSuccessStatus), json: campaignSuccess });
		expect(sim().campaigns.get(12345)?.body).toEqual(CAMPAIGN.example);

		// The example's window (08:00:59Z–18:04:59Z) misses the call, made at 09:00 in UTC+5 (04:00Z).
		const report = await post(REPORT.path, REPORT.example);
		expect(report.status).toBe(200);
		expect(report.json).toEqual({ columns: reportSuccess.columns, data: [], total_duration: 0, avg_duration: 0, count: 0 });

		// The same request over the whole day finds the example's one number.
		const wholeDay = await post(REPORT.path, withValue(REPORT.example, 'analytics_filter.date_start', '2000-01-01T00:00:00.000Z'));
		expect(wholeDay.status).toBe(200);
		expect(shapeOf(wholeDay.json)).toEqual({ ...(shapeOf(reportSuccess) as object), data: [{ phone_number: 'string' }] });
		const { columns, data, total_duration: total, avg_duration: average, count } = wholeDay.json as { columns: Array<{ field: string }>; data: JsonObject[]; total_duration: number; avg_duration: number; count: number };
		expect(columns).toEqual(reportSuccess.columns);
		// "one object per dialog; keys are the column fields"
		expect(data).toEqual([{ phone_number: '+79999999999' }]);
		expect(data.every((row) => Object.keys(row).join() === columns.map((column) => column.field).join())).toBe(true);
		// "Durations are seconds (3600 / 30 = 120)"
		expect([count, average]).toEqual([data.length, total / data.length]);
	});

	test.each(VIOLATIONS.map((violation) => [violation.call.name, violation.description, violation] as const))(
		'%s: %s is refused naming the field',
		async (_call, _description, violation) => {
			const before = sim().campaigns.size;
			const { status, json } = await post(violation.call.path, violation.body);
			expect(status).toBe(422);
			expect(String(json.message)).toMatch(new RegExp(`^${violation.names.replace(/\./g, '\\.')}: `));
			const named = Object.keys(json.errors as JsonObject);
			expect(named.filter((field) => field !== violation.within && !field.startsWith(`${violation.within}.`))).toEqual([]);
			expect(sim().campaigns.size).toBe(before);
		},
	);

	const optionalRows = CALLS.flatMap((call) => call.rows.filter((row) => !/\brequired\b/.test(row.rule)).map((row) => [call.name, row.field, call] as const));

	test.each(optionalRows)('%s: %s (not "required") may be left out', async (_name, field, call) => {
		const response = await post(call.path, withValue(call.example, call.bodyPath(field), undefined));
		if (REQUIRED_BY_MEANING[field]) {
			expect([response.status, response.json.message]).toEqual([422, REQUIRED_BY_MEANING[field]]);
		} else {
			expect(response.status).toBe(200);
		}
	});

	test('what the document leaves open is accepted: unknown fields, any phone text, any add_data value, a campaign with no numbers', async () => {
		const example = CAMPAIGN.example;
		const open = [
			withValue(example, 'campaign.priority', 'high'),
			withValue(example, 'phones.0.phone', '8 (912) 000-00-01'),
			withValue(example, 'phones.0.add_data', { nested: { a: [1, null] }, flag: true }),
			withValue(example, 'phones', []),
			withValue(example, 'campaign.schedule.interval', '0'),
		];
		const statuses = [];
		for (const body of open) statuses.push((await post(CAMPAIGN.path, body)).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
		expect((await post(REPORT.path, withValue(REPORT.example, 'columns.0.colour', 'red'))).status).toBe(200);
	});
});
