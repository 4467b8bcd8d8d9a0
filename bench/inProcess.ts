/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- the benchmark measures memory in child processes */
/**
 * Parts 1, 2 and 4 of the benchmark, in one process: the nodes run in n8n-core's real engine (the
 * integration harness) against the simulator, side by side with hand-written baselines that hit the
 * same simulator. Only ratios are reported as results; absolute times are printed for context.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { startSimulator, type Is74Simulator } from '../simulator/server';
import { DEFAULT_TIMEZONE, runWorkflow } from '../harness/engine';
import { CREDENTIAL_TYPE } from '../nodes/Is74/transport/context';
import { analyticsNode, campaignNode } from '../harness/workflowNodes';
import { alternate, peakHeapDuring, ratio, spread, warmUp, type Sample } from './common';

const TOKEN = 'bench-token';
const DATE = DateTime.now().setZone(DEFAULT_TIMEZONE).plus({ days: 7 }).toISODate() as string;

export interface CampaignRow {
	recipients: number;
	node: Sample;
	baseline: Sample;
	ratio: number;
	nodeMsPer1k: number;
	/** The hand-built body POSTed through n8n's httpRequestWithAuthentication by a node in the same engine. */
	inN8n: Sample;
	/** node / inN8n: the node's own cost over n8n's floor (its engine and HTTP helper). */
	ratioInN8n: number;
}

/** Peak RSS growth of one side, measured in a fresh process (see memoryProbe.ts). */
async function peakRssGrowth(side: 'node' | 'baseline', sim: Is74Simulator): Promise<number> {
	const output = await new Promise<string>((resolve, reject) => {
		execFile(
			process.execPath,
			['--expose-gc', '--max-old-space-size=8192', '-r', 'ts-node/register', join(__dirname, 'memoryProbe.ts'), side, sim.url, TOKEN],
			{ env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PREFER_TS_EXTS: 'true' }, maxBuffer: 1 << 20 },
			(error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
		);
	});
	return (JSON.parse(output.trim().split('\n').pop() as string) as { growthBytes: number }).growthBytes;
}

export interface AnalyticsRow {
	rows: number;
	bodyBytes: number;
	node: Sample;
	baseline: Sample;
	ratio: number;
	peakHeapBytes: number;
	peakHeapToBody: number;
	baselinePeakHeapToBody: number;
	peakRssToBody: number;
	baselinePeakRssToBody: number;
}

const credential = (sim: Is74Simulator) => ({ baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '' });

function contacts(count: number) {
	return Array.from({ length: count }, (_, index) => ({ phone: `+79${String(index).padStart(9, '0')}`, name: `Contact ${index}` }));
}

async function nodeCampaignMs(sim: Is74Simulator, items: ReturnType<typeof contacts>): Promise<number> {
	const result = await runWorkflow({ items, nodes: [campaignNode({ date: DATE, campaignDescription: '' })], credential: credential(sim) });
	if (result.error) throw new Error(result.error.message);
	return result.run.data.resultData.runData['IS74 Campaign'][0].executionTime;
}

/** The body IS74 Campaign sends for these contacts, built by hand. */
function handBuiltBody(items: ReadonlyArray<{ phone: string; name: string }>) {
	return {
		campaign: {
			project_id: 1,
			name: 'Survey',
			description: '',
			start_block_id: 10,
			schedule: { date: DATE, start_time: '09:00', end_time: '17:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 2, title: '2' }, interval: '5' },
			state: 'Создано',
			phone_id: 5,
		},
		phones: items.map((contact) => ({ phone: contact.phone, add_data: { name: contact.name } })),
	};
}

/** What a user could write by hand: build the body, stringify it, POST it. */
async function baselineCampaignMs(sim: Is74Simulator, items: ReturnType<typeof contacts>): Promise<number> {
	const started = performance.now();
	const body = JSON.stringify(handBuiltBody(items));
	const response = await fetch(`${sim.url}/api/campaigns`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body });
	const answer = (await response.json()) as { campaign?: { id?: number } };
	if (!answer.campaign?.id) throw new Error('baseline campaign failed');
	return performance.now() - started;
}

