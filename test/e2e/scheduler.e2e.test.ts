/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, no-console -- fake credentials for the local simulator; waits between polls; prints the numbers the run measured */
/**
 * IS74 Trigger in a real n8n server, polling every minute (n8n's shortest poll), with n8n's durable
 * scheduler on (2.x: N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE) and off. One scenario,
 * one poll per step: activation, new dialogs, a platform slower than the Poll Budget (the poll gives
 * up, then recovers), an outage, then a platform slow on long periods (the gap is caught up in
 * steps), a republish, a deactivate/activate. Each dialog must start exactly one execution.
 * On 2.x both modes run at once (two servers, two simulators: the wall time of one); 1.x has no
 * durable scheduler, so only "off" runs there.
 */
import { parse as parseFlatted } from 'flatted';

import { startSimulator, faults, type Is74Simulator } from '../../simulator/server';
import { campaignDialogs } from '../../simulator/dialogs';
import { DURABLE_SCHEDULER, N8N_LINE, N8nInstance } from '../../harness/n8nInstance';
import { DEFAULT_TIMEZONE, TRIGGER_TYPE } from '../../harness/engine';
import { triggerParameters } from '../../harness/workflowNodes';

const OWNER = { email: 'owner@example.com', password: 'Is74-e2e-Owner1' };
const TOKEN = 'scheduler-token-5c1d';
/** The trigger's budget here; the slow platform answers in 8 s. */
const BUDGET_SECONDS = 5;
const SLOW_MS = 8_000;

jest.setTimeout(20 * 60_000);

type Window = { start: string; end: string; at: number; status: number };

interface Observed {
	mode: string;
	seconds: number;
	windows: Window[];
	outOfBudget: number;
	abandonedByN8n: number;
	executions: string[][];
	expected: string[];
}

