/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, no-console -- fake credentials for the local simulator; waits between polls; prints the numbers the run measured */
/**
 * The package in n8n 2.41.1 queue mode: Redis, PostgreSQL, one main process and two workers, each with
 * its own user folder and its own copy of the package (as on separate hosts), the simulator answering.
 */
import { faults, startSimulator, type Is74Simulator } from '../../simulator/server';
import type { DialogRow } from '../../simulator/dialogs';
import { QueueCluster } from '../../harness/queueMode';
import { campaignWorkflow, triggerWorkflow, webhookUrl } from '../../harness/queueWorkflows';

const TOKEN = 'queue-token-3b7e';
const ACCOUNT = { login: 'queue@example.ru', password: 'Queue-Secret-Pass-4' };
const TRIGGER_PREFIX = '+7913';

let sim: Is74Simulator;
let cluster: QueueCluster;
// Trigger dialogs reach the platform when the test says so; every other dialog at once.
const revealed = new Set<string>();
let triggerCampaignId = 0;

/** A campaign called today, its one-minute window ten minutes ago (platform time, UTC+5): 15 dialogs. */
function seedTriggerCampaign(): number {
	const local = new Date(Date.now() - 10 * 60_000 + 5 * 3_600_000);
	if (local.getUTCHours() === 23 && local.getUTCMinutes() === 59) local.setUTCMinutes(58);
	const hhmm = (date: Date) => date.toISOString().slice(11, 16);
	return sim.seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Polled in queue mode',
			start_block_id: 10,
			phone_id: 5,
			state: 'Создано',
			schedule: { date: local.toISOString().slice(0, 10), start_time: hhmm(local), end_time: hhmm(new Date(local.getTime() + 60_000)), periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
		},
		phones: triggerPhones(0, 15).map((phone) => ({ phone })),
	}).id;
}

const triggerPhones = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `${TRIGGER_PREFIX}${String(from + index).padStart(7, '0')}`);

/** Forgets the log and scripted faults; dialogs keep arriving as the test says (reset() forgets that too). */
function resetSimulator(): void {
	sim.reset();
	sim.setArrivalDelay((row: DialogRow) => {
		if (!String(row.phone_number).startsWith(TRIGGER_PREFIX)) return Number.NEGATIVE_INFINITY;
		return revealed.has(String(row.phone_number)) ? 0 : Number.POSITIVE_INFINITY;
	});
}

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN], accounts: [ACCOUNT], clock: () => new Date() });
	resetSimulator();
	triggerCampaignId = seedTriggerCampaign();
	for (const phone of triggerPhones(0, 5)) revealed.add(phone);

	// The login credential starts with a session token, as one that has been used before: every later
	// login is then a re-login after a 401, none the first login of a credential nobody has used yet.
	const login = await fetch(`${sim.url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ACCOUNT) });
	const { token: sessionToken } = (await login.json()) as { token: string };

	cluster = await QueueCluster.create(2);
	await cluster.importFile('credentials', [
		{ id: 'is74queuetoken01', name: 'IS74 Token', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } },
		{ id: 'is74queuelogin01', name: 'IS74 Login', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'loginPassword', ...ACCOUNT, loginPath: '/api/login', sessionToken } },
	]);
	await cluster.importFile('workflow', [
		campaignWorkflow('queueCampaign001', 'is74-queue-campaign', 'is74queuelogin01'),
		campaignWorkflow('queueKill0000001', 'is74-queue-kill', 'is74queuetoken01'),
		triggerWorkflow('queueTrigger0001', triggerCampaignId, 'is74queuetoken01'),
	]);
	for (const id of ['queueCampaign001', 'queueKill0000001', 'queueTrigger0001']) await cluster.cli(['publish:workflow', `--id=${id}`]);
	await cluster.startMain();
	await Promise.all([cluster.startWorker('worker-1'), cluster.startWorker('worker-2')]);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sim?.stop();
}, 120_000);

async function until<T>(what: string, read: () => T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs / 1000} s\n${cluster.logs()}`);
		await new Promise((wait) => setTimeout(wait, 500));
	}
}

const contactsOf = (run: number) => [
	{ phone: `+7912${String(run).padStart(2, '0')}00001`, name: `Contact ${run}-1` },
	{ phone: `+7912${String(run).padStart(2, '0')}00002`, name: `Contact ${run}-2` },
	{ phone: `+7912${String(run).padStart(2, '0')}00003`, name: `Contact ${run}-3` },
];