const HAND_BUILT_TYPE = 'bench.handBuiltPost';
const HAND_BUILT_NAME = 'Hand-built POST';

/**
 * n8n's floor for the same work: a node that builds the hand-built body from its items and POSTs it
 * through n8n's `httpRequestWithAuthentication` with the IS74 credential, as a community node must
 * (no checks, no pairing beyond one output item). Measured like ours, by n8n's execution time.
 */
const handBuiltNode: INodeType = {
	description: {
		displayName: HAND_BUILT_NAME,
		name: 'handBuiltPost',
		group: ['output'],
		version: 1,
		description: 'The benchmark floor inside n8n',
		defaults: { name: HAND_BUILT_NAME },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [],
	} as unknown as INodeType['description'],
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData().map((item) => item.json as { phone: string; name: string });
		// Bytes, as IS74 Campaign sends them: axios would re-parse a string body to check it.
		const body = Buffer.from(JSON.stringify(handBuiltBody(items)), 'utf8');
		const answer = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: 'POST',
			url: '/api/campaigns',
			body,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			json: true,
		})) as { campaign?: { id?: number } };
		if (!answer.campaign?.id) throw new Error('hand-built campaign failed');
		return [[{ json: { campaignId: answer.campaign.id }, pairedItem: { item: 0 } }]];
	},
};

async function inN8nCampaignMs(sim: Is74Simulator, items: ReturnType<typeof contacts>): Promise<number> {
	const result = await runWorkflow({ items, nodes: [{ type: HAND_BUILT_TYPE, name: HAND_BUILT_NAME, parameters: {} }], nodeTypes: { [HAND_BUILT_TYPE]: handBuiltNode }, credential: credential(sim) });
	if (result.error) throw new Error(result.error.message);
	return result.run.data.resultData.runData[HAND_BUILT_NAME][0].executionTime;
}

/**
 * `warmUps(size)` untimed runs of every side first (steady state, as in a long-running n8n), then
 * `repetitions(size)` timed rounds, each side once per round in rotating order.
 */
export async function campaignBenchmark(sizes: number[], repetitions: (size: number) => number, warmUps: (size: number) => number, log: (line: string) => void): Promise<CampaignRow[]> {
	const sim = await startSimulator({ staticTokens: [TOKEN], logBodies: false });
	const rows: CampaignRow[] = [];
	try {
		for (const size of sizes) {
			const items = contacts(size);
			const sides = { node: () => nodeCampaignMs(sim, items), baseline: () => baselineCampaignMs(sim, items), inN8n: () => inN8nCampaignMs(sim, items) };
			await warmUp(warmUps(size), Object.values(sides), () => sim.campaigns.clear());
			const times = await alternate(repetitions(size), sides, () => sim.campaigns.clear());
			const row: CampaignRow = {
				recipients: size,
				node: times.node,
				baseline: times.baseline,
				ratio: times.node.median / times.baseline.median,
				nodeMsPer1k: times.node.median / (size / 1000),
				inN8n: times.inN8n,
				ratioInN8n: times.node.median / times.inN8n.median,
			};
			log(
				`campaign ${size}: node ${row.node.median.toFixed(1)} ms (${spread(row.node)}), baseline ${row.baseline.median.toFixed(1)} ms (${spread(row.baseline)}), ratio ${ratio(row.node.median, row.baseline.median)}; ` +
					`hand-built POST through n8n's helper in the engine ${row.inN8n.median.toFixed(1)} ms (${spread(row.inN8n)}), ratio ${ratio(row.node.median, row.inN8n.median)}`,
			);
			rows.push(row);
		}
	} finally {
		await sim.stop();
	}
	return rows;
}

async function baselineReportMs(sim: Is74Simulator): Promise<{ ms: number; bytes: number }> {
	const started = performance.now();
	const response = await fetch(`${sim.url}/api/analytics/1/report`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
		body: JSON.stringify({ analytics_filter: { scenario_id: 951, start_block_id: 10, outgoing_campaign_id: 1001, date_start: '2026-01-01T00:00:00.000Z', date_end: '2026-01-02T00:00:00.000Z' } }),
	});
	const text = await response.text();
	const parsed = JSON.parse(text) as { data: unknown[] };
	const items = parsed.data.map((row) => ({ json: row }));
	if (items.length === 0) throw new Error('baseline report empty');
	return { ms: performance.now() - started, bytes: Buffer.byteLength(text) };
}

