/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- the benchmark entry point reads arguments and writes its results file */
/**
 * `npm run bench`: prints a table of ratios measured side by side and writes bench/results/latest.json.
 * `npm run bench -- --quick` runs fewer sizes and repetitions (a smoke run, not a result);
 * `--parts=1,3` runs only some parts (the results file is then named after them).
 */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { analyticsBenchmark, campaignBenchmark, requestCounts } from './inProcess';
import { inN8nBenchmark } from './inN8n';
import { queueModeBenchmark } from './queueMode';

/** A growth with its sign: the kernel's counters can read a few hundred KB low when nothing grew. */
function signed(value: number): string {
	return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;
}

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const partsArgument = process.argv.find((argument) => argument.startsWith('--parts='));
	const parts = new Set((partsArgument?.slice('--parts='.length) ?? '1,2,3,4,5').split(','));
	const log = (line: string) => process.stdout.write(`  ${line}\n`);
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
	const partCount = 5;
	process.stdout.write(`Benchmark on ${machine}${quick ? ' (quick)' : ''}\n`);

	process.stdout.write('1. IS74 Campaign vs build + JSON.stringify + POST by hand\n');
	const campaign = !parts.has('1') ? [] : await campaignBenchmark(quick ? [1_000, 10_000] : [1_000, 10_000, 100_000], (size) => (quick ? 3 : size >= 100_000 ? 9 : 21), (size) => (quick ? 1 : size >= 100_000 ? 4 : size >= 10_000 ? 40 : 150), log);
	process.stdout.write('2. IS74 Analytics vs fetch + JSON.parse + map to items\n');
	const analytics = !parts.has('2') ? [] : await analyticsBenchmark(quick ? [10_000] : [10_000, 100_000, 1_000_000], (size) => (quick ? 3 : size >= 1_000_000 ? 3 : size >= 100_000 ? 7 : 15), log);
	process.stdout.write('4. Requests for 10,000 contacts\n');
	const requests = !parts.has('4') ? [] : [await requestCounts(quick ? 1_000 : 10_000, 0), await requestCounts(quick ? 1_000 : 10_000, 3_000)];
	for (const row of requests) log(`${row.contacts} contacts, max per campaign ${row.maxPerCampaign || 'none'}: IS74 Campaign made ${row.nodeRequests} request(s); per-contact made ${row.perContactRequests}`);
	let inN8n: Awaited<ReturnType<typeof inN8nBenchmark>> | undefined;
	if (parts.has('3')) {
		process.stdout.write('3. Inside one real n8n: our nodes vs the do-it-yourself workflows\n');
		inN8n = await inN8nBenchmark(quick ? 1 : 3, log);
	}
	let queueMode: Awaited<ReturnType<typeof queueModeBenchmark>> | undefined;
	if (parts.has('5')) {
		process.stdout.write('5. Twenty campaign executions at once: queue mode (main + 2 workers) vs regular mode\n');
		queueMode = await queueModeBenchmark(quick ? 1 : 5, log);
	}

	const table = [
		'| benchmark | size | ours (median ms, spread) | baseline (median ms, spread) | ratio | target |',
		'|---|---|---|---|---|---|',
		...campaign.map((row) => `| Campaign vs hand-built POST | ${row.recipients.toLocaleString('en')} recipients | ${row.node.median.toFixed(0)} (${row.node.min.toFixed(0)}–${row.node.max.toFixed(0)}); ${row.nodeMsPer1k.toFixed(1)} ms per 1k | ${row.baseline.median.toFixed(0)} (${row.baseline.min.toFixed(0)}–${row.baseline.max.toFixed(0)}) | ${row.ratio.toFixed(2)} | ≤ 1.3 |`),
		...campaign.map((row) => `| Campaign vs the same hand-built POST through n8n's HTTP helper, in the engine | ${row.recipients.toLocaleString('en')} recipients | ${row.node.median.toFixed(0)} (${row.node.min.toFixed(0)}–${row.node.max.toFixed(0)}) | ${row.inN8n.median.toFixed(0)} (${row.inN8n.min.toFixed(0)}–${row.inN8n.max.toFixed(0)}) | ${row.ratioInN8n.toFixed(2)} | the node's own cost |`),
		...analytics.map((row) => `| Analytics vs JSON.parse + map | ${row.rows.toLocaleString('en')} rows (${(row.bodyBytes / 1e6).toFixed(1)} MB) | ${row.node.median.toFixed(0)} (${row.node.min.toFixed(0)}–${row.node.max.toFixed(0)}); peak RSS ${signed(row.peakRssToBody)}× body (sampled heap ${row.peakHeapToBody.toFixed(2)}×) | ${row.baseline.median.toFixed(0)} (${row.baseline.min.toFixed(0)}–${row.baseline.max.toFixed(0)}); peak RSS ${signed(row.baselinePeakRssToBody)}× body (sampled heap ${row.baselinePeakHeapToBody.toFixed(2)}×) | ${row.ratio.toFixed(2)} | ≤ 1.3; peak RSS ≤ 2× at 1M |`),
		...(inN8n ?? []).map((row) => `| In n8n: ${row.ours.name} vs ${row.theirs.name} | ${row.size} | ${row.ours.sample.median.toFixed(0)} (${row.ours.sample.min.toFixed(0)}–${row.ours.sample.max.toFixed(0)}) | ${row.theirs.sample.median.toFixed(0)} (${row.theirs.sample.min.toFixed(0)}–${row.theirs.sample.max.toFixed(0)}) | ${row.ratio.toFixed(2)} | ≤ 1.0 |`),
		...(queueMode ? [`| Queue mode (main + ${queueMode.perWorker.length} workers; executions per worker ${queueMode.perWorker.join(' / ')}) vs regular mode | ${queueMode.executions} executions at once | ${queueMode.queue.median.toFixed(0)} (${queueMode.queue.min.toFixed(0)}–${queueMode.queue.max.toFixed(0)}) | ${queueMode.regular.median.toFixed(0)} (${queueMode.regular.min.toFixed(0)}–${queueMode.regular.max.toFixed(0)}) | ${queueMode.ratio.toFixed(2)} | — (measured) |`] : []),
		...requests.map((row) => `| Requests for ${row.contacts.toLocaleString('en')} contacts${row.maxPerCampaign ? `, max ${row.maxPerCampaign.toLocaleString('en')} per campaign` : ''} | — | ${row.nodeRequests} | ${row.perContactRequests} (one per contact) | ${(row.nodeRequests / row.perContactRequests).toFixed(4)} | ceil(N / max) |`),
	];
	process.stdout.write(`\n${table.join('\n')}\n`);
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	const partial = parts.size < partCount;
	const file = join(dir, quick || partial ? `partial-${[...parts].join('-')}${quick ? '-quick' : ''}.tmp.json` : 'latest.json');
	writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, quick, campaign, analytics, inN8n, queueMode, requests, table }, null, 2) + '\n');
	process.stdout.write(`\nwritten to ${file}\n`);
}

void main().catch((error: unknown) => {
	process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
	process.exit(1);
});
