/**
 * The polling trigger's memory: where the last poll ended and which dialogs it already emitted.
 * Pure module (luxon and crypto only) so the window and de-duplication rules are unit-tested alone.
 *
 * The memory never trusts a row's own time (a server may ignore the window, send a time far in the
 * future, or one without a zone): each dialog is remembered by the end of the last poll window that
 * returned it, and forgotten once the next window starts after that end, since a window that starts
 * later cannot hold it. A dialog a server keeps sending is therefore kept, and never emitted twice.
 */
import { createHash } from 'crypto';
import { DateTime } from 'luxon';

import type { ReportColumn, ReportResponse } from './apiContract';
import { Is74InputError } from './inputError';
import { fieldOfListValue } from './reportRequest';
import { commaList } from './text';

/**
 * A key is the first 16 base64url characters (96 bits) of a SHA-256: a fixed size whatever the
 * values hold. A new dialog is mistaken for a remembered one with a chance of at most
 * MAX_REMEMBERED_DIALOGS / 2^96 (about 1 in 10^25) per dialog.
 */
export const KEY_LENGTH = 16;
/** At most this many dialogs are remembered (about 33 bytes of JSON each: at most ~330 KB). */
export const MAX_REMEMBERED_DIALOGS = 10_000;
/**
 * The catch-up step: how far past the last end one poll may ask (the window adds the overlap before
 * it). The smallest is a minute; the largest, 32 days, is longer than any month, so a monthly poll
 * still reaches now. A gap longer than the step is worked through over successive polls, oldest first.
 */
export const MIN_STEP_MS = 60_000;
export const MAX_STEP_MS = 32 * 24 * 3_600_000;
const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
const FULL_SHA256_LENGTH = 43;

export interface PollState {
	/** End of the last successful poll window, ISO 8601. */
	lastPollEnd?: string;
	/** Key of each remembered dialog → end (ms) of the last poll window that returned it. */
	seen: Record<string, number>;
	/** The catch-up step (ms) when smaller than MAX_STEP_MS: see nextStep. */
	stepMs?: number;
	/** Where a first look-back poll that ran out of time began, ISO 8601: the next first poll starts there too. */
	lookBackStart?: string;
}

export type FirstPoll = 'newOnly' | 'lookBack';

export interface WindowSettings {
	overlapMinutes: number;
	firstPoll: FirstPoll;
	lookBackHours: number;
}

export type DedupeSettings = { by: 'fields'; fields: string[] } | { by: 'rowHash' };

/**
 * The fields identifying a dialog, as the node's version gives them. Version 1 has comma-separated
 * text, in its order (the memory it saved was keyed so). Version 2 picks fields from the report's
 * columns: a picked entry is the field as the API names it (a comma or a space in it belongs to the
 * name), an entry an expression leaves empty is refused (a shorter list would merge distinct dialogs),
 * and the set, not the order of picking, identifies a dialog; a value the list escaped names its field. Text from an expression is still a
 * comma-separated list. An empty result is the caller's to refuse.
 */
export function dedupeFieldsFrom(value: unknown, version: number, label: string): string[] {
	if (version < 2) return commaList(value);
	const refuse = (problem: string, hint: string) => new Is74InputError(label, value, problem, hint);
	let fields: string[];
	if (typeof value === 'string' || value === undefined || value === null) fields = commaList(value);
	else if (Array.isArray(value)) {
		fields = value.map((entry: unknown, index) => {
			const entryNumber = index + 1;
			if (entry === null) throw refuse(`entry ${entryNumber} is null`, 'Remove the empty entry, or give the field it should name.');
			if (entry === undefined || (typeof entry === 'string' && entry.trim() === ''))
				throw refuse(`entry ${entryNumber} is empty`, 'Remove the empty entry, or give the field it should name.');
			if (typeof entry !== 'string') throw refuse(`entry ${entryNumber} is not a field name`, "Give each field's name as text, for example phone_number.");
			return entry;
		});
	} else throw refuse('not a list of field names', "Give the fields' names as a list or as comma-separated text, for example phone_number, call_time.");
	// A field the API names like an expression is stored escaped by the list (listValueOfField).
	return [...new Set(fields.map(fieldOfListValue))].sort();
}

