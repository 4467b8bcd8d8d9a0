/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- reads example files; fake credentials for the local simulator */
/**
 * End to end in a real n8n (2.41.1, or the version IS74_N8N_VERSION names): the packed package installed under ~/.n8n/nodes, workflows imported
 * and run headlessly with `n8n execute`, the IS74 API simulator answering on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

import { faults, startSimulator, type Is74Simulator } from '../../simulator/server';
import { N8N_LINE, N8nInstance, ROOT, nodeOutput } from '../../harness/n8nInstance';

const TOKEN = 'e2e-token-5c1d';
const ACCOUNT = { login: 'e2e@example.ru', password: 'E2e-Secret-Pass-9' };
const ZONE = 'Asia/Yekaterinburg';
const TOMORROW = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate() as string;

let sim: Is74Simulator;
let n8n: N8nInstance;

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN], accounts: [ACCOUNT] });
	n8n = await N8nInstance.create('workflows');
	await n8n.importCredentials([
		{ id: 'is74demo00000001', name: 'IS74 Simulator', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } },
		{ id: 'is74login0000001', name: 'IS74 Login', type: 'is74Api', data: { baseUrl: `${sim.url}/api/`, authentication: 'loginPassword', ...ACCOUNT, loginPath: '/api/login', sessionToken: '' } },
		{ id: 'is74badtok000001', name: 'IS74 Wrong Token', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: 'Wrong-Token-e2e-77', loginPath: '/api/login', sessionToken: '' } },
	]);
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

beforeEach(() => sim.reset());

type Node = { id: string; name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown>; credentials?: unknown; onError?: string };

function workflow(id: string, nodes: Node[]) {
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1', timezone: ZONE }, pinData: {} };
}

const manual: Node = { id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const contacts = (list: object[]): Node => ({
	id: 'c',
	name: 'Contacts',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
	parameters: { jsCode: `return ${JSON.stringify(list)}.map((json) => ({ json }));` },
});
const campaign = (parameters: Record<string, unknown> = {}, credential = 'is74demo00000001', onError?: string): Node => ({
	id: 'k',
	name: 'IS74 Campaign',
	type: 'n8n-nodes-is74.is74Campaign',
	typeVersion: 1,
	position: [400, 0],
	credentials: { is74Api: { id: credential, name: 'IS74' } },
	...(onError ? { onError } : {}),
	parameters: {
		resource: 'campaign',
		operation: 'create',
		projectId: 1,
		startBlockId: 10,
		phoneId: 5,
		campaignName: 'E2E survey',
		date: "={{ $now.plus({ days: 1 }).toFormat('yyyy-MM-dd') }}",
		startTime: '09:00',
		endTime: '18:00',
		attempts: 2,
		intervalMinutes: 5,
		recipientsMode: 'allItems',
		phone: '={{ $json.phone }}',
		scenarioDataMode: 'fields',
		scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] },
		options: { invalidPhones: 'skip' },
		...parameters,
	},
});

const analyticsNode = (parameters: Record<string, unknown>): Node => ({
	id: 'a',
	name: 'IS74 Analytics',
	type: 'n8n-nodes-is74.is74Analytics',
	typeVersion: 1,
	position: [600, 0],
	credentials: { is74Api: { id: 'is74demo00000001', name: 'IS74' } },
	parameters: { resource: 'report', operation: 'get', projectId: 1, scenarioId: 951, startBlockId: 10, period: 'custom', columnsMode: 'list', output: 'rows', ...parameters },
});

const crmContacts = [
	{ phone: '8 (912) 555-00-01', name: 'Иванов Иван' },
	{ phone: '+7 912 555-00-02', name: 'Петрова Анна' },
	{ phone: '89125550001', name: 'Дубль' },
	{ phone: '12-34', name: 'Ошибка' },
	{ phone: '9125550003', name: 'Сидоров Пётр' },
];
const expectedPhones = [
	{ phone: '+79125550001', add_data: { name: 'Иванов Иван' } },
	{ phone: '+79125550002', add_data: { name: 'Петрова Анна' } },
	{ phone: '+79125550003', add_data: { name: 'Сидоров Пётр' } },
];
const header = {
	project_id: 1,
	name: 'E2E survey',
	description: '',
	start_block_id: 10,
	schedule: { date: TOMORROW, start_time: '09:00', end_time: '18:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 2, title: '2' }, interval: '5' },
	state: 'Создано',
	phone_id: 5,
};

test('contacts → IS74 Campaign → IS74 Analytics with the campaign ID by expression', async () => {
	const analytics = analyticsNode({
		campaignId: '={{ $json.campaignId }}',
		start: '={{ $json.schedule.date }}T00:00:00',
		end: '={{ $json.schedule.date }}T23:59:59',
		columns: { column: [{ name: 'phone_number', sorting: 'asc' }, { name: 'name' }] },
	});
	await n8n.importWorkflows([workflow('e2eChain00000001', [manual, contacts(crmContacts), campaign(), analytics])]);
	const result = await n8n.execute('e2eChain00000001');
	expect(result.code).toBe(0);
	expect(result.run?.status).toBe('success');

	const created = sim.requests('campaigns');
	expect(created).toHaveLength(1);
	expect(created[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(created[0].body).toEqual({ campaign: header, phones: expectedPhones });
	const campaignId = [...sim.campaigns.keys()].pop();

	const [campaignItem] = nodeOutput(result, 'IS74 Campaign');
	expect(campaignItem.json).toMatchObject({ campaignId, recipientsSent: 3, duplicatesRemoved: 1, rejectedPhones: [{ itemIndex: 3, value: '12-34' }] });
	expect(campaignItem.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }, { item: 4 }]);

	const report = sim.requests('report');
	expect(report).toHaveLength(1);
	expect(report[0].path).toBe('/api/analytics/1/report');
	expect((report[0].body as { analytics_filter: Record<string, unknown> }).analytics_filter).toEqual({
		scenario_id: 951,
		start_block_id: 10,
		outgoing_campaign_id: campaignId,
		date_start: DateTime.fromISO(`${TOMORROW}T00:00:00`, { zone: ZONE }).toUTC().toISO(),
		date_end: DateTime.fromISO(`${TOMORROW}T23:59:59.999`, { zone: ZONE }).toUTC().toISO(),
	});
	expect(nodeOutput(result, 'IS74 Analytics').map((item) => item.json)).toEqual([
		{ phone_number: '+79125550001', name: 'Иванов Иван' },
		{ phone_number: '+79125550002', name: 'Петрова Анна' },
		{ phone_number: '+79125550003', name: 'Сидоров Пётр' },
	]);
}, 300_000);

test('login-and-password credential: one login, then exactly one re-login when the token expires', async () => {
	await n8n.importWorkflows([workflow('e2eLogin00000001', [manual, contacts(crmContacts.slice(0, 1)), campaign({}, 'is74login0000001')])]);
	const first = await n8n.execute('e2eLogin00000001');
	expect(first.code).toBe(0);
	expect(sim.log.map((entry) => [entry.route, entry.status])).toEqual([
		['login', 200],
		['campaigns', 200],
	]);
	expect(sim.log[0].body).toEqual(ACCOUNT);

	sim.reset();
	sim.expireIssuedTokens();
	const second = await n8n.execute('e2eLogin00000001');
	expect(second.code).toBe(0);
	expect(sim.log.map((entry) => [entry.route, entry.status])).toEqual([
		['campaigns', 401],
		['login', 200],
		['campaigns', 200],
	]);
	const issued = (sim.log[2].headers.authorization ?? '').replace('Bearer ', '');
	for (const output of [first, second]) {
		for (const secret of [ACCOUNT.password, issued]) expect(output.stdout + output.stderr).not.toContain(secret);
	}
}, 300_000);

test("a Campaign Name read by $('Settings').first() from a Code node is sent as that node gave it", async () => {
	// n8n 1.123's default expression engine cannot copy a Code node's items into its sandbox and makes
	// such an expression empty; the node reads this form of expression itself, the same on every n8n.
	const settings: Node = { ...contacts([{ campaignTitle: 'Autumn survey' }]), id: 's', name: 'Settings', position: [100, 0] };
	const name = "={{ $('Settings').first().json.campaignTitle }}";
	await n8n.importWorkflows([workflow('e2eSettings00001', [manual, settings, contacts(crmContacts.slice(0, 2)), campaign({ campaignName: name })])]);
	const result = await n8n.execute('e2eSettings00001');
	expect(result.stdout + result.stderr).not.toContain('Invalid Campaign Name');
	expect(result.code).toBe(0);
	expect(sim.requests('campaigns').map((request) => request.body)).toEqual([{ campaign: { ...header, name: 'Autumn survey' }, phones: expectedPhones.slice(0, 2) }]);
}, 300_000);

test("per-item Phones and an Analytics Campaign ID read by $('Settings').first() from a Code node are used as that node gave them", async () => {
	// The same n8n 1.123 defect as above, for the other fields a workflow commonly takes from a settings node.
	const seeded = sim.seedCampaign({ campaign: { ...header }, phones: expectedPhones });
	const settings: Node = { ...contacts([{ phones: ['+79125550001', '+79125550002'], campaignId: seeded.id }]), id: 's', name: 'Settings', position: [100, 0] };
	const create = campaign({ recipientsMode: 'perItem', phoneList: "={{ $('Settings').first().json.phones }}", scenarioDataMode: 'none' });
	const report = {
		...analyticsNode({ campaignId: "={{ $('Settings').first().json.campaignId }}", start: `${TOMORROW}T00:00:00`, end: `${TOMORROW}T23:59:59`, columns: { column: [{ name: 'phone_number', sorting: 'asc' }] } }),
		position: [600, 0] as [number, number],
	};
	await n8n.importWorkflows([workflow('e2eSettings00002', [manual, settings, contacts(crmContacts.slice(0, 1)), create, report])]);
	const result = await n8n.execute('e2eSettings00002');
	expect(result.code).toBe(0);
	expect(sim.requests('campaigns').map((request) => request.body)).toEqual([
		{ campaign: header, phones: [{ phone: '+79125550001', add_data: {} }, { phone: '+79125550002', add_data: {} }] },
	]);
	expect(sim.requests('report').map((request) => (request.body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id)).toEqual([seeded.id]);
	expect(nodeOutput(result, 'IS74 Analytics').map((item) => item.json.phone_number)).toEqual(['+79125550001', '+79125550002', '+79125550003']);
}, 300_000);

test("the transport's rules hold in this n8n: a failed create is not resent and names the server's message, a read is retried and follows a same-origin redirect", async () => {
	sim.script('campaigns', { status: 422, body: JSON.stringify({ message: 'The phone_id field is invalid.' }) });
	await n8n.importWorkflows([workflow('e2eRefused000001', [manual, contacts(crmContacts.slice(0, 1)), campaign()])]);
	const refused = await n8n.execute('e2eRefused000001');
	expect(refused.code).toBe(1);
	expect(refused.stdout + refused.stderr).toContain('IS74 API could not create the campaign \\"E2E survey\\": HTTP 422 — The phone_id field is invalid.');
	expect(refused.stdout + refused.stderr).toContain('Nothing was created.');
	expect(sim.log.map((entry) => [entry.route, entry.status])).toEqual([['campaigns', 422]]);

	sim.reset();
	const seeded = sim.seedCampaign({ campaign: { ...header }, phones: expectedPhones });
	sim.script('report', faults.serverError(503), { status: 307, headers: { Location: `${sim.url}/api/analytics/1/report?moved=1` } });
	const report = analyticsNode({ campaignId: seeded.id, start: `${TOMORROW}T00:00:00`, end: `${TOMORROW}T23:59:59`, columns: { column: [{ name: 'phone_number', sorting: 'asc' }] } });
	await n8n.importWorkflows([workflow('e2eRetried000001', [manual, report])]);
	const read = await n8n.execute('e2eRetried000001');
	expect(read.code).toBe(0);
	expect(sim.log.map((entry) => [entry.path, entry.status])).toEqual([
		['/api/analytics/1/report', 503],
		['/api/analytics/1/report', 307],
		['/api/analytics/1/report', 200],
	]);
	expect(nodeOutput(read, 'IS74 Analytics').map((item) => item.json.phone_number)).toEqual(['+79125550001', '+79125550002', '+79125550003']);
}, 300_000);

test('a rejected access token is reported as such; n8n 2.x sends the request once more first (its re-login step), n8n 1.x does not', async () => {
	await n8n.importWorkflows([workflow('e2eBadToken00001', [manual, contacts(crmContacts.slice(0, 1)), campaign({}, 'is74badtok000001')])]);
	const before = sim.campaigns.size;
	const result = await n8n.execute('e2eBadToken00001');
	expect(result.code).toBe(1);
	expect(result.stdout + result.stderr).toContain('IS74 API could not create the campaign \\"E2E survey\\": HTTP 401');
	expect(result.stdout + result.stderr).not.toContain('Wrong-Token-e2e-77');
	expect(sim.log.map((entry) => [entry.route, entry.status])).toEqual(N8N_LINE >= 2 ? [['campaigns', 401], ['campaigns', 401]] : [['campaigns', 401]]);
	expect(sim.campaigns.size).toBe(before);
}, 300_000);

test('bad input stops the workflow with the clear message, and nothing is sent', async () => {
	await n8n.importWorkflows([workflow('e2eBadInput00001', [manual, contacts(crmContacts.slice(0, 2)), campaign({ endTime: '08:00' })])]);
	const result = await n8n.execute('e2eBadInput00001');
	expect(result.code).toBe(1);
	expect(result.stdout + result.stderr).toContain('Invalid End Time (schedule.end_time): must be after the start time 09:00');
	expect(sim.log).toHaveLength(0);
}, 300_000);

test('the same bad input with "continue on fail" gives an error item', async () => {
	await n8n.importWorkflows([workflow('e2eContinue00001', [manual, contacts(crmContacts.slice(0, 2)), campaign({ endTime: '08:00' }, 'is74demo00000001', 'continueRegularOutput')])]);
	const result = await n8n.execute('e2eContinue00001');
	expect(result.code).toBe(0);
	expect(nodeOutput(result, 'IS74 Campaign')).toEqual([
		{
			json: {
				error: 'Invalid End Time (schedule.end_time): must be after the start time 09:00',
				description: 'Item 0, field "End Time (schedule.end_time)", value "08:00". The daily window cannot cross midnight: set an end time later than the start time.',
			},
			pairedItem: [{ item: 0 }, { item: 1 }],
		},
	]);
	expect(sim.log).toHaveLength(0);
}, 300_000);

describe('example workflows', () => {
	const load = (file: string) => JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'));
	/** What contacts-to-campaign.json and campaign-wait-report.json send: one campaign, three people called. */
	const exampleCampaignBody = {
		campaign: {
			...header,
			name: 'Напоминание о задолженности',
			description: 'Создано в n8n',
			schedule: { ...header.schedule, interval: '30' },
		},
		phones: [
			{ phone: '+79125550001', add_data: { name: 'Иванов Иван', debt: 1200 } },
			{ phone: '+79125550002', add_data: { name: 'Петрова Анна', debt: 0 } },
			{ phone: '+79125550003', add_data: { name: 'Сидоров Пётр', debt: 560 } },
		],
	};

	test('contacts → one IS74 campaign', async () => {
		const example = load('contacts-to-campaign.json');
		await n8n.importWorkflows([example]);
		const result = await n8n.execute(example.id);
		expect(result.code).toBe(0);
		// The example's Russian sample data reaches the API exactly, through n8n's import, expressions and the request.
		expect(sim.requests('campaigns')[0].body).toEqual(exampleCampaignBody);
		expect(nodeOutput(result, 'Create call campaign')[0].json).toMatchObject({
			name: 'Напоминание о задолженности',
			recipientsSent: 3,
			duplicatesRemoved: 1,
			rejectedPhones: [{ itemIndex: 3, value: '12-34' }],
		});
	}, 300_000);

	test("every morning: yesterday's results → Google Sheets (fired by hand; the Sheets step replaced by a check of the rows)", async () => {
		const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate() as string;
		const seeded = sim.seedCampaign({
			campaign: { project_id: 1, name: 'Yesterday', start_block_id: 10, phone_id: 5, state: 'Создано', schedule: { ...header.schedule, date: yesterday } },
			phones: expectedPhones,
		});
		const example = load('morning-report-to-sheets.json');
		const report = example.nodes.find((node: Node) => node.type === 'n8n-nodes-is74.is74Analytics');
		report.parameters.campaignId = seeded.id;
		example.nodes = example.nodes.filter((node: Node) => node.type !== 'n8n-nodes-base.googleSheets');
		delete example.connections[report.name];
		// `n8n execute` cannot start at a Schedule Trigger: fire the morning run by hand instead.
		const trigger = example.nodes.find((node: Node) => node.type === 'n8n-nodes-base.scheduleTrigger');
		Object.assign(trigger, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		await n8n.importWorkflows([example]);
		const result = await n8n.execute(example.id);
		expect(result.code).toBe(0);
		const rows = nodeOutput(result, report.name).map((item) => item.json);
		const labels = ['Телефон', 'Время звонка', 'Статус', 'Длительность, с', 'Цель достигнута'];
		expect(rows.map((row) => row['Телефон'])).toEqual(['+79125550001', '+79125550002', '+79125550003']);
		expect(Object.keys(rows[0])).toEqual(labels);
		const request = sim.requests('report')[0].body as { analytics_filter: Record<string, unknown>; columns: Array<{ display_name?: string }> };
		expect(request.columns.map((column) => column.display_name)).toEqual(labels);
		const filter = request.analytics_filter;
		expect([filter.date_start, filter.date_end]).toEqual([
			DateTime.fromISO(yesterday, { zone: ZONE }).startOf('day').toUTC().toISO(),
			DateTime.fromISO(yesterday, { zone: ZONE }).endOf('day').toUTC().toISO(),
		]);
	}, 300_000);

	test('create a campaign, wait for its window to end, fetch its results (the Wait replaced by a pass-through)', async () => {
		const example = load('campaign-wait-report.json');
		const wait = example.nodes.find((node: Node) => node.type === 'n8n-nodes-base.wait');
		Object.assign(wait, { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });
		await n8n.importWorkflows([example]);
		const result = await n8n.execute(example.id);
		expect(result.code).toBe(0);
		expect(sim.requests('campaigns')[0].body).toEqual(exampleCampaignBody);
		const campaignId = [...sim.campaigns.keys()].pop();
		expect((sim.requests('report')[0].body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id).toBe(campaignId);
		expect(nodeOutput(result, 'Campaign results').map((item) => [item.json.phone_number, item.json.name])).toEqual([
			['+79125550001', 'Иванов Иван'],
			['+79125550002', 'Петрова Анна'],
			['+79125550003', 'Сидоров Пётр'],
		]);
	}, 300_000);
});