test('twenty contacts → Campaign → Analytics executions at once, run by both workers, the login token expiring during the run', async () => {
	const runs = Array.from({ length: 20 }, (_, index) => index + 1);
	resetSimulator();
	// A login token serves 7 calls: the 40 calls of the run (a create and a report each) outlive several.
	sim.expireTokensAfter(7);
	const answers = await Promise.all(
		runs.map(async (run) => {
			const response = await fetch(webhookUrl(cluster.mainUrl, 'is74-queue-campaign'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `Queue run ${run}`, contacts: contactsOf(run) }) });
			return response.status;
		}),
	);
	expect(answers).toEqual(runs.map(() => 200));

	const executions = await until('twenty finished executions', () => cluster.executions('queueCampaign001'), (rows) => rows.length === 20 && rows.every((row) => row.status !== 'running' && row.status !== 'new'), 300_000);
	expect(executions.map((row) => row.status)).toEqual(runs.map(() => 'success'));

	// Which worker ran each: each worker logs "Worker started execution <id>".
	const byWorker = cluster.executionsByWorker();
	const ids = executions.map((row) => row.id);
	const ranBy = (id: number) => Object.entries(byWorker).filter(([, list]) => list.includes(id)).map(([role]) => role);
	expect(ids.map((id) => ranBy(id).length)).toEqual(ids.map(() => 1));
	expect(byWorker['worker-1'].filter((id) => ids.includes(id)).length).toBeGreaterThan(0);
	expect(byWorker['worker-2'].filter((id) => ids.includes(id)).length).toBeGreaterThan(0);

	// Each execution created exactly its own campaign, and reported on that one.
	const creates = sim.requests('campaigns').filter((entry) => entry.status === 200);
	expect(creates.map((entry) => (entry.body as { campaign: { name: string } }).campaign.name).sort()).toEqual(runs.map((run) => `Queue run ${run}`).sort());
	const createdNames = [...sim.campaigns.values()].filter((campaign) => String(campaign.body.campaign.name).startsWith('Queue run')).map((campaign) => campaign.body.campaign.name);
	expect(createdNames.sort()).toEqual(runs.map((run) => `Queue run ${run}`).sort());
	for (const row of executions) {
		const data = cluster.executionData(row.id);
		const campaign = data.resultData.runData['IS74 Campaign'][0].data!.main[0][0].json;
		const stored = sim.campaigns.get(Number(campaign.campaignId))!;
		const run = Number(String(stored.body.campaign.name).replace('Queue run ', ''));
		expect(stored.body.phones).toEqual(contactsOf(run).map(({ phone, name: contact }) => ({ phone, add_data: { name: contact } })));
		const report = data.resultData.runData['IS74 Analytics'][0].data!.main[0].map((item) => item.json.phone_number);
		expect(report.sort()).toEqual(contactsOf(run).map(({ phone }) => phone));
	}

	// Re-logins: every 401 is one request that met an expired token; n8n logs in again once for it and
	// repeats that request (a 401 create created nothing). Processes do not share a refresh: executions
	// that meet the same expired token each log in (the platform's tokens are independent of each other).
	const unauthorized = sim.log.filter((entry) => entry.status === 401);
	const logins = sim.requests('login');
	expect(logins.every((entry) => entry.status === 200)).toBe(true);
	expect(logins.length).toBe(unauthorized.length);
	expect(sim.requests('campaigns').length).toBe(20 + unauthorized.filter((entry) => entry.route === 'campaigns').length);
	console.log(
		`[queue] 20 executions: worker-1 ran ${byWorker['worker-1'].filter((id) => ids.includes(id)).length}, worker-2 ran ${byWorker['worker-2'].filter((id) => ids.includes(id)).length}; ` +
			`${logins.length} logins for ${unauthorized.length} answers 401 (${unauthorized.filter((entry) => entry.route === 'campaigns').length} creates, ${unauthorized.filter((entry) => entry.route === 'report').length} reports); ` +
			`campaigns created: ${creates.length}`,
	);
}, 600_000);

