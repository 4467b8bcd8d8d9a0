import { campaignDialogs } from '../../simulator/dialogs';
import { faults } from '../../simulator/server';
import { TRIGGER_TYPE, loadOptions, pollTrigger, type PollResult } from '../../harness/engine';
import { triggerParameters } from '../../harness/workflowNodes';
import { TOKEN, fakeDateOnly, seedCampaignOn, seedPolledCampaign, tokenCredential, useSimulator } from '../support/simulator';

// The trigger's "now" (luxon) and the simulator's clock both read Date, which these tests move.
const sim = useSimulator({ clock: () => new Date() });
const DAY = '2030-05-01';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00.000Z`);

beforeAll(() => fakeDateOnly(at('03:00')));
afterAll(() => jest.useRealTimers());

/** A campaign on DAY, window 09:00–12:00 local (04:00–07:00 UTC): call i at 04:00 + 2i minutes. */
const seed = (count: number, endTime?: string, phone?: (index: number) => string): number => seedPolledCampaign(sim(), DAY, count, endTime, phone);

function parameters(campaignId: number, extra: Record<string, unknown> = {}) {
	return triggerParameters(campaignId, { options: { initialRetryDelayMs: 10 }, ...extra });
}

/** Polls at each time, carrying the static data from one poll to the next as n8n does. */
async function pollAt(times: Date[], campaignId: number, extra: Record<string, unknown> = {}, start: Record<string, unknown> = {}) {
	let staticData = start;
	const emitted: string[] = [];
	const results: PollResult[] = [];
	for (const time of times) {
		jest.setSystemTime(time);
		const result = await pollTrigger({ parameters: parameters(campaignId, extra) as never, credential: tokenCredential(sim()), staticData: staticData as never });
		results.push(result);
		staticData = result.staticData;
		for (const item of result.items ?? []) emitted.push(item.json.phone_number as string);
	}
	return { emitted, staticData, results };
}

const every5Minutes = (from: string, count: number) => Array.from({ length: count }, (_, index) => new Date(at(from).getTime() + index * 5 * 60_000));

test('consecutive polls emit each dialog exactly once, as the dialogs happen', async () => {
	const id = seed(40);
	const { emitted, results } = await pollAt(every5Minutes('04:00', 20), id);
	expect(emitted).toHaveLength(40);
	expect(new Set(emitted).size).toBe(40);
	// Rows arrive over time: several polls emit some, none emits all.
	expect(results.filter((result) => result.items && result.items.length > 0).length).toBeGreaterThan(5);
	// Each poll asks for [previous end − overlap, now].
	const windows = sim().requests('report').map((entry) => (entry.body as { analytics_filter: { date_start: string; date_end: string } }).analytics_filter);
	expect(windows[0]).toEqual({ scenario_id: 951, start_block_id: 10, outgoing_campaign_id: id, date_start: '2030-05-01T02:00:00.000Z', date_end: '2030-05-01T04:00:00.000Z' });
	expect([windows[1].date_start, windows[1].date_end]).toEqual(['2030-05-01T03:50:00.000Z', '2030-05-01T04:05:00.000Z']);
});

test('a dialog that reaches the platform late, within the overlap, is emitted once', async () => {
	const id = seed(20);
	// The 6th call (04:10) is only reported 8 minutes later.
	sim().setArrivalDelay((row) => (row.phone_number === '+7912000005' ? 8 * 60_000 : 0));
	const { emitted, results } = await pollAt(every5Minutes('04:00', 12), id);
	expect(emitted.filter((phone) => phone === '+7912000005')).toHaveLength(1);
	expect(new Set(emitted).size).toBe(emitted.length);
	expect(emitted).toHaveLength(20);
	const pollWithLateRow = results.findIndex((result) => result.items?.some((item) => item.json.phone_number === '+7912000005'));
	expect(every5Minutes('04:00', 12)[pollWithLateRow] >= at('04:18')).toBe(true);
});

test('a restart (fresh process, same static data) does not emit again', async () => {
	const id = seed(20);
	const first = await pollAt(every5Minutes('04:00', 4), id);
	const restarted = await pollAt([at('04:15'), at('04:20')], id, {}, JSON.parse(JSON.stringify(first.staticData)));
	expect(restarted.emitted.filter((phone) => first.emitted.includes(phone))).toEqual([]);
	expect(restarted.emitted.length).toBeGreaterThan(0);
});

test("a malformed poll answer: the error says where, never JSON.parse's message (which quotes the answer and the token in it)", async () => {
	const id = seed(5);
	sim().script('report', { status: 200, body: `{"data": [}${TOKEN}` });
	const failed = await pollAt([at('04:10')], id);
	expect(failed.results[0].error?.message).toBe('IS74 API answered the poll with an unusable body: the report is not valid JSON (at byte 10)');
	expect((failed.results[0].error as { description?: string }).description).toBe(
		'The start of the answer: {"data": [}***. Nothing was emitted; the next poll covers this period again.',
	);
	expect(failed.results[0].items).toBeNull();
});

test('a failed poll emits nothing and loses nothing: the next poll covers the gap', async () => {
	const id = seed(20);
	const before = await pollAt([at('04:00'), at('04:05')], id);
	sim().script('report', faults.serverError(503), faults.serverError(503), faults.serverError(503), faults.serverError(503));
	const failed = await pollAt([at('04:10')], id, {}, before.staticData);
	expect(failed.results[0].error?.message).toContain('HTTP 503');
	expect(failed.results[0].items).toBeNull();
	expect(failed.staticData).toEqual(before.staticData);
	const after = await pollAt([at('04:20')], id, {}, failed.staticData);
	// 04:05 → 04:20 in one window: calls 04:06 … 04:18 (8 dialogs), none twice.
	expect(after.emitted.filter((phone) => before.emitted.includes(phone))).toEqual([]);
	expect([...before.emitted, ...after.emitted]).toHaveLength(new Set([...before.emitted, ...after.emitted]).size);
	expect(after.emitted.length).toBeGreaterThanOrEqual(7);
});

test('"only from now on" emits nothing on activation, then only newer dialogs', async () => {
	const id = seed(20);
	const { emitted, results } = await pollAt([at('04:10'), at('04:20')], id, { firstPoll: 'newOnly' });
	expect(results[0].items).toBeNull();
	expect(results[0].staticData).toEqual({ lastPollEnd: '2030-05-01T04:10:00.000Z', seen: {} });
	// The second window starts at 04:10 − 10 min overlap: dialogs from 04:00 on.
	expect(emitted.length).toBeGreaterThan(0);
	expect(sim().requests('report')).toHaveLength(1);
});

test('whole-row hashing also de-duplicates', async () => {
	const id = seed(10);
	const { emitted } = await pollAt(every5Minutes('04:00', 8), id, { dedupeBy: 'rowHash' });
	expect(emitted).toHaveLength(10);
	expect(new Set(emitted).size).toBe(10);
});

test('"Fetch Test Event" returns the most recent dialogs and leaves the memory alone', async () => {
	const id = seed(20);
	jest.setSystemTime(at('04:30'));
	const staticData = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: { x: 1 } };
	const result = await pollTrigger({ parameters: parameters(id) as never, credential: tokenCredential(sim()), staticData, mode: 'manual' });
	expect(result.items?.map((item) => item.json.phone_number)).toEqual(['+7912000014', '+7912000013', '+7912000012', '+7912000011', '+7912000010']);
	expect(result.staticData).toEqual(staticData);
});

test('the memory stays bounded over 10,000 dialogs', async () => {
	const id = seed(10_000, '18:00');
	const times = every5Minutes('04:00', 112);
	let staticData: Record<string, unknown> = {};
	let largest = 0;
	let total = 0;
	const phones = new Set<string>();
	for (const time of times) {
		const step = await pollAt([time], id, { columns: { column: [{ name: 'phone_number' }, { name: 'call_time' }] } }, staticData);
		staticData = step.staticData;
		largest = Math.max(largest, Object.keys((staticData.seen as object) ?? {}).length);
		total += step.emitted.length;
		for (const phone of step.emitted) phones.add(phone);
	}
	expect(total).toBe(10_000);
	expect(phones.size).toBe(10_000);
	// About 18.5 dialogs a minute; a window plus overlap holds about 15 minutes of them.
	expect(largest).toBeLessThan(600);
}, 120_000);

describe('numbers are refused, never clamped: one rule with the action nodes (issue 23)', () => {
	test.each([
		['a negative overlap', { options: { initialRetryDelayMs: 10, overlapMinutes: -5 } }, 'Invalid Options → Overlap (Minutes): must be a whole number from 0 to 1440', 'field "Options → Overlap (Minutes)", value -5. Use 0 to 1440 minutes.'],
		['a look-back of 0 hours', { firstPoll: 'lookBack', lookBackHours: 0 }, 'Invalid Look-Back (Hours): must be a whole number from 1 to 8760', 'field "Look-Back (Hours)", value 0. Give how many hours the first poll reaches back, from 1 to 8760 (a year).'],
	] as const)('%s: refused before any request, memory unchanged', async (_, extra, message, description) => {
		const id = seed(10);
		jest.setSystemTime(at('04:30'));
		const result = await pollTrigger({ parameters: parameters(id, extra) as never, credential: tokenCredential(sim()), staticData: {} });
		expect(result.error?.message).toBe(message);
		expect((result.error as { description?: string }).description).toBe(description);
		expect(result.items).toBeNull();
		expect(result.staticData).toEqual({});
		expect(sim().requests('report')).toHaveLength(0);
	});
});

describe('the fields identifying a dialog must be among the columns (never merge distinct dialogs)', () => {
	const statusAndDuration = { columns: { column: [{ name: 'status' }, { name: 'duration' }] } };
	const refusal = 'Invalid Fields Identifying a Dialog: phone_number, call_time are not among the requested columns (status, duration)';

	test.each([
		['activation, look-back', { firstPoll: 'lookBack' }, 'trigger'],
		['activation, only from now on', { firstPoll: 'newOnly' }, 'trigger'],
		['Fetch Test Event', {}, 'manual'],
	] as const)('%s: refused before any request', async (_, extra, mode) => {
		const id = seed(10);
		jest.setSystemTime(at('04:30'));
		const result = await pollTrigger({ parameters: parameters(id, { ...statusAndDuration, ...extra }) as never, credential: tokenCredential(sim()), staticData: {}, mode });
		expect(result.error?.message).toBe(refusal);
		expect((result.error as { description?: string }).description).toBe(
			'field "Fields Identifying a Dialog", value ["phone_number","call_time"]. Add these columns, name fields that are among them, or choose Whole Row.',
		);
		expect(result.items).toBeNull();
		expect(result.staticData).toEqual({});
		expect(sim().requests('report')).toHaveLength(0);
	});

	test('all columns, but the answer has no call_time: refused, nothing emitted, memory unchanged', async () => {
		const rows = [
			{ phone_number: '+79120000001', status: 'busy' },
			{ phone_number: '+79120000001', status: 'no answer' },
			{ phone_number: '+79120000001', status: 'answered' },
		];
		sim().script('report', { status: 200, body: JSON.stringify({ columns: [{ field: 'phone_number' }, { field: 'status' }], data: rows, count: 3 }) });
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		const { results, staticData } = await pollAt([at('04:05')], 1001, { columnsMode: 'list', columns: {} }, start);
		expect(results[0].error?.message).toBe('Invalid Fields Identifying a Dialog: call_time is in none of the 3 returned dialogs (returned fields: phone_number, status)');
		expect(results[0].items).toBeNull();
		expect(staticData).toEqual(start);
	});

	test('returned field names are shown without the secrets a server may spell in them', async () => {
		const rows = [{ phone_number: '+79120000001', [`x-${TOKEN}`]: 1 }];
		sim().script('report', { status: 200, body: JSON.stringify({ data: rows, count: 1 }) });
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		const { results } = await pollAt([at('04:05')], 1001, { columnsMode: 'list', columns: {} }, start);
		expect(results[0].error?.message).toBe('Invalid Fields Identifying a Dialog: call_time is in none of the 1 returned dialogs (returned fields: phone_number, x-***)');
	});

	test('columns chosen by data type, answer without call_time: refused', async () => {
		const id = seed(10);
		const { results } = await pollAt([at('04:30')], id, { columns: { column: [{ dataType: 'text' }] } });
		expect(results[0].error?.message).toBe('Invalid Fields Identifying a Dialog: call_time is in none of the 10 returned dialogs (returned fields: phone_number, status)');
		expect(sim().requests('report')[0].body).toMatchObject({ columns: [{ column_type: 'field', data_type: 'text' }] });
	});

	test('rows of which only some lack a field are each emitted, not merged', async () => {
		const rows = [
			{ phone_number: '+79120000001', call_time: '2030-05-01T04:01:00.000Z', status: 'busy' },
			{ phone_number: '+79120000001', status: 'no answer' },
			{ phone_number: '+79120000001', status: 'answered' },
		];
		sim().script('report', { status: 200, body: JSON.stringify({ data: rows }) });
		const { results } = await pollAt([at('04:05')], 1001, {}, { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} });
		expect(results[0].items?.map((item) => item.json)).toEqual(rows);
	});
});

describe('a server that varies JSON types between polls: each dialog once', () => {
	// Phones as digits only, so the server may write them as numbers.
	const seedDigits = (count: number) => seed(count, '12:00', (index) => `7912${String(index).padStart(7, '0')}`);
	const dialogsUpTo = (id: number, time: Date) =>
		campaignDialogs(sim().campaigns.get(id)!)
			.filter((row) => Date.parse(String(row.call_time)) <= time.getTime())
			.map((row) => row.phone_number);

	test('phone_number as a number, then as text (keys reversed), then as a number again', async () => {
		const id = seedDigits(20);
		sim().setReportShape({ types: { phone_number: 'number' } });
		const first = await pollAt([at('04:10')], id);
		sim().setReportShape({ types: { phone_number: 'text' }, reverseKeys: true });
		const second = await pollAt([at('04:15')], id, {}, first.staticData);
		sim().setReportShape({ types: { phone_number: 'number' } });
		const third = await pollAt([at('04:20')], id, {}, second.staticData);
		// The server did vary the type, and every window overlapped dialogs already emitted.
		expect(first.results[0].items?.map((item) => typeof item.json.phone_number)).toEqual(['number', 'number', 'number', 'number', 'number']);
		expect(second.results[0].items?.map((item) => typeof item.json.phone_number)).toEqual(['string', 'string', 'string']);
		expect(sim().requests('report').map((entry) => (entry.body as { analytics_filter: { date_start: string } }).analytics_filter.date_start)).toEqual([
			'2030-05-01T02:10:00.000Z',
			'2030-05-01T04:00:00.000Z',
			'2030-05-01T04:05:00.000Z',
		]);
		expect([...first.emitted, ...second.emitted, ...third.emitted].map(String)).toEqual(dialogsUpTo(id, at('04:20')));
	});

	test('whole-row identity: numbers as text and keys reversed in one poll, as stored in the next', async () => {
		const id = seedDigits(20);
		const allColumns = { dedupeBy: 'rowHash', columnsMode: 'list', columns: {} };
		const first = await pollAt([at('04:10')], id, allColumns);
		sim().setReportShape({ types: { dialog_id: 'text', duration: 'text', attempts: 'text', phone_number: 'number' }, reverseKeys: true });
		const second = await pollAt([at('04:15')], id, allColumns, first.staticData);
		sim().setReportShape(undefined);
		const third = await pollAt([at('04:20')], id, allColumns, second.staticData);
		expect(typeof second.results[0].items?.[0].json.dialog_id).toBe('string');
		expect([...first.emitted, ...second.emitted, ...third.emitted].map(String)).toEqual(dialogsUpTo(id, at('04:20')));
	});
});

describe('each dialog once, whatever the server does; memory bounded', () => {
	const answer = (data: unknown[]) => ({ status: 200, body: JSON.stringify({ data, count: data.length }) });
	const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };

	test('a server that ignores the window: old, far-future and zone-less rows returned on every poll are emitted once', async () => {
		const rows = [
			{ phone_number: '+79120000001', call_time: '2030-04-01T08:00:00.000Z' },
			{ phone_number: '+79120000002', call_time: '2030-05-01 09:01:00' },
			{ phone_number: '+79120000003', call_time: '2099-01-01T00:00:00.000Z' },
			{ phone_number: '+79120000004', call_time: 'soon' },
		];
		const polls = every5Minutes('04:05', 6);
		sim().script('report', ...polls.map(() => answer(rows)));
		const { emitted, results, staticData } = await pollAt(polls, 1001, {}, start);
		expect(results.map((result) => result.error)).toEqual(polls.map(() => undefined));
		expect(emitted).toEqual(['+79120000001', '+79120000002', '+79120000003', '+79120000004']);
		expect(Object.keys(staticData.seen as object)).toHaveLength(4);
	});

	test('far-future rows that stop coming are forgotten: 200 new ones a poll do not pile up', async () => {
		const polls = every5Minutes('04:05', 8);
		sim().script(
			'report',
			...polls.map((_, poll) => answer(Array.from({ length: 200 }, (__, index) => ({ phone_number: `+7912${poll}${String(index).padStart(5, '0')}`, call_time: '2099-01-01T00:00:00.000Z' })))),
		);
		const { emitted, staticData } = await pollAt(polls, 1001, {}, start);
		expect(emitted).toHaveLength(1600);
		// Kept: the windows ending within the 10-minute overlap (this poll and the two before).
		expect(Object.keys(staticData.seen as object)).toHaveLength(600);
	});

	test('keys have a fixed size: 20 rows with 100 KB phones leave a small memory', async () => {
		const rows = Array.from({ length: 20 }, (_, index) => ({ phone_number: `+7${String(index).padStart(2, '0')}`.padEnd(100_000, '0'), call_time: '2030-05-01T04:01:00.000Z' }));
		sim().script('report', answer(rows));
		const { emitted, staticData } = await pollAt([at('04:05')], 1001, {}, start);
		expect(emitted).toHaveLength(20);
		const keys = Object.keys(staticData.seen as object);
		expect(keys).toHaveLength(20);
		for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(JSON.stringify(staticData).length).toBeLessThan(800);
	});

	test('memory saved by the previous version (raw keys) is read: nothing is emitted again after the upgrade', async () => {
		const id = seed(20);
		// What the previous version saved after a poll ending at 04:10: raw [phone, call_time] keys → the row's time.
		const before = campaignDialogs(sim().campaigns.get(id)!).filter((row) => Date.parse(String(row.call_time)) <= at('04:10').getTime());
		expect(before.map((row) => row.phone_number)).toEqual(['+7912000000', '+7912000001', '+7912000002', '+7912000003', '+7912000004']);
		const previous = {
			lastPollEnd: '2030-05-01T04:10:00.000Z',
			seen: Object.fromEntries(before.map((row) => [JSON.stringify([row.phone_number, row.call_time]), Date.parse(String(row.call_time))])),
		};
		const { emitted } = await pollAt([at('04:15')], id, {}, previous);
		expect(emitted).toEqual(['+7912000005', '+7912000006', '+7912000007']);
	});
});

describe('a poll within its budget; a backlog caught up in steps (issue 25)', () => {
	const HOUR = 3_600_000;
	const windowsAsked = () =>
		sim()
			.requests('report')
			.map((entry) => (entry.body as { analytics_filter: { date_start: string; date_end: string } }).analytics_filter)
			.map((filter) => `${filter.date_start.slice(11, 16)}–${filter.date_end.slice(11, 16)}`);

	test('a platform slower than the budget: the poll emits nothing, keeps the memory, halves the step and says why in the log; the next polls catch up', async () => {
		const id = seed(40);
		// Periods longer than 90 minutes take 10 s; the budget is 3 s, which leaves the quick answers room
		// on a loaded machine (each must arrive within the attempt's 2.7 s of real time).
		sim().setReportLatency((period) => (period > 90 * 60_000 ? 10_000 : 0));
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		const at0600 = at('06:00');
		const { emitted, results } = await pollAt([at0600, at0600, at0600], id, { options: { initialRetryDelayMs: 10, pollBudgetSeconds: 3 } }, start);
		expect([results[0].items, results[0].error, results[0].staticData]).toEqual([null, undefined, { ...start, stepMs: HOUR }]);
		expect(results[0].warnings).toHaveLength(1);
		expect(results[0].warnings[0]).toMatch(/^IS74 Trigger: the poll of campaign \d+ could not finish within its budget of 3 s \(no complete answer in time\)\. Nothing was emitted and nothing was marked as seen; the next poll asks for 60 minutes from 2030-05-01T03:50:00\.000Z instead\.$/);
		// Half the period, then the rest: oldest first, each dialog once.
		expect(windowsAsked()).toEqual(['03:50–06:00', '03:50–05:00', '04:50–06:00']);
		expect(results[1].items).toHaveLength(30);
		expect(emitted).toEqual(Array.from({ length: 40 }, (_, index) => `+7912${String(index).padStart(6, '0')}`));
		expect(results[2].staticData).toMatchObject({ lastPollEnd: '2030-05-01T06:00:00.000Z' });
		expect(results.slice(1).flatMap((result) => result.warnings)).toEqual([]);
	});

	test("n8n's own budget (getPollBudgetMs) wins when it is shorter than the option", async () => {
		const id = seed(4);
		sim().setReportLatency(() => 3_000);
		jest.setSystemTime(at('05:00'));
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		const result = await pollTrigger({ parameters: parameters(id) as never, credential: tokenCredential(sim()), staticData: start, pollBudgetMs: 500 });
		expect([result.items, result.error, result.staticData]).toEqual([null, undefined, { ...start, stepMs: 30 * 60_000 }]);
		expect(result.warnings[0]).toContain('within its budget of 0.5 s');
	});

	test('an outage while n8n keeps polling, then a platform slow on long periods: the gap is worked through in steps, oldest first, each dialog once', async () => {
		const id = seed(40);
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		// 04:05–04:55: the platform is down (every request answers 503).
		sim().script('report', ...Array.from({ length: 11 * 4 }, () => faults.serverError(503, 'Service Unavailable')));
		const outage = await pollAt(every5Minutes('04:05', 11), id, {}, start);
		expect(outage.results.map((result) => [result.items, result.staticData])).toEqual(outage.results.map(() => [null, start]));
		expect(outage.results.every((result) => result.error !== undefined)).toBe(true);
		// Back, but periods longer than 40 minutes take longer than the budget (3 s: room for the quick
		// answers on a loaded machine, each within the attempt's 2.7 s of real time).
		sim().reset();
		sim().setReportLatency((period) => (period > 40 * 60_000 ? 10_000 : 0));
		const after = await pollAt(every5Minutes('05:00', 8), id, { options: { initialRetryDelayMs: 10, pollBudgetSeconds: 3 } }, start);
		// Out of time: half of what it asked for. Within it: the step grows by half (fast, as time stands still here).
		expect(windowsAsked()).toEqual(['03:50–05:00', '03:50–04:30', '04:20–05:10', '04:20–04:50', '04:40–05:20', '05:10–05:25', '05:15–05:30', '05:20–05:35']);
		expect(after.results.map((result) => [result.items?.length ?? 0, result.warnings.length, result.staticData.lastPollEnd, (result.staticData.stepMs as number) / 60_000])).toEqual([
			[0, 1, '2030-05-01T04:00:00.000Z', 30],
			[15, 0, '2030-05-01T04:30:00.000Z', 45],
			[0, 1, '2030-05-01T04:30:00.000Z', 20],
			[10, 0, '2030-05-01T04:50:00.000Z', 30],
			[15, 0, '2030-05-01T05:20:00.000Z', 45],
			[0, 0, '2030-05-01T05:25:00.000Z', 67.5],
			[0, 0, '2030-05-01T05:30:00.000Z', 101.25],
			[0, 0, '2030-05-01T05:35:00.000Z', 151.875],
		]);
		expect(after.emitted).toEqual(Array.from({ length: 40 }, (_, index) => `+7912${String(index).padStart(6, '0')}`));
		expect(after.staticData.lastPollEnd).toBe('2030-05-01T05:35:00.000Z');
		// Every abandoned poll said why; none advanced the memory.
		const outOfTime = after.results.filter((result) => result.warnings.length > 0);
		expect(outOfTime.length).toBeGreaterThan(1);
		for (const result of outOfTime) expect(result.items).toBeNull();
	});

	test('at the smallest step a poll out of budget fails with an error that says what to do, the memory untouched', async () => {
		const id = seed(4);
		sim().setReportLatency(() => 3_000);
		jest.setSystemTime(at('05:00'));
		const start = { lastPollEnd: '2030-05-01T04:59:00.000Z', seen: {}, stepMs: 60_000 };
		const result = await pollTrigger({ parameters: parameters(id, { options: { initialRetryDelayMs: 10, pollBudgetSeconds: 1 } }) as never, credential: tokenCredential(sim()), staticData: start });
		expect([result.items, result.staticData, result.warnings]).toEqual([null, start, []]);
		expect(result.error?.message).toBe(`The platform cannot answer even one minute of campaign ${id} within the poll budget of 1 s (no complete answer in time)`);
		expect((result.error as { description?: string }).description).toBe(
			"Nothing was emitted and nothing was marked as seen; the next poll asks for the same minute again. Raise Options → Poll Budget (Seconds) (with n8n's durable scheduler, at most the 36 s n8n gives a poll), or check that the IS74 platform answers normally.",
		);
	});

	test('polled every minute: one slow poll warns and sets the smallest step; the next slow one fails', async () => {
		const id = seed(4);
		sim().setReportLatency(() => 3_000);
		const start = { lastPollEnd: '2030-05-01T04:59:00.000Z', seen: {} };
		const { results } = await pollAt([at('05:00'), at('05:01')], id, { options: { initialRetryDelayMs: 10, pollBudgetSeconds: 1 } }, start);
		expect(results.map((result) => [result.items, result.warnings.length, result.error?.message.slice(0, 46), result.staticData])).toEqual([
			[null, 1, undefined, { ...start, stepMs: 60_000 }],
			[null, 0, 'The platform cannot answer even one minute of ', { ...start, stepMs: 60_000 }],
		]);
	});

	test('an answer whose processing ends past the budget: nothing emitted, the memory kept, the log names the cause (no server text)', async () => {
		const id = seed(4);
		// Building the answer's items "takes" 40 s of the trigger's 30 s budget.
		sim().setReportLatency(() => {
			jest.setSystemTime(Date.now() + 40_000);
			return 0;
		});
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		const { results } = await pollAt([at('05:00')], id, {}, start);
		expect([results[0].items, results[0].error, results[0].staticData]).toEqual([null, undefined, { ...start, stepMs: 30 * 60_000 }]);
		expect(results[0].warnings).toEqual([
			`IS74 Trigger: the poll of campaign ${id} could not finish within its budget of 30 s (processing the answer took past the budget). Nothing was emitted and nothing was marked as seen; the next poll asks for 30 minutes from 2030-05-01T03:50:00.000Z instead.`,
		]);
	});

	test('a 503 whose Retry-After is past the budget is an outage, not slowness: the error says the wait, the step is kept', async () => {
		const id = seed(4);
		sim().script('report', { status: 503, body: JSON.stringify({ message: 'Maintenance' }), headers: { 'Retry-After': '40' } } as never);
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {}, stepMs: 6 * HOUR };
		const { results } = await pollAt([at('05:00')], id, {}, start);
		expect(results[0].error?.message).toBe(`IS74 API could not poll the results of campaign ${id}: HTTP 503 — Maintenance`);
		expect((results[0].error as { description?: string }).description).toBe('The IS74 server failed. It asks to wait 40 s.');
		expect([results[0].staticData, results[0].warnings]).toEqual([start, []]);
	});

	test('a refusal of many missing fields names the first 20 and how many there are', async () => {
		const id = seed(4);
		jest.setSystemTime(at('05:00'));
		const dedupeFields = '={{ Array.from({ length: 25 }, (_, index) => "f" + index).join(",") }}';
		const result = await pollTrigger({
			parameters: parameters(id, { columnsMode: 'all', columns: {}, dedupeFields }) as never,
			credential: tokenCredential(sim()),
			staticData: { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} },
		});
		const first20 = Array.from({ length: 20 }, (_, index) => `f${index}`).join(', ');
		expect(result.error?.message).toMatch(new RegExp(`^Invalid Fields Identifying a Dialog: ${first20}, … \\(25 in all\\) are in none of the 4 returned dialogs`));
	});

	test('a poll n8n abandons (its items dropped, its static data not kept) and the retry of the same period: each dialog once', async () => {
		const id = seed(10);
		const start = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
		jest.setSystemTime(at('04:30'));
		const abandoned = await pollTrigger({ parameters: parameters(id) as never, credential: tokenCredential(sim()), staticData: start });
		expect(abandoned.items).toHaveLength(10);
		// n8n drops both; the next poll starts from the same memory, a minute later.
		const { emitted } = await pollAt([at('04:31'), at('04:36')], id, {}, start);
		expect(emitted).toEqual(Array.from({ length: 10 }, (_, index) => `+7912${String(index).padStart(6, '0')}`));
	});
});

describe('version 2: the picked fields are the identity, as picked (issue 24 review)', () => {
	/** A campaign on DAY whose contacts carry `addData`, so its report has those columns. */
	const seedWith = (addData: Record<string, string>, phones: string[]) => seedCampaignOn(sim(), DAY, phones.map((phone) => ({ phone, add_data: addData })), '12:00', 'Picked');
	const v2 = (campaignId: number, dedupeFields: unknown, staticData: Record<string, unknown> = {}) =>
		pollTrigger({ parameters: parameters(campaignId, { columnsMode: 'all', lookBackHours: 4, dedupeFields }) as never, credential: tokenCredential(sim()), staticData: staticData as never, typeVersion: 2 });

	test('a picked field whose name holds a comma is one field, not two', async () => {
		const id = seedWith({ 'surname,name': 'Ivanov,Ivan' }, ['+79120000001', '+79120000002']);
		jest.setSystemTime(at('07:30'));
		const result = await v2(id, ['phone_number', 'surname,name']);
		expect(result.error?.message).toBeUndefined();
		expect(result.items?.map((item) => item.json.phone_number)).toEqual(['+79120000001', '+79120000002']);
	});

	test('a picked field with spaces around it is the field the API has, spaces kept', async () => {
		const id = seedWith({ ' note ': 'x' }, ['+79120000001']);
		jest.setSystemTime(at('07:30'));
		expect((await v2(id, ['phone_number', ' note '])).items).toHaveLength(1);
		// Trimmed, it would name a field the answer does not hold: refused, never merged.
		expect((await v2(id, ['phone_number', 'note'])).error?.message).toMatch(/^Invalid Fields Identifying a Dialog: note is in none of the 1 returned dialogs/);
	});

	test('a picked field the API names like an expression (stored escaped by the list) is that field, never evaluated', async () => {
		const field = '={{ $json.secret }}';
		const id = seedWith({ [field]: 'x' }, ['+79120000001']);
		const parameters2 = parameters(id, { columnsMode: 'all', lookBackHours: 4, dedupeFields: [] });
		const list = await loadOptions({ type: TRIGGER_TYPE, typeVersion: 2, method: 'getReportColumns', path: 'parameters.dedupeFields', parameters: parameters2 as never, credential: tokenCredential(sim()) });
		const picked = list.find((entry) => entry.name.includes('secret'))?.value as string;
		expect(picked).toBe(`\\${field}`);
		jest.setSystemTime(at('07:30'));
		const result = await v2(id, ['phone_number', picked]);
		expect(result.error?.message).toBeUndefined();
		expect(result.items).toHaveLength(1);
	});

	test.each([
		['null', '={{ ["phone_number", null] }}', 'entry 2 is null'],
		['undefined', '={{ ["phone_number", [].at(5)] }}', 'entry 2 is empty'],
		['empty text', '={{ ["phone_number", ""] }}', 'entry 2 is empty'],
		['blank text', '={{ ["phone_number", "  "] }}', 'entry 2 is empty'],
		['a number', '={{ ["phone_number", 5] }}', 'entry 2 is not a field name'],
		['an object', '={{ ["phone_number", {}] }}', 'entry 2 is not a field name'],
	])('a list from an expression with an entry that is %s is refused before any request', async (_, dedupeFields, problem) => {
		const id = seedWith({ name: 'Client' }, ['+79120000001']);
		jest.setSystemTime(at('07:30'));
		const result = await v2(id, dedupeFields);
		expect(result.error?.message).toBe(`Invalid Fields Identifying a Dialog: ${problem}`);
		expect((result.error as { description?: string }).description).toMatch(/Remove the empty entry|Give each field's name as text/);
		expect(result.items).toBeNull();
		expect(sim().requests()).toEqual([]);
	});

	test('the same fields picked in another order (or one picked twice) emit nothing again', async () => {
		const phones = Array.from({ length: 90 }, (_, index) => `+7912${String(index).padStart(7, '0')}`);
		const id = seedWith({ name: 'Client' }, phones);
		jest.setSystemTime(at('07:05'));
		const first = await v2(id, ['phone_number', 'call_time']);
		expect(first.items).toHaveLength(90);
		jest.setSystemTime(at('07:06'));
		const again = await v2(id, ['call_time', 'phone_number', 'call_time'], first.staticData);
		expect(again.error).toBeUndefined();
		expect(again.items).toBeNull();
	});

	test('text from an expression is still a comma-separated list; version 1 keeps its order and its text', async () => {
		const id = seedWith({ name: 'Client' }, ['+79120000001', '+79120000002']);
		jest.setSystemTime(at('07:05'));
		const first = await v2(id, '={{ "call_time, phone_number" }}');
		expect(first.items).toHaveLength(2);
		jest.setSystemTime(at('07:06'));
		expect((await v2(id, ['phone_number', 'call_time'], first.staticData)).items).toBeNull();
		const v1 = await pollTrigger({ parameters: parameters(id, { columnsMode: 'all', lookBackHours: 4, dedupeFields: ' phone_number ,call_time' }) as never, credential: tokenCredential(sim()), staticData: {} });
		expect(v1.items).toHaveLength(2);
	});
});
