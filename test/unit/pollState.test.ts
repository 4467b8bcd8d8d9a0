import { DateTime } from 'luxon';

import { pollWindow, readState, rowKey, takeNewRows } from '../../nodes/shared/pollState';

const now = DateTime.fromISO('2030-05-01T05:00:00.000Z');
const settings = { overlapMinutes: 10, firstPoll: 'newOnly' as const, lookBackHours: 2 };

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

describe('rowKey', () => {
	test('chosen fields, in order; missing fields count as null', () => {
		expect(rowKey({ phone_number: '+7', call_time: 't' }, { by: 'fields', fields: ['phone_number', 'call_time'] })).toBe('["+7","t"]');
		expect(rowKey({ phone_number: '+7' }, { by: 'fields', fields: ['phone_number', 'call_time'] })).toBe('["+7",null]');
	});
	test('whole-row hash ignores key order and tells different rows apart', () => {
		const a = rowKey({ a: 1, b: { c: 2 } }, { by: 'rowHash' });
		expect(rowKey({ b: { c: 2 }, a: 1 }, { by: 'rowHash' })).toBe(a);
		expect(rowKey({ a: 1, b: { c: 3 } }, { by: 'rowHash' })).not.toBe(a);
	});
});

test('takeNewRows skips seen rows and prunes what no later window can return', () => {
	const window = { start: now.minus({ minutes: 15 }), end: now };
	const dedupe = { by: 'fields' as const, fields: ['id'] };
	const state = { lastPollEnd: '2030-05-01T04:55:00.000Z', seen: { '[1]': Date.parse('2030-05-01T04:40:00.000Z'), '[2]': Date.parse('2030-05-01T04:56:00.000Z') } };
	const rows = [
		{ id: 2, call_time: '2030-05-01T04:56:00.000Z' },
		{ id: 3, call_time: '2030-05-01T04:58:00.000Z' },
		{ id: 4 },
	];
	const result = takeNewRows(rows, state, window, { overlapMinutes: 10, dedupe, timeField: 'call_time' });
	expect(result.fresh).toEqual([rows[1], rows[2]]);
	expect(result.state).toEqual({
		lastPollEnd: '2030-05-01T05:00:00.000Z',
		seen: { '[2]': Date.parse('2030-05-01T04:56:00.000Z'), '[3]': Date.parse('2030-05-01T04:58:00.000Z'), '[4]': now.toMillis() },
	});
});
