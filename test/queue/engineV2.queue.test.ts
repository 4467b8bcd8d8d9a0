/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals -- fake credentials for the local simulators; waits */
/**
 * The package on n8n 2.41.1's Engine 2.0 (`settings.engineType: "v2"`, the `engine-v2` module, its data
 * plane in PostgreSQL; regular mode: the module refuses queue mode). IS74 Campaign and IS74 Analytics,
 * in both credential modes, fail with the nodes' clear error and send nothing; IS74 Trigger, in both
 * modes, polls (in n8n itself) and starts executions on the engine.
 */
import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { freePort } from '../../harness/n8nInstance';
import { QueueCluster } from '../../harness/queueMode';
import { analyticsWorkflow, campaignWorkflow, onEngineV2, triggerWorkflow, webhookUrl } from '../../harness/queueWorkflows';
import { PolledDialogs, triggerPhones, until as untilIn } from './triggerAcrossRestart';

const TOKEN = 'engine-v2-token-61c9';
const ACCOUNT = { login: 'engine@example.ru', password: 'Engine-Secret-Pass-7' };
const ENGINE_V2_ERROR =
	"n8n's Engine 2.0 cannot use the IS74 credential yet: it refuses credentials whose session token expires (both the access token and the login-and-password modes). Set this workflow's Settings → engine back to the default.";
const MODES = ['token', 'login'] as const;

// Campaign and Analytics talk to `refusing` (which must hear nothing), the triggers to `polled`.
let refusing: Is74Simulator;
let polled: Is74Simulator;
let cluster: QueueCluster;
let dialogs: PolledDialogs;

const credentials = (prefix: string, sim: Is74Simulator) => [
	{ id: `${prefix}token`, name: 'IS74 Token', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } },
	{ id: `${prefix}login`, name: 'IS74 Login', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'loginPassword', ...ACCOUNT, loginPath: '/api/login', sessionToken: '' } },
];

beforeAll(async () => {
	refusing = await startSimulator({ staticTokens: [TOKEN], accounts: [ACCOUNT], clock: () => new Date() });
	polled = await startSimulator({ staticTokens: [TOKEN], accounts: [ACCOUNT], clock: () => new Date() });
	dialogs = new PolledDialogs(polled);
	dialogs.reveal(0, 5);

	cluster = await QueueCluster.create(0, 'regular', {
		N8N_ENABLED_MODULES: 'engine-v2',
		N8N_ENGINE_HOST: '127.0.0.1',
		N8N_ENGINE_PORT: String(await freePort()),
		N8N_ENGINE_CONTROL_PLANE_PORT: String(await freePort()),
	});
	cluster.extraEnv.N8N_ENGINE_DATABASE_URL = cluster.createDatabase('engine');
	await cluster.importFile('credentials', [...credentials('is74engnrefuse', refusing), ...credentials('is74engnpolled', polled)]);
	await cluster.importFile('workflow', [
		...MODES.map((mode) => onEngineV2(campaignWorkflow(`engineCampaign${mode}`, `is74-engine-campaign-${mode}`, `is74engnrefuse${mode}`))),
		...MODES.map((mode) => onEngineV2(analyticsWorkflow(`engineReport${mode}`, `is74-engine-report-${mode}`, `is74engnrefuse${mode}`, 1001))),
		...MODES.map((mode) => onEngineV2(triggerWorkflow(`engineTrigger${mode}`, dialogs.campaignId, `is74engnpolled${mode}`))),
	]);
	for (const mode of MODES) for (const kind of ['Campaign', 'Report', 'Trigger']) await cluster.cli(['publish:workflow', `--id=engine${kind}${mode}`]);
	await cluster.startMain();
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await refusing?.stop();
	await polled?.stop();
}, 120_000);

const until = <T>(what: string, read: () => T, done: (value: T) => boolean, timeoutMs: number) => untilIn(cluster, what, read, done, timeoutMs);

interface EngineExecution {
	id: string;
	status: string;
	trigger_outputs: unknown;
}

