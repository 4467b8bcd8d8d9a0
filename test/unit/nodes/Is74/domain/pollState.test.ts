import { createHash } from 'crypto';
import { DateTime } from 'luxon';

import {
	KEY_LENGTH,
	MAX_REMEMBERED_DIALOGS,
	MAX_STEP_MS,
	MIN_STEP_MS,
	nextStep,
	dedupeFieldsAbsentFromAnswer,
	dedupeFieldsFrom,
	dedupeFieldsNotRequested,
	pollWindow,
	readState,
	rowKey,
	takeNewRows,
	type DedupeSettings,
	type PollState,
} from '../../../../../nodes/Is74/domain/pollState';

const now = DateTime.fromISO('2030-05-01T05:00:00.000Z');
const settings = { overlapMinutes: 10, firstPoll: 'newOnly' as const, lookBackHours: 2 };
const byId: DedupeSettings = { by: 'fields', fields: ['id'] };
const hashOf = (identity: string) => createHash('sha256').update(identity).digest('base64url').slice(0, KEY_LENGTH);

describe('pollWindow', () => {
	test('first poll: nothing for "new only", the look-back otherwise', () => {
		expect(pollWindow(readState(undefined), now, settings)).toBeUndefined();
		const window = pollWindow(readState({}), now, { ...settings, firstPoll: 'lookBack' });
		expect([window?.start.toUTC().toISO(), window?.end.toUTC().toISO()]).toEqual(['2030-05-01T03:00:00.000Z', '2030-05-01T05:00:00.000Z']);
	});
	test('later polls start at the last end minus the overlap', () => {
		const window = pollWindow(readState({ lastPollEnd: '2030-05-01T04:55:00.000Z', seen: {} }), now, settings);
		expect(window?.start.toUTC().toISO()).toBe('2030-05-01T04:45:00.000Z');
	});
	test('a last end in the future (clock moved back) still gives a sane window', () => {
		const window = pollWindow(readState({ lastPollEnd: '2030-05-01T06:00:00.000Z', seen: {} }), now, settings)!;
		expect(window.start < window.end).toBe(true);
	});
});

