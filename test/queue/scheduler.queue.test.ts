/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- a fake token for the local simulator */
/**
 * IS74 Trigger in n8n 2.41.1 queue mode with n8n's durable scheduler on (it runs on every main: the
 * poll on the main, the executions on a worker): each new dialog starts exactly one execution across
 * polls and a restart of the main process, the trigger's memory kept as the cursor in `poller_state`.
 */
import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { DURABLE_SCHEDULER } from '../../harness/n8nInstance';
import { QueueCluster } from '../../harness/queueMode';
import { triggerWorkflow } from '../../harness/queueWorkflows';
import { PolledDialogs, provesTriggerAcrossRestart, triggerPhones } from './triggerAcrossRestart';

const TOKEN = 'scheduler-queue-token-8a2f';
const WORKFLOW = 'queueSchedTrig01';

let sim: Is74Simulator;
let cluster: QueueCluster;
let dialogs: PolledDialogs;

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN], clock: () => new Date() });
	dialogs = new PolledDialogs(sim);
	dialogs.reveal(0, 5);
	// One worker: the executions leave the main all the same.
	cluster = await QueueCluster.create(1, 'queue', DURABLE_SCHEDULER);
	await cluster.importFile('credentials', [{ id: 'is74schedqtoken1', name: 'IS74 Token', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } }]);
	await cluster.importFile('workflow', [triggerWorkflow(WORKFLOW, dialogs.campaignId, 'is74schedqtoken1')]);
	await cluster.cli(['publish:workflow', `--id=${WORKFLOW}`]);
	await cluster.startMain();
	await cluster.startWorker('worker-1');
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sim?.stop();
}, 120_000);

test('durable scheduler on: the IS74 Trigger emits each new dialog in exactly one execution, across polls and a restart of the main process', async () => {
	await provesTriggerAcrossRestart(cluster, dialogs, WORKFLOW);
	// The scheduler polled (a poll outside it would write no cursor), and the trigger's memory is the
	// cursor: the fifteen dialogs remembered, how far it got.
	const cursors = cluster.rows<{ nodeId: string; cursor: { lastPollEnd?: string; seen?: Record<string, number> } }>(`select "nodeId", cursor from poller_state where "workflowId" = '${WORKFLOW}'`);
	expect(cursors.map((row) => row.nodeId)).toEqual(['t']);
	expect(Object.keys(cursors[0].cursor.seen ?? {})).toHaveLength(triggerPhones(0, 15).length);
	expect(typeof cursors[0].cursor.lastPollEnd).toBe('string');
}, 900_000);
