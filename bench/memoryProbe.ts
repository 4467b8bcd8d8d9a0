/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a child process of the benchmark reads its own peak memory (from /proc) and arguments */
/**
 * One side of the memory comparison, in a fresh process: after a small warm-up run, fetch the
 * report either through the IS74 Analytics node (n8n-core engine) or with fetch + JSON.parse + map,
 * and print how much the process's peak RSS grew. Peak RSS sees inside synchronous JSON.parse,
 * which a sampling timer cannot. On Linux the kernel's peak is reset just before the report, so
 * the start-up peak (compiling, loading n8n) cannot hide the report's own.
 */
import { readFileSync, writeFileSync } from 'node:fs';

import { startSimulator } from '../simulator/server';
import { runWorkflow } from '../harness/engine';
import { analyticsNode } from '../harness/workflowNodes';

const [side, reportUrl, token] = process.argv.slice(2);

async function viaNode(url: string): Promise<number> {
	const credential = { baseUrl: url, authentication: 'accessToken', accessToken: token, sessionToken: '' };
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode({ options: { timeoutSeconds: 600 } })], credential });
	if (result.error) throw new Error(result.error.message);
	return result.output['IS74 Analytics'].length;
}

async function viaBaseline(url: string): Promise<number> {
	const response = await fetch(`${url}/api/analytics/1/report`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
		body: JSON.stringify({ analytics_filter: { scenario_id: 951, start_block_id: 10, outgoing_campaign_id: 1001, date_start: '2026-01-01T00:00:00.000Z', date_end: '2026-01-02T00:00:00.000Z' } }),
	});
	const items = ((JSON.parse(await response.text()) as { data: unknown[] }).data ?? []).map((row) => ({ json: row }));
	return items.length;
}

function statusBytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Resets the kernel's record of peak RSS to the current RSS (Linux ≥ 4.0); false where unsupported. */
function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return statusBytes('VmHWM') !== undefined;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	const work = side === 'node' ? viaNode : viaBaseline;
	// Warm-up on a tiny report, so lazy initialisation is not counted as the report's cost.
	const small = await startSimulator({ staticTokens: [token], logBodies: false });
	small.setLargeReport(10);
	await work(small.url);
	await small.stop();
	(globalThis as { gc?: () => void }).gc?.();
	if (resetPeak()) {
		const before = statusBytes('VmRSS') as number;
		const rows = await work(reportUrl);
		const peak = statusBytes('VmHWM') as number;
		process.stdout.write(`${JSON.stringify({ side, rows, growthBytes: peak - before, method: 'VmHWM reset' })}\n`);
		return;
	}
	// Elsewhere: growth above the higher of the current RSS and the start-up peak (can under-read).
	const before = process.memoryUsage().rss;
	const peakBefore = process.resourceUsage().maxRSS * 1024;
	const rows = await work(reportUrl);
	const peak = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(`${JSON.stringify({ side, rows, growthBytes: peak - Math.max(before, peakBefore), method: 'maxRSS' })}\n`);
}

void main().catch((error: unknown) => {
	process.stderr.write(String(error));
	process.exit(1);
});