const hashKey = (identity: string): string => createHash('sha256').update(identity).digest('base64url').slice(0, KEY_LENGTH);

/**
 * The saved memory. An early version kept raw keys (the chosen fields' values as JSON, or a full
 * SHA-256 of the row) with the row's own time: they are hashed as the next version hashed them, dated
 * by the last poll that could have returned them. Keys of those versions differ from today's where a
 * row holds a number or an object, or lacks a chosen field; takeNewRows also looks rows up under
 * them (see earlierTexts), so an upgrade emits nothing again.
 */
export function readState(raw: unknown): PollState {
	const value = (raw ?? {}) as { lastPollEnd?: unknown; seen?: unknown; stepMs?: unknown; lookBackStart?: unknown };
	const lastPollEnd = isoTime(value.lastPollEnd);
	const lastEndMs = lastPollEnd === undefined ? NaN : Date.parse(lastPollEnd);
	const seen: Record<string, number> = {};
	if (typeof value.seen === 'object' && value.seen !== null) {
		for (const [key, at] of Object.entries(value.seen as Record<string, unknown>)) {
			if (typeof at !== 'number' || !Number.isFinite(at)) continue;
			if (key.length === KEY_LENGTH && KEY_PATTERN.test(key)) seen[key] = at;
			else if (key.length === FULL_SHA256_LENGTH && KEY_PATTERN.test(key)) seen[key.slice(0, KEY_LENGTH)] = Number.isNaN(lastEndMs) ? at : lastEndMs;
			else seen[hashKey(key)] = Number.isNaN(lastEndMs) ? at : lastEndMs;
		}
	}
	const step = typeof value.stepMs === 'number' && Number.isFinite(value.stepMs) && value.stepMs < MAX_STEP_MS ? Math.max(MIN_STEP_MS, value.stepMs) : undefined;
	const state: PollState = { lastPollEnd, seen };
	if (step !== undefined) state.stepMs = step;
	const lookBackStart = lastPollEnd === undefined ? isoTime(value.lookBackStart) : undefined;
	if (lookBackStart !== undefined) state.lookBackStart = lookBackStart;
	return state;
}

/** Saved text that is an ISO 8601 time, else undefined: anything else (hand-edited, imported) is read as absent. */
function isoTime(value: unknown): string | undefined {
	return typeof value === 'string' && DateTime.fromISO(value).isValid ? value : undefined;
}

/**
 * The window to ask for: from the last poll's end minus the overlap (rows that reach the platform
 * late are still found) to now, but never more than one step past the last end: a longer gap is
 * worked through over successive polls, oldest first. On the very first poll, "new only" just
 * records now and asks for nothing; "look back" asks for the last `lookBackHours`, in steps too.
 */
export function pollWindow(state: PollState, now: DateTime, settings: WindowSettings): { start: DateTime; end: DateTime } | undefined {
	const step = state.stepMs ?? MAX_STEP_MS;
	if (!state.lastPollEnd) {
		if (settings.firstPoll === 'newOnly') return undefined;
		const start = state.lookBackStart ? DateTime.fromISO(state.lookBackStart) : now.minus({ hours: settings.lookBackHours });
		return { start, end: DateTime.min(now, start.plus(step)) };
	}
	const last = DateTime.fromISO(state.lastPollEnd);
	// A last end in the future (the clock moved back): the overlap before now.
	if (last >= now) return { start: now.minus({ minutes: settings.overlapMinutes }), end: now };
	return { start: last.minus({ minutes: settings.overlapMinutes }), end: DateTime.min(now, last.plus(step)) };
}

/** How far past the last end (or, on a first look-back, past its start) `window` asks. */
function askedSpanMs(state: PollState, window: { start: DateTime; end: DateTime }): number {
	const from = state.lastPollEnd ? Math.max(DateTime.fromISO(state.lastPollEnd).toMillis(), window.start.toMillis()) : window.start.toMillis();
	return window.end.toMillis() - from;
}

/** Share of its budget a poll still behind now may use and still grow the step. */
export const GROW_BELOW_SHARE = 0.8;

