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

/**
 * POST {name, contacts: [{phone, name}]} to the webhook → one item per contact → IS74 Campaign (one
 * campaign named `name`) → IS74 Analytics of that campaign. The webhook answers at once; the rest runs
 * where n8n puts executions (a worker, in queue mode).
 */
export function campaignWorkflow(id: string, path: string, credentialId: string) {
	const credentials = { is74Api: { id: credentialId, name: 'IS74' } };
	return chain(id, [
		{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${path}-hook`, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
		{ id: 's', name: 'Contacts', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.contacts', options: {} } },
		{ id: 'k', name: 'IS74 Campaign', type: CAMPAIGN_TYPE, typeVersion: 1, position: [400, 0], credentials, parameters: campaignNode({ campaignName: "={{ $('Webhook').first().json.body.name }}" }).parameters },
		{
			id: 'a',
			name: 'IS74 Analytics',
			type: ANALYTICS_TYPE,
			typeVersion: 1,
			position: [600, 0],
			credentials,
			parameters: analyticsNode({
				campaignId: '={{ $json.campaignId }}',
				start: '={{ $json.schedule.date }}T00:00:00',
				end: '={{ $json.schedule.date }}T23:59:59',
				columns: { column: [{ name: 'phone_number', sorting: 'asc' }, { name: 'name' }] },
			}).parameters,
		},
	]);
}

/** IS74 Trigger polling one campaign every minute (n8n's shortest poll), each poll looking an hour back. */
export function triggerWorkflow(id: string, campaignId: number, credentialId: string) {
	return chain(id, [
		{
			id: 't',
			name: 'IS74 Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			credentials: { is74Api: { id: credentialId, name: 'IS74' } },
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...triggerParameters(campaignId, { lookBackHours: 1, options: { overlapMinutes: 60 } }) },
		},
		{ id: 'n', name: 'Dialogs', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
	]);
}