describe('catch-up in steps (issue 25)', () => {
	const HOUR = 3_600_000;
	const iso = (window: { start: DateTime; end: DateTime } | undefined) => [window?.start.toUTC().toISO(), window?.end.toUTC().toISO()];
	test('a gap longer than the step is asked for one step at a time, oldest first', () => {
		const state = readState({ lastPollEnd: '2030-04-30T05:00:00.000Z', seen: {}, stepMs: 6 * HOUR });
		expect(iso(pollWindow(state, now, settings))).toEqual(['2030-04-30T04:50:00.000Z', '2030-04-30T11:00:00.000Z']);
	});
	test('a gap shorter than the step reaches now', () => {
		const state = readState({ lastPollEnd: '2030-05-01T01:00:00.000Z', seen: {}, stepMs: 6 * HOUR });
		expect(iso(pollWindow(state, now, settings))).toEqual(['2030-05-01T00:50:00.000Z', '2030-05-01T05:00:00.000Z']);
	});
	test('without a remembered step, the largest step bounds the window (32 days)', () => {
		expect(MAX_STEP_MS).toBe(32 * 24 * HOUR);
		const state = readState({ lastPollEnd: '2030-01-01T00:00:00.000Z', seen: {} });
		expect(iso(pollWindow(state, now, settings))).toEqual(['2029-12-31T23:50:00.000Z', '2030-02-02T00:00:00.000Z']);
	});
	test('the first look-back is asked for in steps too', () => {
		const state = readState({ stepMs: HOUR });
		expect(iso(pollWindow(state, now, { ...settings, firstPoll: 'lookBack' }))).toEqual(['2030-05-01T03:00:00.000Z', '2030-05-01T04:00:00.000Z']);
	});
	test('a saved step out of range or not a number is read as the nearest bound or ignored', () => {
		expect(readState({ stepMs: 1 }).stepMs).toBe(MIN_STEP_MS);
		expect(readState({ stepMs: MAX_STEP_MS * 3 }).stepMs).toBeUndefined();
		expect(readState({ stepMs: 'x' }).stepMs).toBeUndefined();
		expect(readState({ stepMs: Number.NaN }).stepMs).toBeUndefined();
		expect(MIN_STEP_MS).toBe(60_000);
	});
	test('a poll out of time halves the span it asked for (never below one minute)', () => {
		const last = '2030-04-30T05:00:00.000Z';
		const window = pollWindow(readState({ lastPollEnd: last, seen: {} }), now, settings)!;
		// It asked for 24 hours after the last end: next time 12.
		expect(nextStep(readState({ lastPollEnd: last, seen: {} }), window, { outOfTime: true })).toBe(12 * HOUR);
		const tiny = pollWindow(readState({ lastPollEnd: '2030-05-01T04:59:00.000Z', seen: {}, stepMs: MIN_STEP_MS }), now, settings)!;
		expect(nextStep(readState({ lastPollEnd: '2030-05-01T04:59:00.000Z', seen: {}, stepMs: MIN_STEP_MS }), tiny, { outOfTime: true })).toBe(MIN_STEP_MS);
	});
	test('behind now, a poll that used less than 80% of its budget grows the step by half up to the largest; one that used more keeps it', () => {
		const state = readState({ lastPollEnd: '2030-04-30T05:00:00.000Z', seen: {}, stepMs: 3 * HOUR });
		const window = pollWindow(state, now, settings)!;
		expect(nextStep(state, window, { outOfTime: false, behind: true, usedShare: 0.75 })).toBe(4.5 * HOUR);
		expect(nextStep(state, window, { outOfTime: false, behind: true, usedShare: 0.8 })).toBe(3 * HOUR);
		const large = readState({ lastPollEnd: '2030-04-30T05:00:00.000Z', seen: {}, stepMs: 22 * 24 * HOUR });
		expect(nextStep(large, pollWindow(large, now, settings)!, { outOfTime: false, behind: true, usedShare: 0 })).toBeUndefined();
	});
	test('having reached now, a poll within half its budget grows the step by half up to the largest; a slower one keeps it', () => {
		const state = readState({ lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {}, stepMs: 3 * HOUR });
		const window = pollWindow(state, now, settings)!;
		expect(nextStep(state, window, { outOfTime: false, behind: false, usedShare: 0.4 })).toBe(4.5 * HOUR);
		expect(nextStep(state, window, { outOfTime: false, behind: false, usedShare: 0.5 })).toBe(3 * HOUR);
		const large = readState({ lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {}, stepMs: 22 * 24 * HOUR });
		expect(nextStep(large, pollWindow(large, now, settings)!, { outOfTime: false, behind: false, usedShare: 0 })).toBeUndefined();
	});
	test('a first look-back out of time: the next first poll starts where it began, in the smaller step', () => {
		const state = readState({ stepMs: HOUR, lookBackStart: '2030-05-01T02:55:00.000Z' });
		expect(iso(pollWindow(state, now, { ...settings, firstPoll: 'lookBack' }))).toEqual(['2030-05-01T02:55:00.000Z', '2030-05-01T03:55:00.000Z']);
		// Once a poll has succeeded, the position is lastPollEnd: a stale look-back start is not read.
		expect(readState({ lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {}, lookBackStart: '2030-05-01T02:55:00.000Z' }).lookBackStart).toBeUndefined();
		expect(readState({ lookBackStart: 'garbage' }).lookBackStart).toBeUndefined();
	});
	test('a saved lastPollEnd that is not a date is read as absent, as one that is not text', () => {
		expect(readState({ lastPollEnd: 'garbage', seen: {} }).lastPollEnd).toBeUndefined();
		expect(readState({ lastPollEnd: '', seen: {} }).lastPollEnd).toBeUndefined();
		expect(readState({ lastPollEnd: 5, seen: {} }).lastPollEnd).toBeUndefined();
		expect(readState({ lastPollEnd: '2030-05-01T04:00:00.000Z', seen: {} }).lastPollEnd).toBe('2030-05-01T04:00:00.000Z');
	});
	test('takeNewRows keeps the step out of the state; the caller sets it', () => {
		const state = readState({ lastPollEnd: '2030-04-30T05:00:00.000Z', seen: {}, stepMs: 3 * HOUR });
		const window = pollWindow(state, now, settings)!;
		const result = takeNewRows([{ id: 1 }], state, window, { overlapMinutes: 10, dedupe: byId, timeField: 'call_time' });
		expect(result.state.lastPollEnd).toBe('2030-04-30T08:00:00.000Z');
		expect(result.state.stepMs).toBeUndefined();
	});
	test('catching up keeps each dialog once: the memory spans consecutive steps', () => {
		let state = readState({ lastPollEnd: '2030-04-30T05:00:00.000Z', seen: {}, stepMs: 6 * HOUR });
		const emitted: number[] = [];
		// The platform holds one dialog per 10 minutes; each answer is every dialog in the window.
		const rows = Array.from({ length: 24 * 6 }, (_, index) => ({ id: index, at: Date.parse('2030-04-30T05:00:00.000Z') + index * 600_000 }));
		for (let poll = 0; poll < 6; poll++) {
			const window = pollWindow(state, now, settings)!;
			const answer = rows.filter((row) => row.at >= window.start.toMillis() && row.at <= window.end.toMillis());
			const result = takeNewRows(answer, state, window, { overlapMinutes: 10, dedupe: byId, timeField: 'call_time' });
			emitted.push(...result.fresh.map((row) => row.id));
			state = { ...result.state, stepMs: state.stepMs };
		}
		expect(state.lastPollEnd).toBe('2030-05-01T05:00:00.000Z');
		expect(emitted).toEqual(rows.filter((row) => row.at <= now.toMillis()).map((row) => row.id));
	});
});

