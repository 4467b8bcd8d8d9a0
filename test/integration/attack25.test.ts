/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a hostile HTTP server on 127.0.0.1 for the tests */
/**
 * Adversarial review of IS74 Trigger's poll budget and catch-up in steps (issue 25) and its version-2
 * field rules. Through n8n-core's real PollContext over real HTTP (harness/engine.ts pollTrigger), to
 * the simulator or to a hostile server on 127.0.0.1.
 *
 * As in trigger.test.ts only Date is faked: timers and AbortSignal.timeout run in real time. A poll
 * that "takes" N seconds of the trigger's clock without waiting them is simulated by moving Date
 * forward inside the simulator's report handler (setReportLatency's callback runs in this process).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { faults } from '../../simulator/server';
import { pollTrigger, type PollResult } from '../../harness/engine';
import { triggerParameters } from '../../harness/workflowNodes';
import { TOKEN, fakeDateOnly, loginCredential, seedPolledCampaign, tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator({ clock: () => new Date() });
const DAY = '2030-05-01';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00.000Z`);
const MINUTE = 60_000;

beforeAll(() => fakeDateOnly(at('03:00')));
afterAll(() => jest.useRealTimers());

/** A campaign on DAY, window 09:00–12:00 local (04:00–07:00 UTC): call i at 04:00 + 2i minutes. */
const seed = (count: number): number => seedPolledCampaign(sim(), DAY, count);

const phone = (index: number) => `+7912${String(index).padStart(6, '0')}`;

function parameters(campaignId: number, extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
	return triggerParameters(campaignId, {
		...extra,
		options: { initialRetryDelayMs: 10, ...options },
	});
}

/** Polls at each time, carrying the static data from one poll to the next as n8n does. */
async function pollAt(times: Date[], campaignId: number, extra: Record<string, unknown>, options: Record<string, unknown>, start: Record<string, unknown>) {
	let staticData = start;
	const emitted: string[] = [];
	const results: PollResult[] = [];
	for (const time of times) {
		jest.setSystemTime(time);
		const result = await pollTrigger({
			parameters: parameters(campaignId, extra, options) as never,
			credential: tokenCredential(sim()),
			staticData: staticData as never,
		});
		results.push(result);
		staticData = result.staticData;
		for (const item of result.items ?? []) emitted.push(item.json.phone_number as string);
	}
	return { emitted, staticData, results };
}

const windowsAsked = () =>
	sim()
		.requests('report')
		.map(
			(entry) =>
				(
					entry.body as {
						analytics_filter: { date_start: string; date_end: string };
					}
				).analytics_filter,
		)
		.map((filter) => `${filter.date_start.slice(11, 19)}–${filter.date_end.slice(11, 19)}`);

/** The report handler moves the trigger's clock by `ms` (the poll "takes" that long) and answers at once. */
const pollTakes = (ms: number) =>
	sim().setReportLatency(() => {
		jest.setSystemTime(Date.now() + ms);
		return 0;
	});

