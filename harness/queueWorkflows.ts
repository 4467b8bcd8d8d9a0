/** The workflows the queue-mode suite and benchmark run: webhook-started campaigns, and a polling trigger. */

type Node = { id: string; name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown>; credentials?: unknown; webhookId?: string };

function chain(id: string, nodes: Node[]) {
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1', timezone: 'Asia/Yekaterinburg' }, pinData: {} };
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
		{
			id: 'k',
			name: 'IS74 Campaign',
			type: 'n8n-nodes-is74.is74Campaign',
			typeVersion: 1,
			position: [400, 0],
			credentials,
			parameters: {
				resource: 'campaign',
				operation: 'create',
				projectId: 1,
				startBlockId: 10,
				phoneId: 5,
				campaignName: "={{ $('Webhook').first().json.body.name }}",
				date: "={{ $now.plus({ days: 1 }).toFormat('yyyy-MM-dd') }}",
				startTime: '09:00',
				endTime: '18:00',
				attempts: 2,
				intervalMinutes: 5,
				recipientsMode: 'allItems',
				phone: '={{ $json.phone }}',
				scenarioDataMode: 'fields',
				scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] },
			},
		},
		{
			id: 'a',
			name: 'IS74 Analytics',
			type: 'n8n-nodes-is74.is74Analytics',
			typeVersion: 1,
			position: [600, 0],
			credentials,
			parameters: {
				resource: 'report',
				operation: 'get',
				projectId: 1,
				scenarioId: 951,
				startBlockId: 10,
				campaignId: '={{ $json.campaignId }}',
				period: 'custom',
				start: '={{ $json.schedule.date }}T00:00:00',
				end: '={{ $json.schedule.date }}T23:59:59',
				columnsMode: 'list',
				columns: { column: [{ name: 'phone_number', sorting: 'asc' }, { name: 'name' }] },
				output: 'rows',
			},
		},
	]);
}

/** IS74 Trigger polling one campaign every minute (n8n's shortest poll), each poll looking an hour back. */
export function triggerWorkflow(id: string, campaignId: number, credentialId: string) {
	return chain(id, [
		{
			id: 't',
			name: 'IS74 Trigger',
			type: 'n8n-nodes-is74.is74Trigger',
			typeVersion: 1,
			position: [0, 0],
			credentials: { is74Api: { id: credentialId, name: 'IS74' } },
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				projectId: 1,
				scenarioId: 951,
				startBlockId: 10,
				campaignId,
				columnsMode: 'list',
				columns: { column: [{ name: 'phone_number' }, { name: 'call_time' }, { name: 'status' }] },
				dedupeBy: 'fields',
				dedupeFields: 'phone_number, call_time',
				firstPoll: 'lookBack',
				lookBackHours: 1,
				options: { overlapMinutes: 60 },
			},
		},
		{ id: 'n', name: 'Dialogs', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
	]);
}