describe('rowKey', () => {
	const byPhoneAndTime: DedupeSettings = { by: 'fields', fields: ['phone_number', 'call_time'] };
	test('chosen fields, in order, hashed to 16 base64url characters (96 bits)', () => {
		expect(rowKey({ phone_number: '+7', call_time: 't' }, byPhoneAndTime)).toBe(hashOf('["+7","t"]'));
		expect(rowKey({ phone_number: '+7', call_time: 't' }, byPhoneAndTime)).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(rowKey({ call_time: 't', phone_number: '+7', status: 'x' }, byPhoneAndTime)).toBe(rowKey({ phone_number: '+7', call_time: 't' }, byPhoneAndTime));
	});
	test('a row without one of the chosen fields is known by its whole content, never merged with another', () => {
		const a = rowKey({ phone_number: '+7', status: 'busy' }, byPhoneAndTime);
		const b = rowKey({ phone_number: '+7', status: 'answered' }, byPhoneAndTime);
		const c = rowKey({ phone_number: '+7', call_time: null, status: 'busy' }, byPhoneAndTime);
		expect(new Set([a, b, c]).size).toBe(3);
		expect(a).toBe(rowKey({ phone_number: '+7', status: 'busy' }, { by: 'rowHash' }));
	});
	test('whole-row hash ignores key order and tells different rows apart', () => {
		const a = rowKey({ a: 1, b: { c: 2 } }, { by: 'rowHash' });
		expect(rowKey({ b: { c: 2 }, a: 1 }, { by: 'rowHash' })).toBe(a);
		expect(rowKey({ a: 1, b: { c: 3 } }, { by: 'rowHash' })).not.toBe(a);
	});
	test('a key has a fixed size whatever the values hold', () => {
		const huge = '9'.repeat(100_000);
		expect(rowKey({ phone_number: huge, call_time: 't' }, byPhoneAndTime)).toHaveLength(16);
	});
});

