import { DateTime } from 'luxon';

import { faults } from '../../simulator/server';
import { DEFAULT_TIMEZONE, runWorkflow } from '../../harness/engine';
import { tokenCredential, useSimulator } from '../support/simulator';
import { FUTURE_DATE, analyticsNode, campaignNode } from '../../harness/workflowNodes';

const sim = useSimulator();
let campaignId: number;

beforeAll(() => {
	campaignId = sim().seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Seed',
			start_block_id: 10,
			schedule: { date: FUTURE_DATE, start_time: '09:00', end_time: '12:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 3, title: '3' }, interval: '10' },
			state: 'Создано',
			phone_id: 5,
		},
		phones: ['+79120000001', '+79120000002', '+79120000003', '+79120000004', '+79120000005'].map((phone, index) => ({ phone, add_data: { name: `Client ${index + 1}` } })),
	}).id;
});

async function run(parameters: Parameters<typeof analyticsNode>[0] = {}, items: object[] = [{}], continueOnFail = false) {
	return await runWorkflow({ items: items as never, nodes: [analyticsNode({ campaignId, ...parameters }, continueOnFail)], credential: tokenCredential(sim()) });
}

const dayStart = DateTime.fromISO(`${FUTURE_DATE}T00:00:00`, { zone: DEFAULT_TIMEZONE }).toUTC().toISO();
// An End written to the second includes that whole second: …T23:59:59 is sent as …T23:59:59.999.
const dayEnd = DateTime.fromISO(`${FUTURE_DATE}T23:59:59.999`, { zone: DEFAULT_TIMEZONE }).toUTC().toISO();