test('the IS74 Trigger emits each new dialog in exactly one execution, across polls and a restart of the main process', async () => {
	const emitted = () =>
		cluster
			.executions('queueTrigger0001')
			.filter((row) => row.status === 'success')
			.map((row) => (cluster.executionData(row.id).resultData.runData['IS74 Trigger']?.[0]?.data?.main[0] ?? []).map((item) => String(item.json.phone_number)).sort());
	// Activation at start-up polled once: the five dialogs there were.
	expect(await until('the first poll', emitted, (batches) => batches.length >= 1, 180_000)).toEqual([triggerPhones(0, 5)]);

	for (const phone of triggerPhones(5, 10)) revealed.add(phone);
	expect(await until('the next poll', emitted, (batches) => batches.length >= 2, 150_000)).toEqual([triggerPhones(0, 5), triggerPhones(5, 10)]);

	// Dialogs that arrive while the main process is down are emitted once, after it comes back.
	await cluster.stopProcess('main');
	for (const phone of triggerPhones(10, 15)) revealed.add(phone);
	await cluster.startMain();
	expect(await until('the poll after the restart', emitted, (batches) => batches.length >= 3, 180_000)).toEqual([triggerPhones(0, 5), triggerPhones(5, 10), triggerPhones(10, 15)]);

	// One more poll finds nothing new: no execution starts.
	const polls = () => sim.requests('report').filter((entry) => (entry.body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id === triggerCampaignId).length;
	const before = polls();
	await until('one more poll', polls, (count) => count > before, 150_000);
	await new Promise((wait) => setTimeout(wait, 5_000));
	expect(emitted()).toEqual([triggerPhones(0, 5), triggerPhones(5, 10), triggerPhones(10, 15)]);
	expect(cluster.executions('queueTrigger0001').map((row) => row.status)).toEqual(['success', 'success', 'success']);
	// The trigger polls on the main process; the executions it starts run on the workers.
	const byWorker = Object.values(cluster.executionsByWorker()).flat();
	for (const row of cluster.executions('queueTrigger0001')) expect(byWorker).toContain(row.id);
}, 900_000);

test('a worker killed in the middle of a create: n8n marks the execution, the campaign exists once, nothing sends it again', async () => {
	resetSimulator();
	// The platform creates the campaign, then holds its answer: the worker is killed while it waits.
	sim.script('campaigns', faults.slow(120_000));
	const response = await fetch(webhookUrl(cluster.mainUrl, 'is74-queue-kill'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Killed mid-create', contacts: contactsOf(99) }) });
	expect(response.status).toBe(200);
	await until('the create to arrive', () => sim.requests('campaigns').length, (count) => count === 1, 120_000);
	const [execution] = await until('the execution', () => cluster.executions('queueKill0000001'), (rows) => rows.length === 1, 30_000);
	const runner = await until('the worker that runs it', () => Object.entries(cluster.executionsByWorker()).find(([, list]) => list.includes(execution.id))?.[0], (role) => role !== undefined, 30_000);
	await cluster.killProcess(runner as 'worker-1' | 'worker-2');
	const killedAt = Date.now();

	// What n8n does: observed until the execution leaves "running", or for three minutes.
	const deadline = Date.now() + 180_000;
	let status = cluster.executions('queueKill0000001')[0].status;
	while (status === 'running' && Date.now() < deadline) {
		await new Promise((wait) => setTimeout(wait, 2_000));
		status = cluster.executions('queueKill0000001')[0].status;
	}
	const afterKill = cluster.executions('queueKill0000001');
	const data = (() => {
		try {
			return cluster.executionData(execution.id);
		} catch {
			return undefined;
		}
	})();
	console.log(
		`[queue] killed ${runner} during execution ${execution.id}: ${((Date.now() - killedAt) / 1000).toFixed(0)} s later its status is ${JSON.stringify(afterKill.map((row) => row.status))}, ` +
			`nodes with run data: ${JSON.stringify(Object.keys(data?.resultData.runData ?? {}))}; error: ${data?.resultData.error?.message ?? '(none)'}`,
	);

	// The killed worker comes back; the surviving one kept running. Nothing sends the create again.
	await cluster.startWorker(runner as 'worker-1' | 'worker-2');
	await new Promise((wait) => setTimeout(wait, 10_000));
	expect(sim.requests('campaigns')).toHaveLength(1);
	expect([...sim.campaigns.values()].filter((campaign) => campaign.body.campaign.name === 'Killed mid-create')).toHaveLength(1);
	expect(cluster.executions('queueKill0000001')).toHaveLength(1);
	expect(afterKill[0].status).not.toBe('success');
}, 600_000);