describe('takeNewRows', () => {
	const poll = (rows: Array<Record<string, unknown>>, state: PollState, end: DateTime, overlapMinutes = 10) =>
		takeNewRows(rows, state, { start: end.minus({ minutes: 15 }), end }, { overlapMinutes, dedupe: byId, timeField: 'call_time' });

	test('skips seen rows, remembers each by the end of the last window that returned it, forgets what no later window can return', () => {
		const state = { lastPollEnd: '2030-05-01T04:55:00.000Z', seen: { [hashOf('["1"]')]: Date.parse('2030-05-01T04:40:00.000Z'), [hashOf('["2"]')]: Date.parse('2030-05-01T04:55:00.000Z') } };
		const rows = [
			{ id: 2, call_time: '2030-05-01T04:56:00.000Z' },
			{ id: 3, call_time: '2030-05-01T04:58:00.000Z' },
			{ id: 4 },
		];
		const result = poll(rows, state, now);
		expect(result.fresh).toEqual([rows[1], rows[2]]);
		expect(result.state).toEqual({
			lastPollEnd: '2030-05-01T05:00:00.000Z',
			seen: { [hashOf('["2"]')]: now.toMillis(), [hashOf('["3"]')]: now.toMillis(), [hashOf('["4"]')]: now.toMillis() },
		});
	});

	test('a server that ignores the window: an old row returned on every poll is emitted once', () => {
		const old = { id: 1, call_time: '2030-04-01T00:00:00.000Z' };
		let state = readState({ lastPollEnd: now.toISO(), seen: {} });
		const emitted: unknown[] = [];
		for (let index = 1; index <= 6; index++) {
			const result = poll([old], state, now.plus({ minutes: 5 * index }));
			emitted.push(...result.fresh);
			state = result.state;
		}
		expect(emitted).toEqual([old]);
	});

	test('far-future rows are forgotten once no window returns them: memory holds only the recent windows', () => {
		let state = readState({ lastPollEnd: now.toISO(), seen: {} });
		const sizes: number[] = [];
		for (let index = 1; index <= 10; index++) {
			const rows = Array.from({ length: 200 }, (_, row) => ({ id: index * 1000 + row, call_time: '2099-01-01T00:00:00.000Z' }));
			state = poll(rows, state, now.plus({ minutes: 5 * index })).state;
			sizes.push(Object.keys(state.seen).length);
		}
		// The keys of the windows ending within the overlap (10 minutes = this poll and the two before).
		expect(sizes).toEqual([200, 400, 600, 600, 600, 600, 600, 600, 600, 600]);
	});

	test(`at most ${MAX_REMEMBERED_DIALOGS} keys: the least recently returned go first, then the oldest of this answer`, () => {
		const earlier = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [hashOf(`["${-index - 1}"]`), now.toMillis() - 60_000]));
		const rows = Array.from({ length: MAX_REMEMBERED_DIALOGS + 50 }, (_, index) => ({
			id: index,
			call_time: new Date(now.toMillis() - (MAX_REMEMBERED_DIALOGS + 50 - index) * 1000).toISOString(),
		}));
		const result = takeNewRows(rows, { lastPollEnd: now.minus({ minutes: 5 }).toISO()!, seen: earlier }, { start: now.minus({ hours: 5 }), end: now }, { overlapMinutes: 10, dedupe: byId, timeField: 'call_time' });
		expect(result.fresh).toHaveLength(MAX_REMEMBERED_DIALOGS + 50);
		const kept = Object.keys(result.state.seen);
		expect(kept).toHaveLength(MAX_REMEMBERED_DIALOGS);
		// All 100 earlier keys and this answer's 50 oldest rows were dropped.
		expect(kept).not.toContain(hashOf('["-1"]'));
		expect(kept).not.toContain(hashOf('["49"]'));
		expect(kept).toContain(hashOf('["50"]'));
		expect(kept).toContain(hashOf(`["${MAX_REMEMBERED_DIALOGS + 49}"]`));
	});
});

describe('readState', () => {
	test('reads the previous version\'s raw keys as hashed keys, dated by the last poll', () => {
		const rowHash = createHash('sha256').update('{"a":1}').digest('base64url');
		const state = readState({
			lastPollEnd: '2030-05-01T04:55:00.000Z',
			seen: { '["+79120000001","2030-05-01T04:50:00.000Z"]': 1, [rowHash]: 2, [hashOf('[5]')]: 3, bad: 'x' },
		});
		const at = Date.parse('2030-05-01T04:55:00.000Z');
		expect(state).toEqual({
			lastPollEnd: '2030-05-01T04:55:00.000Z',
			seen: { [hashOf('["+79120000001","2030-05-01T04:50:00.000Z"]')]: at, [rowHash.slice(0, 16)]: at, [hashOf('[5]')]: 3 },
		});
		expect(rowKey({ phone_number: '+79120000001', call_time: '2030-05-01T04:50:00.000Z' }, { by: 'fields', fields: ['phone_number', 'call_time'] })).toBe(
			hashOf('["+79120000001","2030-05-01T04:50:00.000Z"]'),
		);
		// The whole-row key of the row that full SHA-256 was of, {"a":1}, as that version hashed it: the row is known.
		const window = { start: DateTime.fromISO('2030-05-01T04:45:00.000Z'), end: now };
		expect(takeNewRows([{ a: 1 }], state, window, { overlapMinutes: 10, dedupe: { by: 'rowHash' }, timeField: 'call_time' }).fresh).toEqual([]);
	});
});