/** A server on 127.0.0.1 that answers each request with `handle`. */
async function hostile(handle: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server; requests: () => number }> {
	let count = 0;
	const server = createServer((request, response) => {
		count++;
		request.resume();
		handle!(request, response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		server,
		requests: () => count,
	};
}

async function close(server: Server) {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
}

const START = { lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} };
const ALL_40 = Array.from({ length: 40 }, (_, index) => phone(index));

describe('findings: the budget and the catch-up rule against what README promises', () => {
	// HIGH. README: "Largest gap: any, as long as the platform answers one step … within the budget".
	// Observed: one poll out of time at the usual 5-minute polling halves the step to 2.5 minutes; the
	// platform then answers every poll within the budget, but in more than half of it ("slow"), which
	// keeps the step: each 5-minute poll advances 2.5 minutes, so the lag grows by 2.5 minutes a poll
	// (7.5, 10, 12.5, 15, 17.5 minutes), forever and without a warning, until dialogs are older than
	// the platform keeps. With the default 30 s budget, any platform that needs 15 s or more does this.
	//
	// Corrected by fix25 (decision 1): this asserted that the lag never grows from one poll to the next;
	// README promises that a gap is caught up, not that the lag falls at every poll. The rule chosen grows
	// the step by half while a poll is behind and used less than 80% of its budget (doubling would pass the
	// old assertion but makes the step alternate against a platform slow only on long periods, and the lag
	// then grows: see nextStep), so the lag rises for two polls, then is caught up. On the code reviewed the
	// lag grew at every poll (7.5, 10, 12.5, 15, 17.5): this assertion still fails there.
	test('after one poll out of time, polls that succeed within the budget catch the lag up', async () => {
		const id = seed(40);
		// The first poll's answer takes 10 s (past the 4 s budget); every later one 3 s of the trigger's clock
		// (75% of the budget) and at once in real time: the budget leaves those answers room on a loaded machine.
		sim().script('report', faults.slow(10_000));
		pollTakes(3_000);
		const times = ['05:00', '05:05', '05:10', '05:15', '05:20', '05:25'].map(at);
		const { results } = await pollAt(times, id, {}, { pollBudgetSeconds: 4 }, { lastPollEnd: '2030-05-01T04:55:00.000Z', seen: {} });
		expect(results[0].warnings).toHaveLength(1);
		expect(results.slice(1).map((result) => [result.error, result.warnings])).toEqual(times.slice(1).map(() => [undefined, []]));
		const lagMinutes = results.slice(1).map((result, index) => (times[index + 1].getTime() - Date.parse(result.staticData.lastPollEnd as string)) / MINUTE);
		// Steps of 2.5, 3.75, 5.625, 8.4375 minutes, then one that reaches now.
		expect(lagMinutes).toEqual([7.5, 8.75, 8.125, 4.6875, 0]);
	});

	// HIGH for a large campaign (medium otherwise). README: "a poll, retries and their waits included, ends
	// within it". The deadline covers the request up to its last byte, not the work after it (parsing,
	// de-duplication, the items): an answer whose processing takes past the budget is still emitted and
	// the memory advanced. With the durable scheduler such a poll is abandoned at 45 s and nothing it
	// saved is kept, so the step never shrinks and the same window is asked and abandoned forever. The
	// first poll after a downtime asks for up to 32 days; takeNewRows alone took 10.6 s for 500,000 rows
	// here (2 shared cores), so a campaign of ~50,000 dialogs a day gets there. Simulated: parsing the
	// report moves the trigger's clock 50 s. Observed: 40 items emitted, lastPollEnd 06:00, no warning.
	test('a poll whose answer takes past the budget to process emits nothing and asks for a shorter period next time', async () => {
		const id = seed(40);
		let moved = false;
		const parse = JSON.parse;
		// Parsing the report "takes" 50 s: the clock moves on when its body is parsed.
		const spy = jest.spyOn(JSON, 'parse').mockImplementation(((text: string, reviver?: never) => {
			if (!moved && typeof text === 'string' && text.includes('"data"')) {
				moved = true;
				jest.setSystemTime(Date.now() + 50_000);
			}
			return parse(text, reviver);
		}) as never);
		try {
			const { results } = await pollAt([at('06:00')], id, {}, {}, START);
			expect(moved).toBe(true);
			expect([results[0].items?.length ?? 0, results[0].staticData]).toEqual([0, { ...START, stepMs: 60 * MINUTE }]);
			expect(results[0].warnings).toHaveLength(1);
		} finally {
			spy.mockRestore();
		}
	});

	// MEDIUM. A platform too slow for even the smallest step (1 minute plus the overlap): halving cannot
	// help any more, yet each poll only writes a warning to n8n's log and returns nothing. Observed:
	// poll after poll "could not finish … asks for 1 minutes", no error: no failed execution, no Error
	// Workflow, nothing in the editor. The trigger has silently stopped (before issue 25 it failed visibly).
	test('at the smallest step, a poll out of budget fails visibly (an error n8n shows), poll after poll', async () => {
		const id = seed(40);
		sim().setReportLatency(() => 3_000);
		const start = {
			lastPollEnd: '2030-05-01T04:59:00.000Z',
			seen: {},
			stepMs: MINUTE,
		};
		const { results } = await pollAt(['05:00', '05:01'].map(at), id, {}, { pollBudgetSeconds: 1 }, start);
		expect(results.map((result) => result.error === undefined)).toEqual([false, false]);
		expect(results.map((result) => result.staticData)).toEqual([start, start]);
	});

	// MEDIUM. README: "Other failures (an outage, a rejected token) fail the poll as before and n8n shows
	// the error." A platform in maintenance (503) or rate limiting (429) with a Retry-After longer than
	// the budget is taken for a poll out of budget: no error, only a log warning, and the step is halved
	// (a shorter period cannot help against a 503). Observed: error undefined, stepMs 30 minutes.
	test.each([
		[
			'503 in maintenance',
			{
				status: 503,
				body: JSON.stringify({ message: 'Maintenance' }),
				headers: { 'Retry-After': '40' },
			},
			'HTTP 503',
		],
		['429 rate limiting', faults.rateLimited(40), 'HTTP 429'],
	])('a %s with a Retry-After past the budget fails the poll with its status and keeps the step', async (_, step, status) => {
		const id = seed(4);
		sim().script('report', step as never);
		const { results } = await pollAt([at('05:00')], id, {}, {}, START);
		expect(results[0].error?.message).toContain(status);
		expect(results[0].staticData).toEqual(START);
	});

	// MEDIUM. Issue 25: "when the platform is slow on big windows, the trigger asks for smaller windows".
	// Only the budget shrinks the step: with the request's Timeout below the budget (3 s, budget 15 s),
	// a period the platform cannot answer within the Timeout fails every poll with the same window.
	// Observed: 3 polls, 3 times "no answer before the timeout" for 03:50–06:00, nothing ever emitted.
	test("a platform slow on big windows is caught up in steps when the request's Timeout is below the budget", async () => {
		const id = seed(40);
		// A Timeout of 3 s (not 1) leaves the quick answers room on a loaded machine.
		sim().setReportLatency((period) => (period > 90 * MINUTE ? 10_000 : 0));
		const { emitted } = await pollAt(['06:00', '06:00', '06:00'].map(at), id, {}, { timeoutSeconds: 3, maxRetries: 0, pollBudgetSeconds: 15 }, START);
		expect(emitted).toEqual(ALL_40);
	});

	// LOW. A budget from n8n that is not a number (NaN) reaches AbortSignal.timeout: every poll fails with
	// Node's "RangeError [ERR_OUT_OF_RANGE]: The value of "delay" is out of range…", naming nothing the
	// user can change. n8n 2.41.1 gives at least 5 s, so this needs another n8n or a patched one.
	test("a budget from n8n that is not a number is ignored: the option's budget applies", async () => {
		const id = seed(4);
		jest.setSystemTime(at('05:00'));
		const result = await pollTrigger({
			parameters: parameters(id) as never,
			credential: tokenCredential(sim()),
			staticData: START,
			pollBudgetMs: NaN,
		});
		expect(result.error?.message).toBeUndefined();
		expect(result.items).toHaveLength(4);
	});

	// LOW. Static data whose lastPollEnd is not a date (hand-edited, or a workflow JSON imported with it):
	// every poll fails with "Invalid Start (date_start): expected a date such as 2026-12-01 …", a field
	// the trigger does not have, and nothing the user can do short of re-creating the node. A lastPollEnd
	// that is not text at all is read as absent (the first poll); text that is not a date is not.
	test('a lastPollEnd that is not a date is read as absent, as one that is not text is', async () => {
		const id = seed(4);
		jest.setSystemTime(at('05:00'));
		const result = await pollTrigger({
			parameters: parameters(id) as never,
			credential: tokenCredential(sim()),
			staticData: { lastPollEnd: 'garbage', seen: {} },
		});
		expect(result.error?.message).toBeUndefined();
		expect(result.items).toHaveLength(4);
	});

	// LOW. README: "a long look-back … is worked through over successive polls, never lost". When the first
	// poll of "Also Dialogs of a Look-Back Period" runs out of time, the next first poll starts the
	// look-back from its own now: each such poll drops one poll interval from the start of the look-back.
	// Observed: 03:00–05:00 out of time at 05:00, then 03:05–04:05 at 05:05 (03:00–03:05 never asked).
	test('a first look-back poll out of time: the next poll still starts where the look-back began', async () => {
		const id = seed(40);
		sim().setReportLatency((period) => (period > 60 * MINUTE ? 3_000 : 0));
		await pollAt(['05:00', '05:05'].map(at), id, { lookBackHours: 2 }, { pollBudgetSeconds: 1 }, {});
		expect(windowsAsked().map((window) => window.slice(0, 8))).toEqual(['03:00:00', '03:00:00']);
	});

	// LOW. The budget warning goes to n8n's log with the server's message: a token the server echoes in
	// base64 (plain and percent-encoded ones are masked) is written there as is. The scrubber is shared
	// (README "Secrets" lists the layers it reads through; base64 is not one), the log line is a new sink.
	test('the budget warning never carries the token, base64 included', async () => {
		const id = seed(4);
		const encoded = Buffer.from(TOKEN).toString('base64');
		sim().script('report', {
			status: 503,
			body: JSON.stringify({ message: `down ${encoded}` }),
		} as never);
		// A budget with room: the 503 (and its text) must arrive within the attempt's share of it, even on a
		// loaded machine; a late one would end the poll by the timeout, and the warning would hold no server
		// text to leak whatever the code does.
		const { results } = await pollAt([at('05:00')], id, {}, { pollBudgetSeconds: 5, initialRetryDelayMs: 10_000 }, START);
		expect([results[0].error, results[0].warnings.length, sim().requests('report').map((entry) => entry.status)]).toEqual([undefined, 1, [503]]);
		expect(results[0].warnings[0]).toContain('(a retry would not end in time)');
		expect(results[0].warnings[0]).not.toContain(encoded);
	});

	// LOW. Version 2, a list from an expression: the refusal names every missing field, however many.
	// Observed: 50,000 names in one error message (about 390 KB), while the fields the answer returned
	// are cut at 20.
	test('a huge list of fields that are not returned: the error names a few of them, not all', async () => {
		const id = seed(4);
		jest.setSystemTime(at('05:00'));
		const dedupeFields = '={{ Array.from({ length: 50000 }, (_, index) => "f" + index) }}';
		const result = await pollTrigger({
			parameters: parameters(id, {
				columnsMode: 'all',
				columns: {},
				dedupeFields,
			}) as never,
			credential: tokenCredential(sim()),
			staticData: START,
			typeVersion: 2,
		});
		expect(result.error?.message).toMatch(/^Invalid Fields Identifying a Dialog: f0, f1, /);
		expect(result.error!.message.length).toBeLessThan(2_000);
	});
});

describe('passing guards: promises that held', () => {
	// The deadline covers the body: half an answer and then silence, or a quick 503 and then a retry that
	// never answers, ends at the budget as a poll out of time, with nothing emitted and the memory kept.
	test.each([
		[
			'half a body, then a stall',
			(response: import('node:http').ServerResponse) => {
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.write('{"data":[{"phone_number":"+79120000001","call_time":"2030-05-01T04:01:00Z"},');
			},
			1,
		],
		[
			'a quick 503, then a retry that never answers',
			(() => {
				let calls = 0;
				return (response: import('node:http').ServerResponse) => {
					if (++calls === 1) response.writeHead(503).end('{"message":"busy"}');
				};
			})(),
			2,
		],
	])('%s: out of budget, nothing emitted, memory kept', async (_, answer, requestsMade) => {
		const { url, server, requests } = await hostile((__, response) => answer(response));
		try {
			jest.setSystemTime(at('05:00'));
			const result = await pollTrigger({
				// 3 s: room for the quick 503 to arrive within the budget on a loaded machine, so the retry is sent.
				parameters: parameters(1001, {}, { pollBudgetSeconds: 3 }) as never,
				credential: { ...tokenCredential(sim()), baseUrl: url },
				staticData: START,
			});
			expect([result.items, result.error, result.staticData, requests()]).toEqual([null, undefined, { ...START, stepMs: 30 * MINUTE }, requestsMade]);
			expect(result.warnings).toHaveLength(1);
		} finally {
			await close(server);
		}
	});

	test('a gap of a year at a 1-minute step, polled every minute: caught up, each dialog once, the memory small', async () => {
		const id = seed(40);
		const times = Array.from({ length: 40 }, (_, index) => new Date(at('05:30').getTime() + index * MINUTE));
		const { results, emitted } = await pollAt(times, id, {}, {}, { lastPollEnd: '2029-05-01T04:00:00.000Z', seen: {}, stepMs: MINUTE });
		expect(results.every((result) => result.error === undefined)).toBe(true);
		expect(results.at(-1)!.staticData.lastPollEnd).toBe(times.at(-1)!.toISOString());
		expect(emitted).toEqual(ALL_40);
		expect(Math.max(...results.map((result) => Object.keys(result.staticData.seen as object).length))).toBeLessThanOrEqual(40);
	});

	test.each([['={{ undefined }}'], ['={{ "" }}'], ['={{ "abc" }}'], [0], ['={{ 0 }}'], [3601], ['={{ 1.5 }}']])('Poll Budget %p is refused before any request', async (value) => {
		const id = seed(4);
		jest.setSystemTime(at('05:00'));
		const result = await pollTrigger({
			parameters: parameters(id, {}, { pollBudgetSeconds: value }) as never,
			credential: tokenCredential(sim()),
			staticData: START,
		});
		expect(result.error?.message).toMatch(/^Invalid Options → Poll Budget \(Seconds\): /);
		expect(result.staticData).toEqual(START);
		expect(sim().requests('report')).toHaveLength(0);
	});

	// Corrected by fix25 (decision 9): the warning now holds no server text at all, only our own facts,
	// so the forged line and the token (in any encoding) cannot reach n8n's log; it was asserted with
	// the server's message, masked.
	test('the budget warning is one line, with no server text (the token never reaches it)', async () => {
		const id = seed(4);
		sim().script('report', {
			status: 503,
			body: JSON.stringify({
				message: `down\n2030-05-01 ERROR forged line ${TOKEN}`,
			}),
		} as never);
		// A budget with room: the 503 must arrive within the attempt's share of it, even on a loaded machine.
		const { results } = await pollAt([at('05:00')], id, {}, { pollBudgetSeconds: 5, initialRetryDelayMs: 10_000 }, START);
		expect([results[0].error, sim().requests('report').map((entry) => entry.status)]).toEqual([undefined, [503]]);
		expect(results[0].warnings).toEqual([
			`IS74 Trigger: the poll of campaign ${id} could not finish within its budget of 5 s (a retry would not end in time). Nothing was emitted and nothing was marked as seen; the next poll asks for 30 minutes from 2030-05-01T03:50:00.000Z instead.`,
		]);
	});
});

describe('passing guards: login and clock', () => {
	test('a login that never answers (login and password) ends at the budget as a poll out of time', async () => {
		const { url, server, requests } = await hostile(() => undefined);
		try {
			jest.setSystemTime(at('05:00'));
			const result = await pollTrigger({
				parameters: parameters(1001, {}, { pollBudgetSeconds: 1 }) as never,
				credential: { ...loginCredential(sim()), baseUrl: url },
				staticData: START,
			});
			expect(requests()).toBe(1);
			expect([result.items, result.error, result.staticData]).toEqual([null, undefined, { ...START, stepMs: 30 * MINUTE }]);
			expect(result.warnings).toHaveLength(1);
		} finally {
			await close(server);
		}
	});

	test('the clock moved back between polls: nothing is emitted twice, nothing is lost', async () => {
		const id = seed(40);
		const first = await pollAt([at('05:00')], id, {}, {}, START);
		const back = await pollAt([at('04:40'), at('04:45'), at('05:05')], id, {}, {}, first.staticData);
		expect([...first.emitted, ...back.emitted]).toEqual(ALL_40.slice(0, 33));
	});
});