describe('requests', () => {
	test('custom period and a column list become the exact request', async () => {
		await run({
			columns: {
				column: [
					{ name: 'phone_number', displayName: 'Phone', id: 1, columnType: 'field', dataType: 'text', filterType: 'starts_with', filterValue: '+7912', sorting: 'desc' },
					{ name: 'status', displayName: '', id: 0, columnType: 'field', dataType: 'none', filterType: 'not_empty', filterValue: '', sorting: 'none' },
				],
			},
		});
		const [request] = sim().requests('report');
		expect(request.path).toBe('/api/analytics/1/report');
		expect(request.body).toEqual({
			analytics_filter: { scenario_id: 951, start_block_id: 10, outgoing_campaign_id: campaignId, date_start: dayStart, date_end: dayEnd },
			columns: [
				{ id: 1, name: 'phone_number', display_name: 'Phone', column_type: 'field', data_type: 'text', filter_type: 'starts_with', filter_value: '+7912', sorting: 'desc' },
				{ name: 'status', column_type: 'field', filter_type: 'not_empty' },
			],
		});
	});

	test.each(['today', 'yesterday', 'last24Hours', 'last7Days', 'last30Days'])('preset %s is sent as a UTC window with milliseconds', async (period) => {
		const before = DateTime.now();
		await run({ period });
		const after = DateTime.now();
		const filter = (sim().requests('report')[0].body as { analytics_filter: { date_start: string; date_end: string } }).analytics_filter;
		expect(filter.date_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(filter.date_end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const start = DateTime.fromISO(filter.date_start);
		const end = DateTime.fromISO(filter.date_end);
		const local = before.setZone(DEFAULT_TIMEZONE);
		const expected: Record<string, [DateTime, DateTime]> = {
			today: [local.startOf('day'), local.endOf('day')],
			yesterday: [local.minus({ days: 1 }).startOf('day'), local.minus({ days: 1 }).endOf('day')],
			last24Hours: [before.minus({ hours: 24 }), after],
			last7Days: [before.minus({ days: 7 }), after],
			last30Days: [before.minus({ days: 30 }), after],
		};
		const [wantStart, wantEnd] = expected[period];
		if (period === 'today' || period === 'yesterday') {
			expect([filter.date_start, filter.date_end]).toEqual([wantStart.toUTC().toISO(), wantEnd.toUTC().toISO()]);
		} else {
			expect(start >= wantStart.minus({ seconds: 1 }) && start <= after).toBe(true);
			expect(end >= before && end <= wantEnd).toBe(true);
		}
	});

	test('columns (JSON) are sent as given', async () => {
		const columns = [{ id: 3, name: 'duration', display_name: 'Duration', column_type: 'field', data_type: 'number', sorting: 'asc' }];
		await run({ columnsMode: 'json', columnsJson: JSON.stringify(columns) });
		expect((sim().requests('report')[0].body as { columns: unknown }).columns).toEqual(columns);
	});

	test('runs once per input item, each paired with its item', async () => {
		const result = await run({ campaignId: '={{ $json.id }}', output: 'summary' }, [{ id: campaignId }, { id: 999_999 }]);
		expect(sim().requests('report').map((entry) => (entry.body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id)).toEqual([campaignId, 999_999]);
		expect(result.output['IS74 Analytics'].map((item) => [item.json.campaignId, item.json.count, item.pairedItem])).toEqual([
			[campaignId, 5, { item: 0 }],
			[999_999, 0, { item: 1 }],
		]);
	});
});

describe('output modes', () => {
	const columns = { column: [{ name: 'phone_number', displayName: 'Phone Number', sorting: 'asc' }, { name: 'duration' }, { name: 'name', displayName: 'Client' }] };

	test('rows: one item per dialog, keyed by field, exactly as the API returned them', async () => {
		const result = await run({ columns });
		const report = sim().requests('report')[0];
		expect(report.status).toBe(200);
		const items = result.output['IS74 Analytics'];
		expect(items.map((item) => item.json.phone_number)).toEqual(['+79120000001', '+79120000002', '+79120000003', '+79120000004', '+79120000005']);
		expect(items[0]).toEqual({ json: { phone_number: '+79120000001', duration: expect.any(Number), name: 'Client 1' }, pairedItem: { item: 0 } });
	});

	test('rows keyed by display name, limited, with the summary on every row', async () => {
		const result = await run({ columns, returnAll: false, limit: 2, options: { keyBy: 'displayName', includeSummary: true } });
		const items = result.output['IS74 Analytics'];
		expect(items).toHaveLength(2);
		expect(Object.keys(items[0].json)).toEqual(['Phone Number', 'Duration', 'Client', 'reportCount', 'reportTotalDurationSeconds', 'reportAverageDurationSeconds']);
		expect(items[0].json.reportCount).toBe(5);
	});

	test('summary: count, total and average duration, columns', async () => {
		const result = await run({ columns, output: 'summary' });
		const all = (await run({ columns, output: 'raw' })).output['IS74 Analytics'][0].json as { data: Array<{ duration: number }> };
		const total = all.data.reduce((sum, row) => sum + row.duration, 0);
		expect(result.output['IS74 Analytics']).toEqual([
			{
				json: {
					campaignId,
					periodStart: dayStart,
					periodEnd: dayEnd,
					count: 5,
					totalDurationSeconds: total,
					averageDurationSeconds: Math.round((total / 5) * 100) / 100,
					columns: [
						{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
						{ field: 'duration', display_name: 'Duration', type: 'number' },
						{ field: 'name', display_name: 'Client', type: 'text' },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('raw response: the API answer as it came', async () => {
		sim().script('report', { status: 200, body: JSON.stringify({ data: [{ a: 1 }], count: 1, extra: 'kept' }) });
		const result = await run({ output: 'raw' });
		expect(result.output['IS74 Analytics']).toEqual([{ json: { data: [{ a: 1 }], count: 1, extra: 'kept' }, pairedItem: { item: 0 } }]);
	});

	test('a column named __proto__ is kept as a plain key, whatever the output options', async () => {
		const byField = JSON.stringify({ data: [JSON.parse('{"a": 1, "__proto__": "x"}')] });
		const byLabel = JSON.stringify({ columns: [{ field: 'a', display_name: 'A' }, { field: 'p', display_name: '__proto__' }], data: [{ a: 1, p: 2 }] });
		sim().script('report', { status: 200, body: byField }, { status: 200, body: byField }, { status: 200, body: byLabel });
		const keys = async (options: Record<string, string | boolean>) => Object.entries((await run({ options })).output['IS74 Analytics'][0].json);
		expect(await keys({})).toEqual([['a', 1], ['__proto__', 'x']]);
		expect(await keys({ includeSummary: true })).toEqual([['a', 1], ['__proto__', 'x'], ['reportCount', 1], ['reportTotalDurationSeconds', null], ['reportAverageDurationSeconds', null]]);
		expect(await keys({ keyBy: 'displayName' })).toEqual([['A', 1], ['__proto__', 2]]);
	});

	test('a response without data gives zero rows, and a zero summary', async () => {
		sim().script('report', { status: 200, body: '{"count": 0}' }, { status: 200, body: '{}' });
		expect((await run()).output['IS74 Analytics']).toEqual([]);
		expect((await run({ output: 'summary' })).output['IS74 Analytics'][0].json).toMatchObject({ count: 0, totalDurationSeconds: null, averageDurationSeconds: null, columns: [] });
	});
});

describe('chained after IS74 Campaign', () => {
	test('the campaign ID flows by expression into the report', async () => {
		const result = await runWorkflow({
			items: [{ phone: '+79123000001', name: 'A' }, { phone: '+79123000002', name: 'B' }],
			credential: tokenCredential(sim()),
			nodes: [campaignNode({ projectId: 1 }), analyticsNode({ campaignId: '={{ $json.campaignId }}', columns: { column: [{ name: 'phone_number', sorting: 'asc' }, { name: 'name' }] } })],
		});
		const created = result.output['IS74 Campaign'][0].json.campaignId;
		expect((sim().requests('report')[0].body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id).toBe(created);
		expect(result.output['IS74 Analytics'].map((item) => item.json)).toEqual([
			{ phone_number: '+79123000001', name: 'A' },
			{ phone_number: '+79123000002', name: 'B' },
		]);
	});
});

describe('failures', () => {
	test.each([
		['429 with Retry-After', [faults.rateLimited(0)], [429, 200]],
		['500 then 503', [faults.serverError(500), faults.serverError(503)], [500, 503, 200]],
		['502 HTML', [faults.htmlError(502)], [502, 200]],
		['a reset connection', [faults.reset()], [-1, 200]],
	])('%s is retried, then succeeds', async (_case, steps, statuses) => {
		sim().script('report', ...steps);
		const result = await run({ output: 'summary', options: { initialRetryDelayMs: 10 } });
		expect(result.error).toBeUndefined();
		expect(sim().requests('report').map((entry) => entry.status)).toEqual(statuses);
		expect(result.output['IS74 Analytics'][0].json.count).toBe(5);
	});

	test('a timeout is retried', async () => {
		// A Timeout of 3 s, not 1: the retry's normal answer must arrive within it, even on a loaded machine.
		sim().script('report', faults.slow(10_000, false));
		const result = await run({ output: 'summary', options: { timeoutSeconds: 3, initialRetryDelayMs: 10 } });
		expect(result.error).toBeUndefined();
		expect(sim().requests('report')).toHaveLength(2);
	});

	test('retries are bounded, then the status and server message are reported', async () => {
		sim().script('report', faults.serverError(503, 'Service Unavailable'), faults.serverError(503, 'Service Unavailable'), faults.serverError(503, 'Service Unavailable'));
		const result = await run({ options: { maxRetries: 2, initialRetryDelayMs: 10 } });
		expect(sim().requests('report')).toHaveLength(3);
		expect(result.error?.message).toBe(`IS74 API could not get the report of campaign ${campaignId}: HTTP 503 — Service Unavailable`);
		expect(result.error?.description).toBe('The IS74 server failed after 3 attempts.');
		expect((result.error as { httpCode?: string }).httpCode).toBe('503');
	});

	test('a 4xx is not retried', async () => {
		sim().script('report', { status: 403, body: '{"message":"Forbidden project"}' });
		const result = await run();
		expect(sim().requests('report')).toHaveLength(1);
		expect(result.error?.message).toBe(`IS74 API could not get the report of campaign ${campaignId}: HTTP 403 — Forbidden project`);
	});

	test.each([
		['malformed JSON', faults.malformedJson(), 'the report is not valid JSON'],
		['a truncated body', faults.truncated(), 'the connection was closed before the answer was complete'],
		['a JSON array', { status: 200, body: '[1,2,3]' }, 'the report is not a JSON object'],
	])('%s gives a clear error', async (_case, step, problem) => {
		sim().script('report', step);
		const result = await run({ options: { maxRetries: 0 } });
		expect(result.error?.message).toMatch(/IS74 API (answered the report request with an unusable body|could not get the report)/);
		expect(result.error?.message).toContain(problem);
	});

	test('with continue on fail, a failing item gives an error item and the others still run', async () => {
		sim().script('report', { status: 404, body: '{"message":"No such project"}' });
		const result = await run({ output: 'summary', campaignId: '={{ $json.id }}' }, [{ id: campaignId }, { id: campaignId }], true);
		expect(result.output['IS74 Analytics']).toEqual([
			{ json: { error: `IS74 API could not get the report of campaign ${campaignId}: HTTP 404 — No such project`, description: 'Check the project ID and the Base URL of the credential.', httpCode: '404' }, pairedItem: { item: 0 } },
			expect.objectContaining({ json: expect.objectContaining({ count: 5 }), pairedItem: { item: 1 } }),
		]);
	});
});

describe('bad input: a clear error and zero requests', () => {
	test.each([
		[{ campaignId: 0 }, 'Invalid Campaign ID (outgoing_campaign_id): must be a positive whole number'],
		[{ projectId: '={{ "p1" }}' }, 'Invalid Project ID (path project_id): must be a positive whole number'],
		[{ start: `${FUTURE_DATE}T10:00:00`, end: `${FUTURE_DATE}T09:00:00` }, 'Invalid End (date_end): must be after the start'],
		[{ start: 'last monday' }, 'Invalid Start (date_start): not a valid date'],
		[{ columns: { column: [{ name: 'status', filterType: 'equal', filterValue: '' }] } }, 'Invalid Columns [0] → Filter Value: the filter "equal" compares against a value, but none is set'],
		[{ columnsMode: 'json', columnsJson: '{"name": "x"}' }, 'Invalid Columns (JSON): must be an array of column objects'],
		[{ columnsMode: 'json', columnsJson: '[{"name": "x", "data_type": "money"}]' }, 'Invalid Columns (JSON) [0]: data_type'],
	])('%p', async (parameters, message) => {
		const result = await run(parameters as never, [{}, {}]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toMatch(/^Item 0, field /);
	});

	test('an End in the far future is refused for its year', async () => {
		const result = await run({ end: '+275760-09-13T00:00:00' });
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid End (date_end): the year 275760 cannot be written as YYYY-MM-DD (years 1000 to 9999)');
	});

	test('a bad second item stops the run before the first item is sent', async () => {
		const result = await run({ campaignId: '={{ $json.id }}' }, [{ id: campaignId }, { id: 'abc' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.description).toMatch(/^Item 1, field "Campaign ID \(outgoing_campaign_id\)", value "abc"/);
	});
});