describe('upgrading the memory emits nothing again', () => {
	const byPhoneAndTime: DedupeSettings = { by: 'fields', fields: ['phone_number', 'call_time'] };
	const window = { start: DateTime.fromISO('2030-05-01T04:45:00.000Z'), end: now };
	const options = { overlapMinutes: 10, dedupe: byPhoneAndTime, timeField: 'call_time' };

	test('a row with an empty dedupe field, remembered by the previous version under ["1",null], is not emitted again', () => {
		const state = readState({ lastPollEnd: '2030-05-01T04:55:00.000Z', seen: { '["1",null]': Date.parse('2030-05-01T04:50:00.000Z') } });
		const rows = [{ phone_number: '1', call_time: null, other: 'x' }];
		const first = takeNewRows(rows, state, window, options);
		expect(first.fresh).toEqual([]);
		// Remembered under today's key too, so it stays known once the converted key is forgotten.
		expect(first.state.seen[rowKey(rows[0], byPhoneAndTime)]).toBe(now.toMillis());
		const later = { start: now.plus({ minutes: 50 }), end: now.plus({ hours: 1 }) };
		const second = takeNewRows(rows, first.state, later, options);
		expect(second.fresh).toEqual([]);
		expect(Object.keys(second.state.seen)).toEqual([rowKey(rows[0], byPhoneAndTime)]);
	});

	test('rows with an empty field that the previous version did not remember are still told apart', () => {
		const state = readState({ lastPollEnd: '2030-05-01T04:55:00.000Z', seen: {} });
		const rows = [{ phone_number: '1', call_time: null, other: 'x' }, { phone_number: '1', call_time: null, other: 'y' }];
		expect(takeNewRows(rows, state, window, options).fresh).toEqual(rows);
	});
});