/** Executions Engine 2.0 stored in its own database (not n8n's execution_entity), oldest first. */
const engineExecutions = (workflowId: string) => cluster.rows<EngineExecution>(`select id, status, trigger_outputs from workflow_execution where workflow_id = '${workflowId}' order by created_at`, 'engine');

/** The errors of an execution's failed steps, as the engine stored them. */
const failedSteps = (executionId: string) => cluster.rows<{ node_id: string; name: string; message: string }>(`select node_id, error->>'name' as name, error->>'message' as message from workflow_step_execution where execution_id = '${executionId}' and status = 'failed'`, 'engine');

/** The phone numbers among the items a trigger handed to the engine. */
function phonesIn(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(phonesIn);
	if (typeof value !== 'object' || value === null) return [];
	const record = value as Record<string, unknown>;
	if (typeof record.phone_number === 'string') return [record.phone_number];
	return Object.values(record).flatMap(phonesIn);
}

test('Engine 2.0: IS74 Campaign and IS74 Analytics, both credential modes, fail with the clear error and send nothing', async () => {
	const workflows = MODES.flatMap((mode) => [`engineCampaign${mode}`, `engineReport${mode}`]);
	for (const mode of MODES) {
		for (const path of [`is74-engine-campaign-${mode}`, `is74-engine-report-${mode}`]) {
			// n8n answers readiness before it has activated the published workflows: an unregistered
			// webhook (404) ran nothing, so it is asked again.
			const deadline = Date.now() + 120_000;
			let response: Response;
			do {
				response = await fetch(webhookUrl(cluster.mainUrl, path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `Engine ${mode}`, contacts: [{ phone: '+79120000001', name: 'Contact' }] }) });
				if (response.status === 404) await new Promise((wait) => setTimeout(wait, 1_000));
			} while (response.status === 404 && Date.now() < deadline);
			expect(response.status).toBe(200);
		}
	}
	const settled = (workflowId: string) => engineExecutions(workflowId).filter((row) => row.status === 'failed' || row.status === 'completed');
	await until('four finished engine executions', () => workflows.map((id) => settled(id).length), (counts) => counts.every((count) => count === 1), 120_000);

	for (const workflowId of workflows) {
		const [execution] = engineExecutions(workflowId);
		expect(execution.status).toBe('failed');
		// The one IS74 node failed (Campaign k, Analytics a), with the nodes' error.
		expect(failedSteps(execution.id)).toEqual([{ node_id: workflowId.startsWith('engineCampaign') ? 'k' : 'a', name: 'NodeOperationError', message: ENGINE_V2_ERROR }]);
	}
	// Nothing reached the platform: no login, no campaign, no report.
	expect(refusing.log).toEqual([]);
	expect(refusing.campaigns.size).toBe(0);
}, 300_000);

test('Engine 2.0: IS74 Trigger, both credential modes, polls and starts one execution per batch of new dialogs', async () => {
	const batches = (workflowId: string) => engineExecutions(workflowId).filter((row) => row.status === 'completed').map((row) => phonesIn(row.trigger_outputs).sort());
	for (const mode of MODES) expect(await until(`the first poll (${mode})`, () => batches(`engineTrigger${mode}`), (list) => list.length >= 1, 180_000)).toEqual([triggerPhones(0, 5)]);
	dialogs.reveal(5, 10);
	for (const mode of MODES) expect(await until(`the next poll (${mode})`, () => batches(`engineTrigger${mode}`), (list) => list.length >= 2, 150_000)).toEqual([triggerPhones(0, 5), triggerPhones(5, 10)]);
	for (const mode of MODES) expect(engineExecutions(`engineTrigger${mode}`).map((row) => row.status)).toEqual(['completed', 'completed']);
	// The engine keeps them in its own database, not in n8n's execution_entity.
	for (const mode of MODES) expect(cluster.executions(`engineTrigger${mode}`)).toEqual([]);
	// The login credential logged in once and kept its session token (the poll runs in n8n's main,
	// through n8n's own credentials, not on the engine).
	expect(polled.requests('login').map((entry) => entry.status)).toEqual([200]);
}, 600_000);