async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number, logs: () => string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs / 1000} s\n${logs().slice(-4000)}`);
		await new Promise((wait) => setTimeout(wait, 500));
	}
}

/** A campaign called from the next minute on, three dialogs a minute for 15 minutes (platform time, UTC+5). */
function seedCampaign(sim: Is74Simulator): number {
	const local = new Date(Date.now() + 60_000 + 5 * 3_600_000);
	// A window that stays within the day.
	if (local.getUTCHours() === 23 && local.getUTCMinutes() > 40) local.setUTCMinutes(40);
	const hhmm = (date: Date) => date.toISOString().slice(11, 16);
	return sim.seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Polled by the scheduler',
			start_block_id: 10,
			phone_id: 5,
			state: 'Создано',
			schedule: { date: local.toISOString().slice(0, 10), start_time: hhmm(local), end_time: hhmm(new Date(local.getTime() + 15 * 60_000)), periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
		},
		phones: Array.from({ length: 45 }, (_, index) => ({ phone: `+7913${String(index).padStart(6, '0')}` })),
	}).id;
}

async function scenario(mode: 'on' | 'off'): Promise<Observed> {
	const began = Date.now();
	const sim = await startSimulator({ staticTokens: [TOKEN], clock: () => new Date() });
	const n8n = await N8nInstance.create(`scheduler-${mode}`);
	const logs = () => n8n.logs.join('');
	try {
		const campaignId = seedCampaign(sim);
		await n8n.importCredentials([{ id: 'is74sched0000001', name: 'IS74', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } }]);
		const url = await n8n.start(OWNER, { extraEnv: mode === 'on' ? DURABLE_SCHEDULER : {} });
		const login = await fetch(`${url}/rest/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }) });
		expect(login.status).toBe(200);
		const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], 'Content-Type': 'application/json' };
		const rest = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
			const text = await response.text();
			if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
			return (JSON.parse(text) as { data: Record<string, unknown> }).data;
		};

		const created = await rest('POST', '/workflows', {
			name: `IS74 Trigger, scheduler ${mode}`,
			// 1.x wants it said.
			active: false,
			nodes: [
				{
					id: 't',
					name: 'IS74 Trigger',
					type: TRIGGER_TYPE,
					typeVersion: 2,
					position: [0, 0],
					credentials: { is74Api: { id: 'is74sched0000001', name: 'IS74' } },
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						...triggerParameters(campaignId, { firstPoll: 'lookBack', lookBackHours: 1, dedupeFields: ['phone_number', 'call_time'], options: { overlapMinutes: 1, maxRetries: 0, pollBudgetSeconds: BUDGET_SECONDS } }),
					},
				},
				{ id: 'n', name: 'Each new dialog', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
			],
			connections: { 'IS74 Trigger': { main: [[{ node: 'Each new dialog', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', timezone: DEFAULT_TIMEZONE },
		});
		const id = created.id as string;
		let versionId = created.versionId as string;
		await rest('POST', `/workflows/${id}/activate`, { versionId });

		const windows = (): Window[] =>
			sim.requests('report').map((entry) => {
				const filter = (entry.body as { analytics_filter: { date_start: string; date_end: string } }).analytics_filter;
				return { start: filter.date_start, end: filter.date_end, at: entry.receivedAt.getTime(), status: entry.status };
			});
		const outOfBudget = () => logs().split('could not finish within its budget').length - 1;
		const nextRequests = async (count: number, what: string) => {
			const before = windows().length;
			await until(what, windows, (list) => list.length >= before + count && list.slice(before, before + count).every((window) => window.status !== 0), 4 * 60_000, logs);
		};

		// Activation polls at once (a look-back of an hour: nothing yet), then every minute.
		await nextRequests(1, 'the poll at activation');
		await nextRequests(1, 'a normal poll');

		// An outage (503) of two polls, then a platform slow on periods longer than 3.5 minutes: the first
		// poll after the outage asks for more and gives up within its budget; the next ones work through
		// the gap in shorter steps until a period reaches the time it was asked at.
		sim.script('report', faults.serverError(503, 'Service Unavailable'), faults.serverError(503, 'Service Unavailable'));
		await nextRequests(2, 'two polls during the outage');
		sim.setReportLatency((period) => (period > 3.5 * 60_000 ? SLOW_MS : 0));
		await until('a poll giving up on the long period', outOfBudget, (count) => count >= 1, 3 * 60_000, logs);
		const since = Date.now();
		await until('the gap caught up', windows, (list) => list.some((window) => window.at > since && window.status === 200 && Math.abs(Date.parse(window.end) - window.at) < 5_000), 6 * 60_000, logs);
		sim.setReportLatency(undefined);

		// A platform slower than the budget on every period: the poll gives up, the next one recovers.
		const givenUp = outOfBudget();
		sim.setLatency('report', SLOW_MS);
		await until('a poll giving up on a slow platform', outOfBudget, (count) => count > givenUp, 3 * 60_000, logs);
		sim.setLatency('report', 0);

		// A republish (a new version published while active), then a deactivate/activate.
		const updated = await rest('PATCH', `/workflows/${id}`, { name: `IS74 Trigger, scheduler ${mode}, republished`, versionId });
		versionId = updated.versionId as string;
		await rest('POST', `/workflows/${id}/activate`, { versionId });
		await nextRequests(1, 'a poll after the republish');
		await rest('POST', `/workflows/${id}/deactivate`, {});
		await rest('POST', `/workflows/${id}/activate`, { versionId });
		await nextRequests(1, 'a poll after the deactivate/activate');

		// Let the last executions finish, then read what each execution received.
		await new Promise((wait) => setTimeout(wait, 5_000));
		const listed = (await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: id }))}`)) as unknown as { results: Array<{ id: string; status: string }> };
		const executions: string[][] = [];
		for (const row of listed.results) {
			const execution = (await rest('GET', `/executions/${row.id}`)) as { data: string };
			const data = parseFlatted(execution.data) as { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
			executions.push((data.resultData.runData['IS74 Trigger']?.[0]?.data?.main[0] ?? []).map((item) => String(item.json.phone_number)).sort());
		}
		// Every dialog called within the periods the trigger read successfully, from the first one's start.
		const read = windows().filter((window) => window.status === 200);
		const from = Date.parse(read[0].start);
		const to = Math.max(...read.map((window) => Date.parse(window.end)));
		const expected = campaignDialogs(sim.campaigns.get(campaignId)!)
			.filter((row) => Date.parse(String(row.call_time)) >= from && Date.parse(String(row.call_time)) <= to)
			.map((row) => String(row.phone_number))
			.sort();
		return {
			mode,
			seconds: Math.round((Date.now() - began) / 1000),
			windows: windows(),
			outOfBudget: outOfBudget(),
			abandonedByN8n: logs().split('Poll exceeded its timeout and was abandoned').length - 1,
			executions,
			expected,
		};
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}

function check(observed: Observed): void {
	const delivered = observed.executions.flat();
	// Each dialog once: none twice, none lost.
	expect(delivered.length).toBe(new Set(delivered).size);
	expect([...delivered].sort()).toEqual(observed.expected);
	expect(observed.expected.length).toBeGreaterThan(0);
	// The slow platform made polls give up within the budget; n8n abandoned none.
	expect(observed.outOfBudget).toBeGreaterThanOrEqual(2);
	expect(observed.abandonedByN8n).toBe(0);
	console.log(
		`[scheduler ${observed.mode}] ${observed.seconds} s; ${observed.windows.length} report requests (${observed.windows.filter((window) => window.status === 200).length} answered); ` +
			`${observed.outOfBudget} polls out of budget; ${observed.abandonedByN8n} abandoned by n8n; ${delivered.length} dialogs in ${observed.executions.filter((items) => items.length > 0).length} executions ` +
			`(and ${observed.executions.filter((items) => items.length === 0).length} failed-poll records)\n` +
			observed.windows.map((window) => `  ${new Date(window.at).toISOString().slice(11, 19)} ${window.start.slice(11, 19)}–${window.end.slice(11, 19)} ${window.status}`).join('\n'),
	);
}

if (N8N_LINE >= 2) {
	test('durable scheduler on and off, at once: each dialog one execution through a slow platform, an outage, a catch-up, a republish and a deactivate/activate', async () => {
		const [on, off] = await Promise.all([scenario('on'), scenario('off')]);
		check(on);
		check(off);
	});
} else {
	// n8n 1.x has no durable scheduler (it came in 2.32–2.37): only the scheduler-off run applies.
	test('scheduler off (1.x has none): each dialog one execution through a slow platform, an outage, a catch-up, a republish and a deactivate/activate', async () => {
		check(await scenario('off'));
	});
}