/**
 * The step after a poll of `window`, from how it ended:
 * - out of time (it could not finish within its budget): half of what it asked for past the last
 *   end, at least a minute, so the next poll asks for less;
 * - done while still behind now (the step, not now, ended its window) in less than 80% of its
 *   budget, or done in less than half of it: the step grows by half (up to the largest). Behind, the
 *   lag shrinks only once a step is longer than the poll interval, which the trigger does not know:
 *   keeping the step after a poll that used more than half the budget left a platform that always
 *   takes most of it (a fixed cost per report) behind forever once one slow answer had halved the
 *   step. By half, not double: doubling asks at once for the period that just ran out of time, and
 *   against a platform slow only on long periods the step then alternates and the lag still grows
 *   (simulated: growing by half gains on a gap as soon as the platform answers two and a half poll
 *   intervals in time; doubling needs about four). At 80% or more a longer period would likely not fit;
 * - otherwise the step stays.
 * Undefined means the largest step.
 */
export function nextStep(
	state: PollState,
	window: { start: DateTime; end: DateTime },
	poll: { outOfTime: true } | { outOfTime: false; behind: boolean; usedShare: number },
): number | undefined {
	const step = state.stepMs ?? MAX_STEP_MS;
	let next = step;
	if (poll.outOfTime) next = Math.max(MIN_STEP_MS, Math.floor(askedSpanMs(state, window) / 2));
	else if (poll.usedShare < (poll.behind ? GROW_BELOW_SHARE : 0.5)) next = Math.floor(step * 1.5);
	return next >= MAX_STEP_MS ? undefined : next;
}

/**
 * `value` as JSON with object keys sorted. `numbersAsText` also writes every number as the text JSON
 * writes for it, so 79120000001 and "79120000001" read alike: a server may answer a field as a number
 * in one poll and as text in the next. Nothing else is folded ("079120000001", " 79120000001",
 * "7.9120000001e10" and true stay apart from it and from "true"): those are other values, not
 * another JSON type of the same one.
 */
