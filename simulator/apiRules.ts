/**
 * The simulator's own reading of the IS74 API document (docs/api.md), written from the
 * document's tables row by row. It imports nothing from `nodes/`: the nodes build their requests
 * with their own contract, and test/integration/apiDocument.test.ts checks both against the
 * document, so a misreading on either side shows up as a failing test instead of a shared blind spot.
 *
 * Where the document is silent the simulator is lenient, and says so here:
 * - unknown extra fields are accepted and ignored (the document lists fields, it forbids none);
 * - fields without "required" in the table may be left out (`phones` included: a campaign may
 *   be created with no numbers);
 * - IDs may be any integer (no range is documented); `interval` any whole number of minutes, 0 too;
 * - the phone format is free text (the document leaves E.164 open), but it must not be empty;
 * - `add_data` values may be any JSON value (the document only says `{key: value}` pairs);
 * - the daily window's end may come before its start (no order is documented).
 * Two rules are read from a row's meaning rather than its "rule" column, and written down:
 * - `phones[].phone` must be present: an entry of `phones` IS "the number to call";
 * - a date must exist on the calendar and a time of day must be 00:00–23:59 (and seconds 00–59):
 *   `2030-02-30` is not a date written as `YYYY-MM-DD`.
 */

export const API_PATHS = { login: '/api/login', campaigns: '/api/campaigns' } as const;
/** `POST /api/analytics/{project_id}/report`; the project ID is captured. */
export const REPORT_PATH = /^\/api\/analytics\/([^/]+)\/report$/;

/** `campaign.state`: "always send `"Создано"`". */
export const CAMPAIGN_STATE_CREATED = 'Создано';
/** `schedule.periods`: "always `{"id": 1, "title": "Однократно"}`". */
export const PERIOD_ONCE = { id: 1, title: 'Однократно' } as const;
/** `schedule.attempts.id`: "integer 1..5". */
export const ATTEMPTS_RANGE = { min: 1, max: 5 } as const;
export const DATA_TYPES = ['text', 'number', 'datetime', 'dialog', 'goal'] as const;
export const FILTER_TYPES = ['equal', 'contains', 'starts_with', 'ends_with', 'is_empty', 'not_empty', 'is_true', 'not_true'] as const;
/** `filter_value` is "not used by is_empty / not_empty / is_true / not_true". */
export const FILTERS_WITHOUT_VALUE: readonly FilterType[] = ['is_empty', 'not_empty', 'is_true', 'not_true'];
export const SORTINGS = ['asc', 'desc'] as const;

export type DataType = (typeof DATA_TYPES)[number];
export type FilterType = (typeof FILTER_TYPES)[number];
export type Sorting = (typeof SORTINGS)[number];

export interface CampaignSchedule {
	date: string;
	start_time: string;
	end_time: string;
	periods: { id: number; title: string };
	attempts: { id: number; title: string };
	interval: string;
}

export interface CampaignRequest {
	campaign: {
		project_id: number;
		name?: string;
		description?: string;
		start_block_id: number;
		schedule: CampaignSchedule;
		state?: string;
		phone_id: number;
	};
	phones?: Array<{ phone: string; add_data?: Record<string, unknown> }>;
}

export interface ReportColumn {
	id?: number;
	name?: string;
	display_name?: string;
	column_type?: string;
	data_type?: DataType;
	filter_type?: FilterType;
	filter_value?: string;
	sorting?: Sorting;
}

export interface ReportRequest {
	analytics_filter: {
		scenario_id: number;
		start_block_id: number;
		outgoing_campaign_id: number;
		date_start: string;
		date_end: string;
	};
	columns?: ReportColumn[];
}

/** A column of the report answer: `{ "field", "display_name", "type" }`. */
export interface ReportAnswerColumn {
	field: string;
	display_name: string;
	type: string;
}

type JsonType = 'integer' | 'string' | 'object' | 'array';

