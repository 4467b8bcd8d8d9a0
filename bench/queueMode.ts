/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the benchmark waits for executions between polls of the database */
/**
 * Part 5 of the benchmark: twenty contacts → IS74 Campaign → IS74 Analytics executions started at once
 * through a webhook, in queue mode (a main process and two workers, Redis, PostgreSQL) and in regular
 * mode (one n8n process, the same PostgreSQL). The time of a round is the database's: from the first
 * execution created to the last one stopped. Rounds alternate between the two setups.
 */
import { startSimulator } from '../simulator/server';
import { QueueCluster } from '../harness/queueMode';
import { campaignWorkflow, webhookUrl } from '../harness/queueWorkflows';
import { summarize, type Sample } from './common';

const TOKEN = 'bench-queue-token';
const EXECUTIONS = 20;

export interface QueueModeRow {
	executions: number;
	queue: Sample;
	regular: Sample;
	/** queue ÷ regular median time (below 1: queue mode is faster). */
	ratio: number;
	perWorker: number[];
}

async function round(cluster: QueueCluster, roundIndex: number): Promise<number> {
	const workflowId = 'benchQueue000001';
	const before = cluster.executions(workflowId).length;
	const contacts = (run: number) => Array.from({ length: 3 }, (_, index) => ({ phone: `+7912${String(run).padStart(3, '0')}${String(index).padStart(4, '0')}`, name: `Contact ${index}` }));
	await Promise.all(
		Array.from({ length: EXECUTIONS }, async (_, run) => {
			const response = await fetch(webhookUrl(cluster.mainUrl, 'is74-bench'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `Bench ${roundIndex}-${run}`, contacts: contacts(run) }) });
			if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
		}),
	);
	const deadline = Date.now() + 300_000;
	for (;;) {
		const rows = cluster.executions(workflowId).slice(before);
		if (rows.length === EXECUTIONS && rows.every((row) => row.status !== 'new' && row.status !== 'running')) {
			const failed = rows.filter((row) => row.status !== 'success');
			if (failed.length > 0) throw new Error(`${failed.length} executions did not succeed (${cluster.mode} mode)`);
			const ids = rows.map((row) => row.id).join(',');
			return Number(cluster.sql(`select extract(epoch from (max("stoppedAt") - min("createdAt"))) * 1000 from execution_entity where id in (${ids})`));
		}
		if (Date.now() > deadline) throw new Error(`the executions did not finish in ${cluster.mode} mode:\n${cluster.logs()}`);
		await new Promise((wait) => setTimeout(wait, 100));
	}
}

export async function queueModeBenchmark(rounds: number, log: (line: string) => void): Promise<QueueModeRow> {
	const sim = await startSimulator({ staticTokens: [TOKEN], logBodies: false });
	const clusters: QueueCluster[] = [];
	try {
		for (const mode of ['queue', 'regular'] as const) {
			const cluster = await QueueCluster.create(2, mode);
			clusters.push(cluster);
			await cluster.importFile('credentials', [{ id: 'benchqueuecred01', name: 'IS74 bench', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } }]);
			await cluster.importFile('workflow', [campaignWorkflow('benchQueue000001', 'is74-bench', 'benchqueuecred01')]);
			await cluster.cli(['publish:workflow', '--id=benchQueue000001']);
			await cluster.startMain();
			for (const role of cluster.roles().filter((name) => name !== 'main')) await cluster.startWorker(role);
		}
		const [queue, regular] = clusters;
		// A warm-up round each (first executions load code and open connections), not counted.
		await round(queue, 0);
		await round(regular, 0);
		const times: Record<'queue' | 'regular', number[]> = { queue: [], regular: [] };
		for (let index = 1; index <= rounds; index++) {
			const order = index % 2 ? [queue, regular] : [regular, queue];
			for (const cluster of order) {
				const ms = await round(cluster, index);
				times[cluster.mode].push(ms);
				log(`round ${index}, ${cluster.mode} mode: ${EXECUTIONS} executions in ${ms.toFixed(0)} ms`);
			}
		}
		const perWorker = Object.values(queue.executionsByWorker()).map((ids) => ids.length);
		const row = { executions: EXECUTIONS, queue: summarize(times.queue), regular: summarize(times.regular), ratio: 0, perWorker };
		row.ratio = row.queue.median / row.regular.median;
		return row;
	} finally {
		for (const cluster of clusters) await cluster.stop();
		await sim.stop();
	}
}