async function nodeReportMs(sim: Is74Simulator): Promise<number> {
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode({ options: { timeoutSeconds: 600 } })], credential: credential(sim) });
	if (result.error) throw new Error(result.error.message);
	return result.run.data.resultData.runData['IS74 Analytics'][0].executionTime;
}

export async function analyticsBenchmark(sizes: number[], repetitions: (size: number) => number, log: (line: string) => void): Promise<AnalyticsRow[]> {
	const sim = await startSimulator({ staticTokens: [TOKEN], logBodies: false });
	const rows: AnalyticsRow[] = [];
	try {
		for (const size of sizes) {
			sim.setLargeReport(size);
			const { bytes } = await baselineReportMs(sim);
			const { peakBytes } = await peakHeapDuring(() => nodeReportMs(sim));
			const baselineHeap = await peakHeapDuring(() => baselineReportMs(sim));
			const rssNode = await peakRssGrowth('node', sim);
			const rssBaseline = await peakRssGrowth('baseline', sim);
			const times = await alternate(repetitions(size), { node: () => nodeReportMs(sim), baseline: async () => (await baselineReportMs(sim)).ms });
			const row: AnalyticsRow = { rows: size, bodyBytes: bytes, node: times.node, baseline: times.baseline, ratio: 0, peakHeapBytes: peakBytes, peakHeapToBody: peakBytes / bytes, baselinePeakHeapToBody: baselineHeap.peakBytes / bytes, peakRssToBody: rssNode / bytes, baselinePeakRssToBody: rssBaseline / bytes };
			row.ratio = row.node.median / row.baseline.median;
			log(`analytics ${size}: node ${row.node.median.toFixed(0)} ms (${spread(row.node)}), baseline ${row.baseline.median.toFixed(0)} ms (${spread(row.baseline)}), ratio ${ratio(row.node.median, row.baseline.median)}, peak heap ${(peakBytes / 1e6).toFixed(0)} MB for a ${(bytes / 1e6).toFixed(0)} MB body (${row.peakHeapToBody.toFixed(2)}x; baseline ${row.baselinePeakHeapToBody.toFixed(2)}x); peak RSS growth ${row.peakRssToBody.toFixed(2)}x body (baseline ${row.baselinePeakRssToBody.toFixed(2)}x)`);
			rows.push(row);
		}
	} finally {
		await sim.stop();
	}
	return rows;
}

export interface RequestCountRow {
	contacts: number;
	maxPerCampaign: number;
	nodeRequests: number;
	perContactRequests: number;
}

/** Part 4: requests actually received by the simulator, counted, not estimated. */
export async function requestCounts(count: number, maxPerCampaign: number): Promise<RequestCountRow> {
	const sim = await startSimulator({ staticTokens: [TOKEN], logBodies: false });
	try {
		const items = contacts(count);
		await runWorkflow({ items, nodes: [campaignNode({ date: DATE, options: { maxRecipientsPerCampaign: maxPerCampaign } })], credential: credential(sim) });
		const nodeRequests = sim.requests('campaigns').length;
		sim.reset();
		// The per-contact approach: one single-phone campaign request per contact.
		for (const contact of items) {
			await fetch(`${sim.url}/api/campaigns`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
				body: JSON.stringify({
					campaign: { project_id: 1, name: 'One', start_block_id: 10, phone_id: 5, state: 'Создано', schedule: { date: DATE, start_time: '09:00', end_time: '17:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '5' } },
					phones: [{ phone: contact.phone, add_data: { name: contact.name } }],
				}),
			}).then((response) => response.text());
		}
		return { contacts: count, maxPerCampaign, nodeRequests, perContactRequests: sim.requests('campaigns').length };
	} finally {
		await sim.stop();
	}
}