describe("a dialog's identity does not depend on JSON types a server varies", () => {
	const byPhoneAndTime: DedupeSettings = { by: 'fields', fields: ['phone_number', 'call_time'] };
	const byId: DedupeSettings = { by: 'fields', fields: ['id'] };
	const options = (dedupe: DedupeSettings) => ({ overlapMinutes: 10, dedupe, timeField: 'call_time' });
	const windowEnding = (end: DateTime) => ({ start: end.minus({ minutes: 15 }), end });

	test('a number and the text JSON writes for it are one value, in the chosen fields and in the whole row', () => {
		const asNumber = { phone_number: 79120000001, call_time: 't', duration: 35, nested: { attempts: 2 } };
		const asText = { phone_number: '79120000001', call_time: 't', duration: '35', nested: { attempts: '2' } };
		expect(rowKey(asNumber, byPhoneAndTime)).toBe(rowKey(asText, byPhoneAndTime));
		expect(rowKey(asNumber, { by: 'rowHash' })).toBe(rowKey(asText, { by: 'rowHash' }));
		// A row lacking a chosen field is known by its whole content, with the same folding.
		expect(rowKey({ phone_number: 79120000001 }, byPhoneAndTime)).toBe(rowKey({ phone_number: '79120000001' }, byPhoneAndTime));
	});

	test('the key order of an object is no difference, in a chosen field too', () => {
		expect(rowKey({ id: { a: 1, b: { c: 2, d: 3 } } }, byId)).toBe(rowKey({ id: { b: { d: 3, c: 2 }, a: 1 } }, byId));
		expect(rowKey({ x: { a: 1, b: 2 }, y: 1 }, { by: 'rowHash' })).toBe(rowKey({ y: 1, x: { b: 2, a: 1 } }, { by: 'rowHash' }));
	});

	test('nothing else is folded: other spellings, spaces, booleans and order within a list stay different dialogs', () => {
		const values = [79120000001, '079120000001', '+79120000001', ' 79120000001', '79120000001 ', '79120000001.0', '7.9120000001e10', true, 'true', [1, 2], [2, 1]];
		const keys = values.map((id) => rowKey({ id }, byId));
		expect(new Set(keys).size).toBe(values.length);
	});

	test.each([
		['number, then text', 79120000001, '79120000001'],
		['text, then number', '79120000001', 79120000001],
	])('a dialog whose field comes as %s is emitted once', (_case, first, second) => {
		const row = (phone: unknown) => ({ phone_number: phone, call_time: '2030-05-01T04:50:00.000Z', status: 'answered' });
		for (const dedupe of [byPhoneAndTime, { by: 'rowHash' }] as DedupeSettings[]) {
			const one = takeNewRows([row(first)], readState({ lastPollEnd: '2030-05-01T04:45:00.000Z', seen: {} }), windowEnding(now), options(dedupe));
			expect(one.fresh).toEqual([row(first)]);
			const two = takeNewRows([row(second)], one.state, windowEnding(now.plus({ minutes: 5 })), options(dedupe));
			expect(two.fresh).toEqual([]);
			const three = takeNewRows([row(first)], two.state, windowEnding(now.plus({ minutes: 10 })), options(dedupe));
			expect(three.fresh).toEqual([]);
			expect(Object.keys(three.state.seen)).toEqual([rowKey(row(first), dedupe)]);
		}
	});

	test('memory saved before this rule (keys of the values as received) is read: an upgrade emits nothing again', () => {
		const rows = [
			{ phone_number: 79120000001, call_time: '2030-05-01T04:50:00.000Z', duration: 35 },
			{ phone_number: '79120000002', call_time: '2030-05-01T04:51:00.000Z', extra: { b: 1, a: 2 } },
			{ phone_number: 79120000003, call_time: null, duration: 0 },
		];
		// What the previous version hashed: the chosen fields' values as received, or the whole row with keys sorted.
		const sortedKeys = (value: unknown): unknown =>
			value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])])) : value;
		const savedBefore = (dedupe: DedupeSettings): PollState => ({
			lastPollEnd: '2030-05-01T04:55:00.000Z',
			seen: Object.fromEntries(
				rows.map((row: Record<string, unknown>) => [
					dedupe.by === 'fields' && dedupe.fields.every((field) => row[field] !== undefined && row[field] !== null)
						? hashOf(JSON.stringify(dedupe.fields.map((field) => row[field])))
						: hashOf(JSON.stringify(sortedKeys(row))),
					Date.parse('2030-05-01T04:55:00.000Z'),
				]),
			),
		});
		for (const dedupe of [byPhoneAndTime, { by: 'fields', fields: ['phone_number', 'extra'] }, { by: 'rowHash' }] as DedupeSettings[]) {
			const first = takeNewRows(rows, readState(savedBefore(dedupe)), windowEnding(now), options(dedupe));
			expect(first.fresh).toEqual([]);
			// Remembered under today's keys too, so they stay known once the saved keys are forgotten.
			const later = takeNewRows(rows, first.state, windowEnding(now.plus({ minutes: 50 })), options(dedupe));
			expect(later.fresh).toEqual([]);
			expect(Object.keys(later.state.seen).sort()).toEqual(rows.map((row) => rowKey(row, dedupe)).sort());
		}
	});
});

