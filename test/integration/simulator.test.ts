import { sleep } from 'n8n-workflow';

import { LOGIN, TOKEN, useSimulator } from '../support/simulator';
import { faults } from '../../simulator/server';

const sim = useSimulator();
/** A report request the simulator answers (the campaign need not exist). */
const report = { analytics_filter: { scenario_id: 1, start_block_id: 1, outgoing_campaign_id: 1, date_start: '2030-01-01T00:00:00.000Z', date_end: '2030-01-02T00:00:00.000Z' } };

async function post(path: string, body: unknown, token: string | null = TOKEN, raw?: string) {
	const response = await fetch(`${sim().url}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: raw ?? JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json: json as Record<string, unknown>, text, headers: response.headers };
}

const schedule = { date: '2030-05-01', start_time: '09:00', end_time: '10:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '5' };
const valid = {
	campaign: { project_id: 1, name: 'N', description: 'D', start_block_id: 10, schedule, state: 'Создано', phone_id: 5 },
	phones: [
		{ phone: '+79120000001', add_data: { name: 'Иван' } },
		{ phone: '+79120000002', add_data: { name: 'Анна' } },
		{ phone: '+79120000003', add_data: { name: 'Пётр' } },
	],
};
const withCampaign = (change: Record<string, unknown>) => ({ ...valid, campaign: { ...valid.campaign, ...change } });
const withSchedule = (change: Record<string, unknown>) => withCampaign({ schedule: { ...schedule, ...change } });

describe('authentication', () => {
	test('missing or wrong bearer token is 401', async () => {
		expect((await post('/api/campaigns', valid, null)).status).toBe(401);
		expect((await post('/api/campaigns', valid, 'nope')).status).toBe(401);
		expect(sim().campaigns.size).toBe(0);
	});

	test('login issues a token that works; wrong password is 401; missing fields 422', async () => {
		const ok = await post('/api/login', LOGIN, null);
		expect(ok.status).toBe(200);
		const token = ok.json.token as string;
		expect((await post('/api/analytics/1/report', report, token)).status).toBe(200);
		expect((await post('/api/login', { ...LOGIN, password: 'x' }, null)).status).toBe(401);
		const missing = await post('/api/login', { login: 'a' }, null);
		expect(missing.status).toBe(422);
		expect(missing.json.errors).toEqual({ password: ['is required'] });
	});

	test('login tokens expire after N calls', async () => {
		sim().expireTokensAfter(1);
		const token = (await post('/api/login', LOGIN, null)).json.token as string;
		expect((await post('/api/campaigns', valid, token)).status).toBe(200);
		expect((await post('/api/campaigns', valid, token)).status).toBe(401);
	});
});

describe('POST /api/campaigns validation', () => {
	test('a valid campaign gets increasing IDs', async () => {
		const first = await post('/api/campaigns', valid);
		const second = await post('/api/campaigns', valid);
		expect(first).toMatchObject({ status: 200, json: { campaign: { id: expect.any(Number) } } });
		expect((second.json.campaign as { id: number }).id).toBe((first.json.campaign as { id: number }).id + 1);
	});

	test.each([
		['malformed JSON', undefined, '{"campaign": ', 400, 'not valid JSON'],
		['project_id missing', withCampaign({ project_id: undefined }), undefined, 422, 'campaign.project_id: is required'],
		['project_id as text', withCampaign({ project_id: '1' }), undefined, 422, 'campaign.project_id: must be an integer number'],
		['start_block_id fractional', withCampaign({ start_block_id: 1.5 }), undefined, 422, 'campaign.start_block_id: must be an integer'],
		['phone_id missing', withCampaign({ phone_id: undefined }), undefined, 422, 'campaign.phone_id: is required'],
		['schedule missing', withCampaign({ schedule: undefined }), undefined, 422, 'campaign.schedule: is required'],
		['state not Создано', withCampaign({ state: 'Created' }), undefined, 422, 'campaign.state'],
		['date format', withSchedule({ date: '01.05.2030' }), undefined, 422, 'campaign.schedule.date: must be a date written as YYYY-MM-DD'],
		['impossible date', withSchedule({ date: '2030-02-30' }), undefined, 422, 'campaign.schedule.date'],
		['start_time format', withSchedule({ start_time: '9:00' }), undefined, 422, 'campaign.schedule.start_time: must be a time written as HH:MM'],
		['end_time format', withSchedule({ end_time: '25:00' }), undefined, 422, 'campaign.schedule.end_time'],
		['periods other than once', withSchedule({ periods: { id: 2, title: 'Ежедневно' } }), undefined, 422, 'campaign.schedule.periods.id'],
		['attempts id 0', withSchedule({ attempts: { id: 0, title: '0' } }), undefined, 422, 'campaign.schedule.attempts.id: must be 1 to 5'],
		['attempts id 6', withSchedule({ attempts: { id: 6, title: '6' } }), undefined, 422, 'campaign.schedule.attempts.id: must be 1 to 5'],
		['attempts title mismatch', withSchedule({ attempts: { id: 2, title: '3' } }), undefined, 422, 'campaign.schedule.attempts.title: must be the same number as attempts.id'],
		['interval as number', withSchedule({ interval: 5 }), undefined, 422, 'campaign.schedule.interval'],
		['phone empty', { ...valid, phones: [{ phone: '' }] }, undefined, 422, 'phones.0.phone: must not be empty'],
		// The document says add_data is `{key: value}` pairs and leaves the values open: only a non-object is refused.
		['add_data not an object', { ...valid, phones: [{ phone: '+79120000001', add_data: ['a'] }] }, undefined, 422, 'phones.0.add_data: must be an object'],
	])('%s is refused naming the field', async (_case, body, raw, status, message) => {
		const before = sim().campaigns.size;
		const response = await post('/api/campaigns', body, TOKEN, raw);
		expect(response.status).toBe(status);
		expect(response.json.message).toContain(message);
		expect(sim().campaigns.size).toBe(before);
	});
});

describe('POST /api/analytics/{project_id}/report', () => {
	const window = { date_start: '2030-05-01T00:00:00.000Z', date_end: '2030-05-01T23:59:59.999Z' };
	let campaignId: number;
	beforeEach(() => {
		campaignId = sim().seedCampaign(valid).id;
	});
	const filter = () => ({ scenario_id: 951, start_block_id: 10, outgoing_campaign_id: campaignId, ...window });

	test('one row per phone, all columns by default, totals computed from the rows', async () => {
		const { status, json } = await post('/api/analytics/1/report', { analytics_filter: filter() });
		expect(status).toBe(200);
		const data = json.data as Array<Record<string, unknown>>;
		expect(data.map((row) => row.phone_number)).toEqual(['+79120000001', '+79120000002', '+79120000003']);
		expect(Object.keys(data[0])).toEqual(['dialog_id', 'phone_number', 'call_time', 'status', 'duration', 'attempts', 'dialog', 'goal_reached', 'name']);
		const total = data.reduce((sum, row) => sum + (row.duration as number), 0);
		expect(json).toMatchObject({ count: 3, total_duration: total, avg_duration: Math.round((total / 3) * 100) / 100 });
		for (const row of data) {
			// 09:00–10:00 in UTC+5 is 04:00–05:00 UTC.
			expect(row.call_time as string >= '2030-05-01T04:00:00.000Z' && (row.call_time as string) < '2030-05-01T05:00:00.000Z').toBe(true);
		}
	});

	test('honours columns, display names, filters and sorting', async () => {
		const { json } = await post('/api/analytics/1/report', {
			analytics_filter: filter(),
			columns: [
				{ name: 'phone_number', display_name: 'Телефон', sorting: 'desc' },
				{ name: 'name', filter_type: 'contains', filter_value: 'а' },
			],
		});
		expect(json.columns).toEqual([
			{ field: 'phone_number', display_name: 'Телефон', type: 'text' },
			{ field: 'name', display_name: 'name', type: 'text' },
		]);
		expect(json.data).toEqual([
			{ phone_number: '+79120000002', name: 'Анна' },
			{ phone_number: '+79120000001', name: 'Иван' },
		]);
	});

	test.each([
		['equal', 'Анна', 1],
		['starts_with', 'и', 1],
		['ends_with', 'р', 1],
		['is_empty', undefined, 0],
		['not_empty', undefined, 3],
	])('filter %s', async (filterType, value, count) => {
		const column = { name: 'name', filter_type: filterType, ...(value === undefined ? {} : { filter_value: value }) };
		expect((await post('/api/analytics/1/report', { analytics_filter: filter(), columns: [column] })).json.count).toBe(count);
	});

	test('is_true / not_true split goal_reached; data_type selects a set of columns', async () => {
		const yes = (await post('/api/analytics/1/report', { analytics_filter: filter(), columns: [{ name: 'goal_reached', filter_type: 'is_true' }] })).json.count as number;
		const no = (await post('/api/analytics/1/report', { analytics_filter: filter(), columns: [{ name: 'goal_reached', filter_type: 'not_true' }] })).json.count as number;
		expect(yes + no).toBe(3);
		const numbers = await post('/api/analytics/1/report', { analytics_filter: filter(), columns: [{ data_type: 'number' }] });
		expect((numbers.json.columns as Array<{ field: string }>).map((column) => column.field)).toEqual(['dialog_id', 'duration', 'attempts']);
	});

	test('the date window, the project and the start block restrict the rows', async () => {
		const outside = { ...filter(), date_start: '2030-05-02T00:00:00.000Z', date_end: '2030-05-03T00:00:00.000Z' };
		expect((await post('/api/analytics/1/report', { analytics_filter: outside })).json.count).toBe(0);
		expect((await post('/api/analytics/2/report', { analytics_filter: filter() })).json.count).toBe(0);
		expect((await post('/api/analytics/1/report', { analytics_filter: { ...filter(), start_block_id: 11 } })).json.count).toBe(0);
	});

	test.each([
		['date_start without milliseconds', { date_start: '2030-05-01T00:00:00Z' }, undefined, 'analytics_filter.date_start: must be ISO 8601 with milliseconds and Z'],
		['scenario_id missing', { scenario_id: undefined }, undefined, 'analytics_filter.scenario_id: is required'],
		['outgoing_campaign_id as text', { outgoing_campaign_id: '5' }, undefined, 'analytics_filter.outgoing_campaign_id'],
		['end before start', { date_end: '2030-04-30T00:00:00.000Z' }, undefined, 'analytics_filter.date_end: must not be before date_start'],
		['unknown data_type', {}, [{ name: 'x', data_type: 'money' }], 'columns.0.data_type'],
		['unknown filter_type', {}, [{ name: 'status', filter_type: 'like' }], 'columns.0.filter_type'],
		['filter without value', {}, [{ name: 'status', filter_type: 'equal' }], 'columns.0.filter_value: is required for filter_type equal'],
		['unknown column', {}, [{ name: 'salary' }], 'columns.0.name: unknown column "salary"'],
		['bad sorting', {}, [{ name: 'status', sorting: 'up' }], 'columns.0.sorting'],
	])('%s is refused naming the field', async (_case, change, columns, message) => {
		const response = await post('/api/analytics/1/report', { analytics_filter: { ...filter(), ...change }, ...(columns ? { columns } : {}) });
		expect(response.status).toBe(422);
		expect(response.json.message).toContain(message);
	});

	test('a non-numeric project in the path is refused', async () => {
		const response = await post('/api/analytics/abc/report', { analytics_filter: filter() });
		expect(response.status).toBe(422);
		expect(response.json.message).toContain('project_id');
	});
});

describe('test controls', () => {
	test('scripted statuses are used in order, then normal handling resumes; everything is logged', async () => {
		sim().script('campaigns', faults.rateLimited(7), faults.htmlError(502));
		const first = await post('/api/campaigns', valid);
		expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
		const second = await post('/api/campaigns', valid);
		expect([second.status, second.text]).toEqual([502, expect.stringContaining('<h1>502 Bad Gateway</h1>')]);
		expect((await post('/api/campaigns', valid)).status).toBe(200);
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([429, 502, 200]);
		expect(sim().requests('campaigns')[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(sim().requests('campaigns')[0].body).toEqual(valid);
	});

	test('a reset after handling creates the campaign but gives no answer', async () => {
		const before = sim().campaigns.size;
		sim().script('campaigns', faults.reset(true));
		await expect(post('/api/campaigns', valid)).rejects.toThrow();
		expect(sim().campaigns.size).toBe(before + 1);
	});

	/** Sends a request that will still be waiting when the test resets; its status, or "closed". */
	const sentBeforeReset = (path: string, body: unknown) => post(path, body).then((answer) => answer.status, () => 'closed');
	/** A latency no test waits out (jest gives a test 60 s): a request given it ends only by a reset. */
	const LONGER_THAN_A_TEST = 600_000;
	/** Until the simulator has logged `count` requests (it logs one on arrival, before any latency): no guess at a sleep. */
	async function arrived(count: number): Promise<void> {
		while (sim().requests().length < count) await sleep(5);
	}

	// A request still waiting out a latency when the test that sent it has ended (its client gave up)
	// must not take a step scripted afterwards for the next test's request: CI saw a budget test get a
	// normal answer because such a late request had taken its 503.
	test('a scripted step goes to the next request to arrive, not to one still waiting out a latency', async () => {
		// Far longer than the test may run: the reset must end the waiting request at once.
		sim().setReportLatency(() => LONGER_THAN_A_TEST);
		const late = sentBeforeReset('/api/analytics/1/report', report);
		await arrived(1);
		sim().reset();
		sim().script('report', faults.htmlError(503));
		const lateStatus = await late;
		const next = await post('/api/analytics/1/report', report);
		expect([lateStatus, next.status]).toEqual(['closed', 503]);
	});

	// Within one test, the scripted step is the next request's to arrive too: one that arrived earlier and
	// is still waiting out a latency does not take it when it wakes.
	test('a step scripted while a request waits out a latency goes to the next request, not to the waiting one', async () => {
		sim().setLatency('report', 3_000);
		const waiting = post('/api/analytics/1/report', report);
		await arrived(1);
		sim().script('report', faults.htmlError(503));
		const next = await post('/api/analytics/1/report', report);
		expect([(await waiting).status, next.status]).toEqual([200, 503]);
	});

	// Such a request belongs to the test that sent it: once a reset has begun the next test, waking up
	// must not create a campaign there, run that test's report latency (a callback that may move its
	// clock) or answer at all; it is dropped, as the test that waited for it has ended.
	test('a request that arrived before a reset and wakes after it acts on nothing', async () => {
		const before = sim().campaigns.size;
		sim().setLatency('campaigns', LONGER_THAN_A_TEST);
		sim().setLatency('report', LONGER_THAN_A_TEST);
		const late = [sentBeforeReset('/api/campaigns', valid), sentBeforeReset('/api/analytics/1/report', report)];
		await arrived(2);
		sim().reset();
		const latencyAsked: number[] = [];
		sim().setReportLatency((period) => {
			latencyAsked.push(period);
			return 0;
		});
		const statuses = await Promise.all(late);
		expect([statuses, sim().campaigns.size - before, latencyAsked, sim().requests()]).toEqual([['closed', 'closed'], 0, [], []]);
	});

	test('a large report streams the requested number of rows with totals', async () => {
		sim().setLargeReport(12_345);
		const { json } = await post('/api/analytics/1/report', report);
		expect((json.data as unknown[]).length).toBe(12_345);
		expect(json.count).toBe(12_345);
	});
});
