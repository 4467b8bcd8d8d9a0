/** The workflows the queue-mode suite and benchmark run: webhook-started campaigns, and a polling trigger. */
import { ANALYTICS_TYPE, CAMPAIGN_TYPE, DEFAULT_TIMEZONE, TRIGGER_TYPE } from './engine';
import { analyticsNode, campaignNode, triggerParameters } from './workflowNodes';

type Node = { id: string; name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown>; credentials?: unknown; webhookId?: string };

function chain(id: string, nodes: Node[]) {
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1', timezone: DEFAULT_TIMEZONE }, pinData: {} };
}

export const webhookUrl = (base: string, path: string) => `${base}/webhook/${path}`;

/** A webhook that answers at once; what follows runs where n8n puts executions. */
const webhookNode = (path: string): Node => ({ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${path}-hook`, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } });

/** One of the package's nodes on the IS74 credential `credentialId`. */
const is74Node = (id: string, name: string, type: string, x: number, credentialId: string, parameters: Record<string, unknown>): Node => ({ id, name, type, typeVersion: 1, position: [x, 0], credentials: { is74Api: { id: credentialId, name: 'IS74' } }, parameters });

/**
 * POST {name, contacts: [{phone, name}]} to the webhook → one item per contact → IS74 Campaign (one
 * campaign named `name`) → IS74 Analytics of that campaign. The webhook answers at once; the rest runs
 * where n8n puts executions (a worker, in queue mode).
 */
export function campaignWorkflow(id: string, path: string, credentialId: string) {
	return chain(id, [
		webhookNode(path),
		{ id: 's', name: 'Contacts', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.contacts', options: {} } },
		is74Node('k', 'IS74 Campaign', CAMPAIGN_TYPE, 400, credentialId, campaignNode({ campaignName: "={{ $('Webhook').first().json.body.name }}" }).parameters),
		is74Node(
			'a',
			'IS74 Analytics',
			ANALYTICS_TYPE,
			600,
			credentialId,
			analyticsNode({
				campaignId: '={{ $json.campaignId }}',
				start: '={{ $json.schedule.date }}T00:00:00',
				end: '={{ $json.schedule.date }}T23:59:59',
				columns: { column: [{ name: 'phone_number', sorting: 'asc' }, { name: 'name' }] },
			}).parameters,
		),
	]);
}

/** POST anything to the webhook → IS74 Analytics: the dialogs of one campaign (analyticsNode's day). */
export function analyticsWorkflow(id: string, path: string, credentialId: string, campaignId: number) {
	return chain(id, [webhookNode(path), is74Node('a', 'IS74 Analytics', ANALYTICS_TYPE, 200, credentialId, analyticsNode({ campaignId, columns: { column: [{ name: 'phone_number', sorting: 'asc' }] } }).parameters)]);
}

/** The workflow run by n8n's Engine 2.0 (opt-in per workflow on 2.x; the module must be on). */
export function onEngineV2<T extends { settings: Record<string, unknown> }>(workflow: T): T {
	return { ...workflow, settings: { ...workflow.settings, engineType: 'v2' } };
}

/** IS74 Trigger polling one campaign every minute (n8n's shortest poll), each poll looking an hour back. */
export function triggerWorkflow(id: string, campaignId: number, credentialId: string) {
	return chain(id, [
		is74Node('t', 'IS74 Trigger', TRIGGER_TYPE, 0, credentialId, { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...triggerParameters(campaignId, { lookBackHours: 1, options: { overlapMinutes: 60 } }) }),
		{ id: 'n', name: 'Dialogs', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
	]);
}