interface FieldRule {
	/** The field as a path in the body; `[]` stands for every element of an array. */
	field: string;
	type: JsonType;
	required?: boolean;
	/** A further rule in the document's words: answers what is wrong, or undefined. */
	check?: (value: never, parent: Record<string, unknown>) => string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(value: unknown, type: JsonType): string | undefined {
	switch (type) {
		case 'integer':
			if (typeof value !== 'number') return 'must be an integer number';
			return Number.isInteger(value) ? undefined : 'must be an integer';
		case 'string':
			return typeof value === 'string' ? undefined : 'must be a string';
		case 'object':
			return isObject(value) ? undefined : 'must be an object';
		case 'array':
			return Array.isArray(value) ? undefined : 'must be an array';
	}
}

function isCalendarDay(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD`, a day that exists. */
function isDocumentDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	return match !== null && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** `HH:MM` on a 24-hour clock. */
function isDocumentTime(value: string): boolean {
	return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** "ISO 8601 with milliseconds and `Z`", as in `2000-01-01T08:00:59.096Z`. */
function isDocumentInstant(value: string): boolean {
	const match = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/.exec(value);
	return match !== null && isDocumentDate(match[1]);
}

const oneOf = (allowed: readonly string[]) => (value: string) =>
	allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
const when = (test: (value: string) => boolean, message: string) => (value: string) => (test(value) ? undefined : message);

const ATTEMPT_TITLES = Array.from({ length: ATTEMPTS_RANGE.max - ATTEMPTS_RANGE.min + 1 }, (_, index) => String(ATTEMPTS_RANGE.min + index));

/** §2 "Create a call campaign", in the order of the document's table. */
const CAMPAIGN_RULES: readonly FieldRule[] = [
	{ field: 'campaign', type: 'object', required: true },
	{ field: 'campaign.project_id', type: 'integer', required: true },
	{ field: 'campaign.name', type: 'string' },
	{ field: 'campaign.description', type: 'string' },
	{ field: 'campaign.start_block_id', type: 'integer', required: true },
	{ field: 'campaign.schedule', type: 'object', required: true },
	{ field: 'campaign.state', type: 'string', check: when((value) => value === CAMPAIGN_STATE_CREATED, `must be "${CAMPAIGN_STATE_CREATED}"`) },
	{ field: 'campaign.phone_id', type: 'integer', required: true },
	{ field: 'campaign.schedule.date', type: 'string', required: true, check: when(isDocumentDate, 'must be a date written as YYYY-MM-DD') },
	{ field: 'campaign.schedule.start_time', type: 'string', required: true, check: when(isDocumentTime, 'must be a time written as HH:MM') },
	{ field: 'campaign.schedule.end_time', type: 'string', required: true, check: when(isDocumentTime, 'must be a time written as HH:MM') },
	{ field: 'campaign.schedule.periods', type: 'object', required: true },
	{ field: 'campaign.schedule.periods.id', type: 'integer', required: true, check: (value: number) => (value === PERIOD_ONCE.id ? undefined : `must be ${PERIOD_ONCE.id} (the only period, "${PERIOD_ONCE.title}")`) },
	{ field: 'campaign.schedule.periods.title', type: 'string', required: true, check: when((value) => value === PERIOD_ONCE.title, `must be "${PERIOD_ONCE.title}"`) },
	{ field: 'campaign.schedule.attempts', type: 'object', required: true },
	{ field: 'campaign.schedule.attempts.id', type: 'integer', required: true, check: (value: number) => (value >= ATTEMPTS_RANGE.min && value <= ATTEMPTS_RANGE.max ? undefined : `must be ${ATTEMPTS_RANGE.min} to ${ATTEMPTS_RANGE.max}`) },
	{
		field: 'campaign.schedule.attempts.title',
		type: 'string',
		required: true,
		check: (value: string, attempts) => {
			if (!ATTEMPT_TITLES.includes(value)) return `must be "${ATTEMPT_TITLES[0]}" to "${ATTEMPT_TITLES[ATTEMPT_TITLES.length - 1]}"`;
			return typeof attempts.id === 'number' && value !== String(attempts.id) ? 'must be the same number as attempts.id, written as a string' : undefined;
		},
	},
	{ field: 'campaign.schedule.interval', type: 'string', required: true, check: when((value) => /^\d+$/.test(value), 'must be a whole number of minutes written as a string') },
	{ field: 'phones', type: 'array' },
	{ field: 'phones[]', type: 'object' },
	{ field: 'phones[].phone', type: 'string', required: true, check: when((value) => value.trim() !== '', 'must not be empty') },
	{ field: 'phones[].add_data', type: 'object' },
];

/** §3 "Get campaign results", in the order of the document's table. */
const REPORT_RULES: readonly FieldRule[] = [
	{ field: 'analytics_filter', type: 'object', required: true },
	{ field: 'analytics_filter.scenario_id', type: 'integer', required: true },
	{ field: 'analytics_filter.start_block_id', type: 'integer', required: true },
	{ field: 'analytics_filter.outgoing_campaign_id', type: 'integer', required: true },
	{ field: 'analytics_filter.date_start', type: 'string', required: true, check: when(isDocumentInstant, 'must be ISO 8601 with milliseconds and Z') },
	{ field: 'analytics_filter.date_end', type: 'string', required: true, check: when(isDocumentInstant, 'must be ISO 8601 with milliseconds and Z') },
	{ field: 'columns', type: 'array' },
	{ field: 'columns[]', type: 'object' },
	{ field: 'columns[].id', type: 'integer' },
	{ field: 'columns[].name', type: 'string' },
	{ field: 'columns[].display_name', type: 'string' },
	{ field: 'columns[].column_type', type: 'string' },
	{ field: 'columns[].data_type', type: 'string', check: oneOf(DATA_TYPES) },
	{ field: 'columns[].filter_type', type: 'string', check: oneOf(FILTER_TYPES) },
	{ field: 'columns[].filter_value', type: 'string' },
	{ field: 'columns[].sorting', type: 'string', check: oneOf(SORTINGS) },
];

interface Located {
	path: string;
	parent: Record<string, unknown>;
	value: unknown;
}

/** Every place `field` names in `body`; places under a missing or mistyped parent are skipped (the parent's rule speaks). */
function locate(body: Record<string, unknown>, field: string): Located[] {
	let places: Located[] = [{ path: '', parent: {}, value: body }];
	for (const segment of field.split('.')) {
		const each = segment.endsWith('[]');
		const key = each ? segment.slice(0, -2) : segment;
		const next: Located[] = [];
		for (const place of places) {
			if (!isObject(place.value)) continue;
			const path = place.path ? `${place.path}.${key}` : key;
			const value = place.value[key];
			if (!each) next.push({ path, parent: place.value, value });
			else if (Array.isArray(value)) value.forEach((element, index) => next.push({ path: `${path}.${index}`, parent: place.value as Record<string, unknown>, value: element }));
		}
		places = next;
	}
	return places;
}

/** One `field: problem` line per broken rule, in the document's order; empty when the body follows the document. */
function checkAgainstRules(body: unknown, rules: readonly FieldRule[]): string[] {
	if (!isObject(body)) return ['request: the body must be a JSON object'];
	const problems: string[] = [];
	for (const rule of rules) {
		for (const place of locate(body, rule.field)) {
			if (place.value === undefined) {
				if (rule.required) problems.push(`${place.path}: is required`);
				continue;
			}
			const problem = typeProblem(place.value, rule.type) ?? rule.check?.(place.value as never, place.parent);
			if (problem) problems.push(`${place.path}: ${problem}`);
		}
	}
	return problems;
}

export const checkCampaignRequest = (body: unknown): string[] => checkAgainstRules(body, CAMPAIGN_RULES);
export const checkReportRequest = (body: unknown): string[] => checkAgainstRules(body, REPORT_RULES);
