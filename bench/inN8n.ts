/**
 * Part 3 of the benchmark, inside one real n8n: our nodes versus the workflows users build without
 * them. Times are n8n's own per-node execution times from `n8n execute --rawOutput`.
 */
import { DateTime } from 'luxon';

import { startSimulator } from '../simulator/server';
import { N8nInstance } from '../harness/n8nInstance';
import { summarize, type Sample } from './common';

const TOKEN = 'bench-n8n-token';
const ZONE = 'Asia/Yekaterinburg';

export interface InN8nRow {
	size: string;
	ours: { name: string; sample: Sample };
	theirs: { name: string; sample: Sample };
	ratio: number;
}

type Node = Record<string, unknown> & { name: string };

function chain(id: string, nodes: Node[]) {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, index) => {
		node.id ??= `${id}-${index}`;
		node.position ??= [index * 220, 0];
		node.typeVersion ??= 1;
		if (index < nodes.length - 1) connections[node.name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	});
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1', timezone: ZONE }, pinData: {} };
}

export async function inN8nBenchmark(repetitions: number, log: (line: string) => void): Promise<InN8nRow[]> {
	const sim = await startSimulator({ staticTokens: [TOKEN], logBodies: false });
	const n8n = await N8nInstance.create('bench');
	try {
		await n8n.importCredentials([{ id: 'benchcred0000001', name: 'IS74 bench', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } }]);
		const date = DateTime.now().setZone(ZONE).plus({ days: 7 }).toISODate();
		const header = { project_id: 1, name: 'Bench', description: '', start_block_id: 10, schedule: { date, start_time: '09:00', end_time: '17:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 2, title: '2' }, interval: '5' }, state: 'Создано', phone_id: 5 };
		const manual = (): Node => ({ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', parameters: {} });
		const contacts = (): Node => ({
			name: 'Contacts',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: "return Array.from({ length: 10000 }, (_, i) => ({ json: { phone: '+79' + String(i).padStart(9, '0'), name: 'Contact ' + i } }));" },
		});
		const credentials = { is74Api: { id: 'benchcred0000001', name: 'IS74 bench' } };
		const httpPost = (name: string, path: string, jsonBody: string): Node => ({
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${sim.url}${path}`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody,
				options: {},
			},
		});
		const workflows = [
			chain('benchOursCampaign', [
				manual(),
				contacts(),
				{
					name: 'IS74 Campaign',
					type: 'n8n-nodes-is74.is74Campaign',
					credentials,
					parameters: { resource: 'campaign', operation: 'create', projectId: 1, startBlockId: 10, phoneId: 5, campaignName: 'Bench', date, startTime: '09:00', endTime: '17:00', attempts: 2, intervalMinutes: 5, recipientsMode: 'allItems', phone: '={{ $json.phone }}', scenarioDataMode: 'fields', scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] } },
				},
			]),
			chain('benchDiyCampaign', [
				manual(),
				contacts(),
				{
					name: 'Aggregate into body',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: { jsCode: `const phones = $input.all().map((item) => ({ phone: item.json.phone, add_data: { name: item.json.name } }));\nreturn [{ json: { campaign: ${JSON.stringify(header)}, phones } }];` },
				},
				httpPost('HTTP Request', '/api/campaigns', '={{ JSON.stringify($json) }}'),
			]),
			chain('benchOursReport', [
				manual(),
				{
					name: 'IS74 Analytics',
					type: 'n8n-nodes-is74.is74Analytics',
					credentials,
					parameters: { resource: 'report', operation: 'get', projectId: 1, scenarioId: 951, startBlockId: 10, campaignId: 1001, period: 'today', columnsMode: 'list', columns: {}, output: 'rows', options: { timeoutSeconds: 600 } },
				},
			]),
			chain('benchDiyReport', [
				manual(),
				httpPost('HTTP Request', '/api/analytics/1/report', JSON.stringify({ analytics_filter: { scenario_id: 951, start_block_id: 10, outgoing_campaign_id: 1001, date_start: '2026-01-01T00:00:00.000Z', date_end: '2026-01-02T00:00:00.000Z' } })),
				{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: 'data', include: 'noOtherFields', options: {} } },
			]),
		];
		await n8n.importWorkflows(workflows);

		const nodeTimes = async (id: string, nodes: string[]): Promise<number> => {
			const result = await n8n.execute(id);
			if (result.code !== 0 || !result.run) {
				throw new Error(`${id} failed (exit ${result.code}, ${result.stdout.length} bytes of output):\n${result.stdout.slice(0, 1500)}\n…\n${result.stdout.slice(-800)}\n${result.stderr.slice(-1500)}`);
			}
			const runData = result.run.data.resultData.runData as Record<string, Array<{ executionTime: number }>>;
			return nodes.reduce((sum, node) => sum + runData[node][0].executionTime, 0);
		};
		const compare = async (size: string, ours: [string, string, string[]], theirs: [string, string, string[]]): Promise<InN8nRow> => {
			const oursRuns: number[] = [];
			const theirRuns: number[] = [];
			for (let rep = 0; rep < repetitions; rep++) {
				oursRuns.push(await nodeTimes(ours[1], ours[2]));
				theirRuns.push(await nodeTimes(theirs[1], theirs[2]));
			}
			const row: InN8nRow = { size, ours: { name: ours[0], sample: summarize(oursRuns) }, theirs: { name: theirs[0], sample: summarize(theirRuns) }, ratio: 0 };
			row.ratio = row.ours.sample.median / row.theirs.sample.median;
			log(`${size}: ${ours[0]} ${row.ours.sample.median.toFixed(0)} ms vs ${theirs[0]} ${row.theirs.sample.median.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)}`);
			return row;
		};
		const rows = [await compare('10,000 contacts', ['Code → IS74 Campaign', 'benchOursCampaign', ['IS74 Campaign']], ['Code → Code (aggregate) → HTTP Request', 'benchDiyCampaign', ['Aggregate into body', 'HTTP Request']])];
		sim.setLargeReport(100_000);
		rows.push(await compare('100,000 rows', ['IS74 Analytics', 'benchOursReport', ['IS74 Analytics']], ['HTTP Request → Split Out', 'benchDiyReport', ['HTTP Request', 'Split Out']]));
		return rows;
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}
