/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmarks time things and read process memory */
/** Shared measuring helpers: repetitions, medians and spreads. Numbers are only compared as ratios. */

export interface Sample {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

export function summarize(runs: number[]): Sample {
	const sorted = [...runs].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

export function spread(sample: Sample): string {
	return `${sample.min.toFixed(0)}–${sample.max.toFixed(0)}`;
}

export async function settle(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		gc();
		gc();
	}
	await new Promise((resolve) => setImmediate(resolve));
}

/** Peak heap growth (bytes) while `work` runs, sampled every few milliseconds. */
export async function peakHeapDuring<T>(work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
	await settle();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 2);
	try {
		const result = await work();
		peak = Math.max(peak, process.memoryUsage().heapUsed);
		return { result, peakBytes: peak - base };
	} finally {
		clearInterval(timer);
	}
}

export function ratio(a: number, b: number): string {
	return (a / b).toFixed(2);
}

/**
 * Times `node` and `baseline` `repetitions` times each, alternating which goes first so warm-up and
 * GC debt favour neither, settling before each run; `between` runs after each pair.
 */
export async function alternate(
	repetitions: number,
	node: () => Promise<number>,
	baseline: () => Promise<number>,
	between: () => void = () => undefined,
): Promise<{ node: Sample; baseline: Sample }> {
	const times = { node: [] as number[], baseline: [] as number[] };
	for (let rep = 0; rep < repetitions; rep++) {
		for (const side of rep % 2 === 0 ? (['node', 'baseline'] as const) : (['baseline', 'node'] as const)) {
			await settle();
			times[side].push(await (side === 'node' ? node() : baseline()));
		}
		between();
	}
	return { node: summarize(times.node), baseline: summarize(times.baseline) };
}