function stableJson(value: unknown, numbersAsText: boolean): string {
	if (numbersAsText && typeof value === 'number') return JSON.stringify(String(value));
	if (Array.isArray(value)) return `[${value.map((inner) => stableJson(inner, numbersAsText)).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key], numbersAsText)}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** A row's own field: never one it inherits (`toString`, `constructor`, `__proto__`…). */
const ownField = (row: Record<string, unknown>, field: string): unknown => (Object.hasOwn(row, field) ? row[field] : undefined);

/** Whether the row holds every chosen field with a value: only then do those fields identify it. */
const hasAllFields = (row: Record<string, unknown>, fields: string[]): boolean => fields.every((field) => ownField(row, field) !== undefined && ownField(row, field) !== null);

/** What identifies a row: its chosen fields' values, in order, when it holds them all; else the whole row. */
const identifying = (row: Record<string, unknown>, dedupe: DedupeSettings): unknown =>
	dedupe.by === 'fields' && hasAllFields(row, dedupe.fields) ? dedupe.fields.map((field) => ownField(row, field)) : row;

/** The text a row's key hashes: see stableJson for what two answers of one dialog may differ in. */
const identityText = (row: Record<string, unknown>, dedupe: DedupeSettings): string => stableJson(identifying(row, dedupe), true);

/**
 * The dialog's key: a hash of the chosen fields' values, or of the whole row. A row that lacks one
 * of the chosen fields (or has it empty) is known by its whole content, so such rows are never
 * merged with each other.
 */
export function rowKey(row: Record<string, unknown>, dedupe: DedupeSettings): string {
	return hashKey(identityText(row, dedupe));
}

/**
 * The texts earlier versions hashed for this row, with its values as received: the chosen fields'
 * values in order (a missing one as null: readState's conversion of the raw keys before that), and
 * the whole row with keys sorted. Only a key saved by an earlier version can match one without
 * matching rowKey (today's texts never hold a number, nor an unsorted object), so finding one in the
 * memory means an earlier version emitted this row. Only the types as received are tried: a value
 * the server writes as a number before the upgrade and as text in the first poll after it is missed
 * (trying every mix of types would cost a hash per combination).
 */
function earlierTexts(row: Record<string, unknown>, dedupe: DedupeSettings): string[] {
	if (dedupe.by !== 'fields') return [stableJson(row, false)];
	const fields = JSON.stringify(dedupe.fields.map((field) => ownField(row, field) ?? null));
	return hasAllFields(row, dedupe.fields) ? [fields] : [fields, stableJson(row, false)];
}

/** Whether `state` remembers the row: by its key, or by a key an earlier version gave it. */
function remembered(state: PollState, row: Record<string, unknown>, dedupe: DedupeSettings, text: string, key: string): boolean {
	if (Object.hasOwn(state.seen, key)) return true;
	return earlierTexts(row, dedupe).some((earlier) => earlier !== text && Object.hasOwn(state.seen, hashKey(earlier)));
}

/** A row's own time (its call_time), or undefined. Used only to order rows, never to forget them. */
export function rowTime(row: Record<string, unknown>, timeField: string): number | undefined {
	const value = ownField(row, timeField);
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

/**
 * The rows not emitted before, and the new state. Every returned dialog is remembered with this
 * window's end; a dialog is forgotten when the next window (this end minus the overlap) starts after
 * the end of the last window that returned it. Past MAX_REMEMBERED_DIALOGS, the dialogs least
 * recently returned are forgotten first, then this answer's dialogs with the oldest own time (the
 * ones a next window, which starts later, is least likely to return).
 */
export function takeNewRows<T extends Record<string, unknown>>(
	rows: T[],
	state: PollState,
	window: { start: DateTime; end: DateTime },
	settings: { overlapMinutes: number; dedupe: DedupeSettings; timeField: string },
): { fresh: T[]; state: PollState } {
	const endMs = window.end.toMillis();
	const nextStart = window.end.minus({ minutes: settings.overlapMinutes }).toMillis();
	const seen: Record<string, number> = {};
	for (const [key, at] of Object.entries(state.seen)) if (at >= nextStart) seen[key] = at;
	const returned = new Map<string, number>();
	const fresh: T[] = [];
	for (const row of rows) {
		const text = identityText(row, settings.dedupe);
		const key = hashKey(text);
		if (returned.has(key)) continue;
		returned.set(key, rowTime(row, settings.timeField) ?? Infinity);
		if (!remembered(state, row, settings.dedupe, text, key)) fresh.push(row);
		seen[key] = Math.max(endMs, state.seen[key] ?? endMs);
	}

	const excess = Object.keys(seen).length - MAX_REMEMBERED_DIALOGS;
	if (excess > 0) {
		const order = (key: string): [number, number] => [seen[key], returned.get(key) ?? -Infinity];
		const victims = Object.keys(seen).sort((a, b) => {
			const [atA, timeA] = order(a);
			const [atB, timeB] = order(b);
			return atA - atB || timeA - timeB || (a < b ? -1 : 1);
		});
		for (const key of victims.slice(0, excess)) delete seen[key];
	}
	return { fresh, state: { lastPollEnd: window.end.toUTC().toISO() as string, seen } };
}

/**
 * The chosen fields that cannot be in the answer: when every requested column is named, each field
 * must be one of them. With no columns (all columns) or a column chosen by data type, nothing can be
 * told before the answer: see dedupeFieldsAbsentFromAnswer.
 */
export function dedupeFieldsNotRequested(fields: string[], columns: ReportColumn[]): string[] {
	if (columns.length === 0 || columns.some((column) => column.name === undefined)) return [];
	const named = new Set(columns.map((column) => column.name));
	return fields.filter((field) => !named.has(field));
}

/**
 * The chosen fields the answer does not hold: in none of its rows, or (no rows) in none of its
 * columns; with the fields it does return, for the error.
 */
export function dedupeFieldsAbsentFromAnswer(
	fields: string[],
	rows: Array<Record<string, unknown>>,
	columns: ReportResponse['columns'],
): { absent: string[]; returned: string[] } {
	const answerColumns = Array.isArray(columns) ? columns.filter((column) => typeof column?.field === 'string') : [];
	const absent =
		rows.length > 0
			? fields.filter((field) => !rows.some((row) => Object.hasOwn(row, field)))
			: answerColumns.length === 0
				? []
				: fields.filter((field) => !answerColumns.some((column) => column.field === field));
	if (absent.length === 0) return { absent, returned: [] };
	const returned = new Set<string>();
	if (rows.length > 0) for (const row of rows) for (const field of Object.keys(row)) returned.add(field);
	else for (const column of answerColumns) returned.add(column.field);
	return { absent, returned: [...returned] };
}
