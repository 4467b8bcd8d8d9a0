/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- a fake token the local simulator refuses */
/**
 * The editor's column lists of IS74 Analytics and IS74 Trigger, asked for as n8n's server asks: n8n-core's
 * own LoadOptionsContext, the credential, real HTTP to the simulator. And the values such a list stores
 * (or a name typed before it existed, or an expression) in real runs.
 */
import { ANALYTICS_TYPE, TRIGGER_TYPE, loadOptions, pollTrigger, runWorkflow } from '../../harness/engine';
import { analyticsNode, triggerParameters } from '../../harness/workflowNodes';
import { faults } from '../../simulator/server';
import { TOKEN, fakeDateOnly, loginCredential, tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator({ clock: () => new Date() });
const NOW = new Date('2030-05-01T06:30:15.250Z');
const DAY = '2030-05-01';

beforeAll(() => fakeDateOnly(NOW));
afterAll(() => jest.useRealTimers());

/** A campaign on DAY whose contacts carry scenario data, so its report has a column of its own. */
function seed(addData: Record<string, string> = { name: 'Client' }): number {
	return sim().seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Columns',
			start_block_id: 10,
			phone_id: 5,
			state: 'Создано',
			schedule: { date: DAY, start_time: '09:00', end_time: '12:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
		},
		phones: [{ phone: '+79120000001', add_data: addData }, { phone: '+79120000002', add_data: addData }],
	}).id;
}

const target = (campaignId: unknown) => ({ projectId: 1, scenarioId: 951, startBlockId: 10, campaignId });

/** The Analytics node's Columns → Name list, as the editor asks for it. */
async function analyticsColumns(parameters: Record<string, unknown>, credential: Record<string, string> = tokenCredential(sim())) {
	return await loadOptions({
		type: ANALYTICS_TYPE,
		method: 'getReportColumns',
		path: 'parameters.columns.column[0].name',
		parameters: { resource: 'report', operation: 'get', period: 'today', columnsMode: 'list', columns: { column: [{ name: '' }] }, ...parameters } as never,
		credential,
	});
}

const BASE_LIST = [
	{ name: 'Dialog ID', value: 'dialog_id', description: 'dialog_id, number' },
	{ name: 'Phone Number', value: 'phone_number', description: 'phone_number, text' },
	{ name: 'Call Time', value: 'call_time', description: 'call_time, datetime' },
	{ name: 'Status', value: 'status', description: 'status, text' },
	{ name: 'Duration', value: 'duration', description: 'duration, number' },
	{ name: 'Attempts', value: 'attempts', description: 'attempts, number' },
	{ name: 'Dialog', value: 'dialog', description: 'dialog, dialog' },
	{ name: 'Goal Reached', value: 'goal_reached', description: 'goal_reached, goal' },
];
/** A token the simulator does not know. */
const REJECTED_TOKEN = 'wrong-token-31337';
const TYPE_INSTEAD = 'Meanwhile a column name can still be typed: switch the field to Expression and enter it, for example phone_number.';

describe('the list', () => {
	test('one read of the last minute, all columns; display name shown, field stored', async () => {
		const id = seed();
		const list = await analyticsColumns(target(id));
		expect(list).toEqual([...BASE_LIST, { name: 'name', value: 'name', description: 'name, text' }]);
		const requests = sim().requests();
		expect(requests.map((entry) => [entry.method, entry.path, entry.status])).toEqual([['POST', '/api/analytics/1/report', 200]]);
		expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(requests[0].body).toEqual({
			analytics_filter: { scenario_id: 951, start_block_id: 10, outgoing_campaign_id: id, date_start: '2030-05-01T06:29:15.250Z', date_end: '2030-05-01T06:30:15.250Z' },
			columns: [],
		});
	});

	test('the Trigger lists the same columns for its fields and for its de-duplication fields', async () => {
		const id = seed();
		const parameters = { ...triggerParameters(id), dedupeFields: ['phone_number', 'call_time'] };
		const ask = (path: string) => loadOptions({ type: TRIGGER_TYPE, typeVersion: 2, method: 'getReportColumns', path, parameters, credential: tokenCredential(sim()) });
		const expected = [...BASE_LIST, { name: 'name', value: 'name', description: 'name, text' }];
		expect(await ask('parameters.dedupeFields')).toEqual(expected);
		expect(await ask('parameters.columns.column[0].name')).toEqual(expected);
		expect(sim().requests().map((entry) => entry.path)).toEqual(['/api/analytics/1/report', '/api/analytics/1/report']);
	});

	test('another campaign above, another list: the list follows the fields it depends on', async () => {
		const first = seed({ name: 'Client' });
		const second = seed({ tariff: 'Basic' });
		expect((await analyticsColumns(target(first))).map((entry) => entry.value)).toContain('name');
		const list = await analyticsColumns(target(second));
		expect(list.map((entry) => entry.value)).toEqual([...BASE_LIST.map((entry) => entry.value), 'tariff']);
	});

	test('an answer naming more than 1,000 columns: the first 1,000, in its order, then one entry that says the list was cut', async () => {
		const columns = Array.from({ length: 1_500 }, (_, index) => ({ field: `f${index}`, display_name: `Field ${index}`, type: 'text' }));
		sim().script('report', { status: 200, body: JSON.stringify({ columns, data: [], count: 0 }) });
		const list = await analyticsColumns(target(9));
		expect(list).toHaveLength(1_001);
		expect(list.slice(0, 1_000)).toEqual(columns.slice(0, 1_000).map((column) => ({ name: column.display_name, value: column.field, description: `${column.field}, text` })));
		expect(list[1_000]).toEqual({
			name: 'List cut at 1,000 of 1,500 columns',
			value: '',
			description: 'The list shows the first 1,000 columns the IS74 API named, in its order. A column further on can still be typed: switch the field to Expression and enter its field name.',
		});
	});

	test('a login-and-password credential logs in, then reads', async () => {
		const id = seed();
		const list = await analyticsColumns(target(id), loginCredential(sim()));
		expect(list.map((entry) => entry.value)).toEqual([...BASE_LIST.map((entry) => entry.value), 'name']);
		expect(sim().requests().map((entry) => entry.route)).toEqual(['login', 'report']);
	});
});

