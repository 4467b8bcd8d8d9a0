/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, no-console -- fake credentials for the local simulator; waits between polls; prints the numbers the run measured */
/**
 * The package in n8n 2.41.1 queue mode: Redis, PostgreSQL, one main process and two workers, each with
 * its own user folder and its own copy of the package (as on separate hosts), the simulator answering.
 */
import { faults, startSimulator, type Is74Simulator } from '../../simulator/server';
import { QueueCluster } from '../../harness/queueMode';
import { campaignWorkflow, triggerWorkflow, webhookUrl } from '../../harness/queueWorkflows';
import { PolledDialogs, provesTriggerAcrossRestart, until as untilIn } from './triggerAcrossRestart';

const TOKEN = 'queue-token-3b7e';
const ACCOUNT = { login: 'queue@example.ru', password: 'Queue-Secret-Pass-4' };

let sim: Is74Simulator;
let cluster: QueueCluster;
let dialogs: PolledDialogs;

/** Forgets the log and scripted faults; the trigger's dialogs keep arriving as the test says. */
function resetSimulator(): void {
	sim.reset();
	dialogs.arrive();
}

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN], accounts: [ACCOUNT], clock: () => new Date() });
	dialogs = new PolledDialogs(sim);
	dialogs.reveal(0, 5);

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
		triggerWorkflow('queueTrigger0001', dialogs.campaignId, 'is74queuetoken01'),
	]);
	for (const id of ['queueCampaign001', 'queueKill0000001', 'queueTrigger0001']) await cluster.cli(['publish:workflow', `--id=${id}`]);
	await cluster.startMain();
	await Promise.all([cluster.startWorker('worker-1'), cluster.startWorker('worker-2')]);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sim?.stop();
}, 120_000);

const until = <T>(what: string, read: () => T, done: (value: T) => boolean, timeoutMs: number) => untilIn(cluster, what, read, done, timeoutMs);

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
	await provesTriggerAcrossRestart(cluster, dialogs, 'queueTrigger0001');
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