describe('a dedupe field named like a built-in property', () => {
	test.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('%s: rows without it are not merged', (field) => {
		const dedupe: DedupeSettings = { by: 'fields', fields: [field] };
		const rows = [{ id: 1 }, { id: 2 }];
		expect(rowKey(rows[0], dedupe)).not.toBe(rowKey(rows[1], dedupe));
		const window = { start: DateTime.fromISO('2030-05-01T04:45:00.000Z'), end: now };
		expect(takeNewRows(rows, readState({}), window, { overlapMinutes: 10, dedupe, timeField: 'call_time' }).fresh).toEqual(rows);
	});

	test.each(['toString', 'constructor', '__proto__'])('%s: a field only inherited is absent from the answer', (field) => {
		expect(dedupeFieldsAbsentFromAnswer([field], [{ id: 1 }], undefined)).toEqual({ absent: [field], returned: ['id'] });
	});

	test('an own field of that name is used', () => {
		const dedupe: DedupeSettings = { by: 'fields', fields: ['constructor'] };
		const rows = [JSON.parse('{"constructor": "a", "n": 1}'), JSON.parse('{"constructor": "a", "n": 2}')];
		expect(rowKey(rows[0], dedupe)).toBe(rowKey(rows[1], dedupe));
		expect(rowKey(rows[0], dedupe)).toBe(hashOf('["a"]'));
	});
});

describe('dedupe fields and columns', () => {
	test('named columns: every field must be among them', () => {
		expect(dedupeFieldsNotRequested(['phone_number', 'call_time'], [{ name: 'status' }, { name: 'duration' }])).toEqual(['phone_number', 'call_time']);
		expect(dedupeFieldsNotRequested(['phone_number', 'call_time'], [{ name: 'phone_number' }, { name: 'duration' }])).toEqual(['call_time']);
		expect(dedupeFieldsNotRequested(['phone_number', 'call_time'], [{ name: 'call_time' }, { name: 'phone_number', data_type: 'text' }])).toEqual([]);
	});
	test('no columns (all columns) or a column by data type: cannot be told before the answer', () => {
		expect(dedupeFieldsNotRequested(['phone_number'], [])).toEqual([]);
		expect(dedupeFieldsNotRequested(['phone_number'], [{ name: 'status' }, { data_type: 'text' }])).toEqual([]);
	});
	test('the answer: a field in no row, or (no rows) in no returned column, is absent', () => {
		const fields = ['phone_number', 'call_time'];
		expect(dedupeFieldsAbsentFromAnswer(fields, [{ phone_number: '1' }, { phone_number: '2', call_time: null }], undefined)).toEqual({ absent: [], returned: [] });
		expect(dedupeFieldsAbsentFromAnswer(fields, [{ phone_number: '1', status: 'busy' }], [{ field: 'phone_number' }, { field: 'call_time' }])).toEqual({ absent: ['call_time'], returned: ['phone_number', 'status'] });
		expect(dedupeFieldsAbsentFromAnswer(fields, [], [{ field: 'phone_number' }])).toEqual({ absent: ['call_time'], returned: ['phone_number'] });
		expect(dedupeFieldsAbsentFromAnswer(fields, [], [])).toEqual({ absent: [], returned: [] });
		expect(dedupeFieldsAbsentFromAnswer(fields, [], undefined)).toEqual({ absent: [], returned: [] });
	});
});

describe('dedupeFieldsFrom', () => {
	const read = (value: unknown, version: number) => dedupeFieldsFrom(value, version, 'Fields');
	test('version 1: comma-separated text in its order, names trimmed (what its saved memory was keyed by)', () => {
		expect(read(' phone_number ,call_time,', 1)).toEqual(['phone_number', 'call_time']);
		expect(read(['b', 'a'], 1)).toEqual(['b', 'a']);
	});
	test('version 2: picked entries as named, one each, in one order whatever the picking', () => {
		expect(read(['call_time', ' a,b ', 'call_time'], 2)).toEqual([' a,b ', 'call_time']);
		expect(read('call_time, phone_number', 2)).toEqual(['call_time', 'phone_number']);
		expect(read(null, 2)).toEqual([]);
	});
	test.each([
		[['a', null], 'Fields: entry 2 is null'],
		[[undefined], 'Fields: entry 1 is empty'],
		[['a', ' \n'], 'Fields: entry 2 is empty'],
		[[7], 'Fields: entry 1 is not a field name'],
		[7, 'Fields: not a list of field names'],
		[{ field: 'a' }, 'Fields: not a list of field names'],
	])('version 2 refuses %j', (value, message) => {
		expect(() => read(value, 2)).toThrow(message);
	});
});