describe('one entry that says why, instead of a list', () => {
	test('fields above left empty: nothing is sent', async () => {
		const list = await analyticsColumns({ projectId: 1, scenarioId: '', startBlockId: 10, campaignId: 0 });
		expect(list).toEqual([
			{ name: 'Enter the Scenario ID and Campaign ID above to list the columns', value: '', description: `The columns are read from the IS74 API for that campaign. ${TYPE_INSTEAD}` },
		]);
		expect(sim().requests()).toEqual([]);
	});

	test('a field above that is an expression the editor could not work out counts as empty', async () => {
		const list = await analyticsColumns({ ...target('={{ $json.campaignId }}') });
		expect(list[0].name).toBe('Enter the Campaign ID above to list the columns');
		expect(sim().requests()).toEqual([]);
	});

	test('an invalid field above: named, with its fix; nothing is sent', async () => {
		const list = await analyticsColumns({ ...target(5), projectId: -3 });
		expect(list).toEqual([
			{ name: 'Invalid Project ID (path project_id): must be a positive whole number', value: '', description: `Use the project ID your IS74 manager gave you. ${TYPE_INSTEAD}` },
		]);
		expect(sim().requests()).toEqual([]);
	});

	test('the API refuses the token: its status and message, and what to check', async () => {
		const id = seed();
		const list = await analyticsColumns(target(id), tokenCredential(sim(), { accessToken: REJECTED_TOKEN }));
		expect(list).toEqual([
			{
				name: `IS74 API could not list the columns of campaign ${id}: HTTP 401 — Unauthenticated.`,
				value: '',
				description: `The token was rejected. Check the IS74 credential (for login and password, n8n already logged in again once). ${TYPE_INSTEAD}`,
			},
		]);
		expect(JSON.stringify(list)).not.toContain(REJECTED_TOKEN);
		// n8n 2.x itself sends a rejected access token a second time before failing (README, Compatibility).
		expect(sim().requests().map((entry) => [entry.route, entry.status])).toEqual([
			['report', 401],
			['report', 401],
		]);
	});

	test('an answer that echoes the token shows it scrubbed', async () => {
		const id = seed();
		sim().script('report', faults.serverError(400, `token ${TOKEN} may not read project 1`));
		const list = await analyticsColumns(target(id));
		expect(list).toEqual([
			{
				name: `IS74 API could not list the columns of campaign ${id}: HTTP 400 — token *** may not read project 1`,
				value: '',
				description: `The API refused the request as sent; the message above names the problem. ${TYPE_INSTEAD}`,
			},
		]);
		expect(JSON.stringify(list)).not.toContain(TOKEN);
		expect(sim().requests('report')).toHaveLength(1);
	});

	test('columns that echo the token: a display name is shown scrubbed; a field (what picking stores) that holds it is not offered, and one entry says so', async () => {
		const columns = [
			{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
			{ field: 'note', display_name: `Note for ${TOKEN}`, type: `text ${TOKEN}` },
			{ field: `echo ${TOKEN}`, display_name: `echo ${TOKEN}`, type: 'text' },
			{ field: `x_${TOKEN.slice(2, 10)}_y`, display_name: 'Harmless label', type: 'text' },
		];
		sim().script('report', { status: 200, body: JSON.stringify({ columns, data: [], count: 0 }) });
		const list = await analyticsColumns(target(9));
		// Picking a field that holds the token would store the token in the workflow: not in the list at all.
		expect(list).toEqual([
			{ name: 'Phone Number', value: 'phone_number', description: 'phone_number, text' },
			{ name: 'Note for ***', value: 'note', description: 'note, text ***' },
			{
				name: "2 columns not listed: their field names hold part of this credential's secret",
				value: '',
				description:
					"The IS74 API named these columns with 8 or more characters of the token, password or login of this credential. Picking one would store that secret in the workflow, so they are not offered. Rename the scenario's fields on the platform.",
			},
		]);
		expect(JSON.stringify(list)).not.toContain(TOKEN.slice(2, 10));
	});

	test('every column echoes the token: only the entry that says why', async () => {
		sim().script('report', { status: 200, body: JSON.stringify({ columns: [{ field: TOKEN, display_name: TOKEN, type: 'text' }], data: [], count: 0 }) });
		expect(await analyticsColumns(target(9))).toEqual([
			{
				name: "1 column not listed: its field name holds part of this credential's secret",
				value: '',
				description:
					"The IS74 API named this column with 8 or more characters of the token, password or login of this credential. Picking it would store that secret in the workflow, so it is not offered. Rename the scenario's field on the platform.",
			},
		]);
	});

	test('an unreachable API', async () => {
		const list = await analyticsColumns(target(7), tokenCredential(sim(), { baseUrl: 'http://127.0.0.1:1' }));
		expect(list).toEqual([
			{
				name: 'IS74 API could not list the columns of campaign 7: the server refused the connection',
				value: '',
				description: `Network error ECONNREFUSED after 2 attempts. Check the Base URL of the credential and the network. ${TYPE_INSTEAD}`,
			},
		]);
	});

	test('an answer without columns', async () => {
		sim().script('report', { status: 200, body: '{"data": [], "count": 0}' });
		const list = await analyticsColumns(target(8));
		expect(list).toEqual([
			{ name: 'The IS74 API listed no columns for campaign 8', value: '', description: `Check the Scenario ID (scenario_id) and Scenario Start Block ID (start_block_id). ${TYPE_INSTEAD}` },
		]);
	});
});

describe('what the fields store runs', () => {
	test('Analytics: a name picked from the list, a name typed before the list existed, and an expression', async () => {
		const id = seed();
		const result = await runWorkflow({
			items: [{ wanted: 'call_time' }],
			nodes: [
				analyticsNode({
					campaignId: id,
					start: `${DAY}T00:00:00`,
					end: `${DAY}T23:59:59`,
					columns: { column: [{ name: 'phone_number' }, { name: 'name' }, { name: '={{ $json.wanted }}', sorting: 'desc' }] },
				}),
			],
			credential: tokenCredential(sim()),
		});
		expect(result.error).toBeUndefined();
		expect((sim().requests('report')[0].body as { columns: unknown }).columns).toEqual([
			{ name: 'phone_number', column_type: 'field' },
			{ name: 'name', column_type: 'field' },
			{ name: 'call_time', column_type: 'field', sorting: 'desc' },
		]);
		expect(result.output['IS74 Analytics'].map((item) => Object.keys(item.json))).toEqual([
			['phone_number', 'name', 'call_time'],
			['phone_number', 'name', 'call_time'],
		]);
	});

	test.each([
		['version 2, fields picked from the list', 2, ['phone_number', 'call_time']],
		['version 2, an expression', 2, '={{ "phone_number" + ", call_time" }}'],
		['version 1, the typed list its workflows saved', 1, 'phone_number, call_time'],
	])('Trigger: %s', async (_, typeVersion, dedupeFields) => {
		const id = seed();
		jest.setSystemTime(new Date(`${DAY}T07:30:00.000Z`));
		try {
			const parameters = { ...triggerParameters(id, { lookBackHours: 4 }), dedupeFields } as never;
			const first = await pollTrigger({ parameters, credential: tokenCredential(sim()), typeVersion });
			expect(first.error).toBeUndefined();
			expect(first.items?.map((item) => item.json.phone_number)).toEqual(['+79120000001', '+79120000002']);
			const again = await pollTrigger({ parameters, credential: tokenCredential(sim()), typeVersion, staticData: first.staticData });
			expect(again.items).toBeNull();
		} finally {
			jest.setSystemTime(NOW);
		}
	});

	test('Trigger version 2: a field picked in the list but not among the columns is refused before any request', async () => {
		const id = seed();
		const parameters = { ...triggerParameters(id), dedupeFields: ['phone_number', 'dialog_id'] } as never;
		const result = await pollTrigger({ parameters, credential: tokenCredential(sim()), typeVersion: 2 });
		expect(result.error?.message).toBe('Invalid Fields Identifying a Dialog: dialog_id is not among the requested columns (phone_number, call_time, status)');
		expect(sim().requests()).toEqual([]);
	});
});
