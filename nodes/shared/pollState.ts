/**
 * The polling trigger's memory: where the last poll ended and which rows it already emitted.
 * Pure module (luxon and crypto only) so the window and de-duplication rules are unit-tested alone.
 */
import { createHash } from 'crypto';
import { DateTime } from 'luxon';

export interface PollState {
	/** End of the last successful poll window, ISO 8601. */
	lastPollEnd?: string;
	/** Key of each emitted row → the row's time (ms), kept until no future window can return it. */
	seen: Record<string, number>;
}

export type FirstPoll = 'newOnly' | 'lookBack';

export interface WindowSettings {
	overlapMinutes: number;
	firstPoll: FirstPoll;
	lookBackHours: number;
}

export type DedupeSettings = { by: 'fields'; fields: string[] } | { by: 'rowHash' };

export function readState(raw: unknown): PollState {
	const value = (raw ?? {}) as Partial<PollState>;
	return {
		lastPollEnd: typeof value.lastPollEnd === 'string' ? value.lastPollEnd : undefined,
		seen: typeof value.seen === 'object' && value.seen !== null ? { ...value.seen } : {},
	};
}

/**
 * The window to ask for: from the last poll's end minus the overlap (rows that reach the platform
 * late are still found) to now. On the very first poll, "new only" just records now and asks for
 * nothing; "look back" asks for the last `lookBackHours`.
 */
export function pollWindow(state: PollState, now: DateTime, settings: WindowSettings): { start: DateTime; end: DateTime } | undefined {
	if (!state.lastPollEnd) {
		if (settings.firstPoll === 'newOnly') return undefined;
		return { start: now.minus({ hours: settings.lookBackHours }), end: now };
	}
	const last = DateTime.fromISO(state.lastPollEnd);
	const start = last.minus({ minutes: settings.overlapMinutes });
	return { start: start < now ? start : now.minus({ minutes: settings.overlapMinutes }), end: now };
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function rowKey(row: Record<string, unknown>, dedupe: DedupeSettings): string {
	if (dedupe.by === 'fields') return JSON.stringify(dedupe.fields.map((field) => row[field] ?? null));
	return createHash('sha256').update(stableJson(row)).digest('base64url');
}

/** A row's own time (its call_time), or undefined. */
export function rowTime(row: Record<string, unknown>, timeField: string): number | undefined {
	const value = row[timeField];
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

/**
 * The rows not emitted before, and the new state. Keys are pruned once their row is older than the
 * next window's start, so the state stays bounded by what one window (plus overlap) can hold.
 */
export function takeNewRows<T extends Record<string, unknown>>(
	rows: T[],
	state: PollState,
	window: { start: DateTime; end: DateTime },
	settings: { overlapMinutes: number; dedupe: DedupeSettings; timeField: string },
): { fresh: T[]; state: PollState } {
	const seen = { ...state.seen };
	const fresh: T[] = [];
	const endMs = window.end.toMillis();
	for (const row of rows) {
		const key = rowKey(row, settings.dedupe);
		if (key in seen) continue;
		seen[key] = rowTime(row, settings.timeField) ?? endMs;
		fresh.push(row);
	}
	const nextStart = window.end.minus({ minutes: settings.overlapMinutes }).toMillis();
	for (const key of Object.keys(seen)) if (seen[key] < nextStart) delete seen[key];
	return { fresh, state: { lastPollEnd: window.end.toUTC().toISO() as string, seen } };
}
