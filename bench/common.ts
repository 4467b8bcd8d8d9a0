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
 * Times each side `repetitions` times, interleaved, rotating which goes first so warm-up and GC debt
 * favour none, settling before each run; `between` runs after each round.
 */
export async function alternate<K extends string>(
	repetitions: number,
	sides: Record<K, () => Promise<number>>,
	between: () => void = () => undefined,
): Promise<Record<K, Sample>> {
	const names = Object.keys(sides) as K[];
	const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
	for (let rep = 0; rep < repetitions; rep++) {
		for (let turn = 0; turn < names.length; turn++) {
			const side = names[(rep + turn) % names.length];
			await settle();
			times[side].push(await sides[side]());
		}
		between();
	}
	return Object.fromEntries(names.map((name) => [name, summarize(times[name])])) as Record<K, Sample>;
}

/**
 * Runs every side `runs` times, interleaved and untimed, so that each is measured in the steady state
 * a long-running n8n is in (its code compiled by the JIT), not while it is still being compiled.
 */
export async function warmUp(runs: number, sides: Array<() => Promise<unknown>>, between: () => void = () => undefined): Promise<void> {
	for (let run = 0; run < runs; run++) {
		for (const side of sides) await side();
		between();
	}
}
