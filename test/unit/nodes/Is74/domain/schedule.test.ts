import { DateTime } from 'luxon';

import { presetPeriod, toApiDateTime, toCalendarDate, toClockTime, toDateTime, endOfWrittenUnit } from '../../../../../nodes/Is74/domain/schedule';

const zone = 'Asia/Yekaterinburg';

describe('toCalendarDate', () => {
	test.each([
		['2026-12-01', '2026-12-01'],
		[' 2026-12-01 ', '2026-12-01'],
		['2026-12-01T00:00:00', '2026-12-01'],
		// 20:30 UTC is already the next day in UTC+5.
		['2026-12-01T20:30:00Z', '2026-12-02'],
		['2026-12-01T10:00:00+03:00', '2026-12-01'],
	])('%p is %p in the workflow timezone', (input, expected) => {
		expect(toCalendarDate(input, zone)).toEqual({ ok: true, value: expected });
	});

	test('accepts Luxon DateTime and JS Date values from expressions', () => {
		expect(toCalendarDate(DateTime.fromISO('2026-12-01T23:30:00', { zone: 'UTC' }), zone)).toEqual({ ok: true, value: '2026-12-02' });
		expect(toCalendarDate(new Date('2026-12-01T12:00:00Z'), zone)).toEqual({ ok: true, value: '2026-12-01' });
	});

	test.each([['2026-02-30'], ['tomorrow'], [''], [42], [null]])('%p is refused', (input) => {
		expect(toCalendarDate(input, zone).ok).toBe(false);
	});

	test.each([['+275760-09-13'], ['+010000-01-01'], ['0999-12-31T12:00:00']])('%p is refused for its year', (input) => {
		expect(toCalendarDate(input, zone)).toEqual({ ok: false, reason: expect.stringMatching(/^the year \d+ cannot be written as YYYY-MM-DD \(years 1000 to 9999\)$/) });
	});
});

describe('toClockTime', () => {
	test.each([
		['9:00', '09:00'],
		['09:00', '09:00'],
		['09:00:00', '09:00'],
		['23:59', '23:59'],
		[' 7:05 ', '07:05'],
	])('%p becomes %p', (input, expected) => {
		expect(toClockTime(input)).toEqual({ ok: true, value: expected });
	});
	test.each([['24:00'], ['9:60'], ['09:00:30'], ['9'], ['nine'], [900], ['']])('%p is refused', (input) => {
		expect(toClockTime(input).ok).toBe(false);
	});
});

describe('periods', () => {
	const now = DateTime.fromISO('2026-11-23T20:15:30.250Z');

	test('toApiDateTime writes UTC with milliseconds and Z', () => {
		expect(toApiDateTime(DateTime.fromISO('2026-11-24T01:15:30.250', { zone }))).toBe('2026-11-23T20:15:30.250Z');
	});

	test.each([
		['today', '2026-11-23T19:00:00.000Z', '2026-11-24T18:59:59.999Z'],
		['yesterday', '2026-11-22T19:00:00.000Z', '2026-11-23T18:59:59.999Z'],
		['last24Hours', '2026-11-22T20:15:30.250Z', '2026-11-23T20:15:30.250Z'],
		['last7Days', '2026-11-16T20:15:30.250Z', '2026-11-23T20:15:30.250Z'],
		['last30Days', '2026-10-24T20:15:30.250Z', '2026-11-23T20:15:30.250Z'],
	] as const)('%s in UTC+5 (now is 2026-11-24 01:15 local)', (preset, start, end) => {
		const period = presetPeriod(preset, now, zone);
		expect([toApiDateTime(period.start), toApiDateTime(period.end)]).toEqual([start, end]);
	});

	test.each([
		['2026-11-24T23:59:59', '2026-11-24T18:59:59.999Z'],
		['2026-11-24T23:59:59Z', '2026-11-24T23:59:59.999Z'],
		['2026-11-24T23:59', '2026-11-24T18:59:59.999Z'],
		['2026-11-24T18:00', '2026-11-24T13:00:59.999Z'],
		['2026-11-24T18:00+03:00', '2026-11-24T15:00:59.999Z'],
		['2026-11-24T18', '2026-11-24T13:59:59.999Z'],
		['2026-11-24', '2026-11-24T18:59:59.999Z'],
		['2026-11', '2026-11-30T18:59:59.999Z'],
		['2026-11-24T23:59:59.250', '2026-11-24T18:59:59.250Z'],
		['2026-11-24T23:59:59.000', '2026-11-24T18:59:59.000Z'],
	])('a period End %p includes the whole unit it is written to', (input, expected) => {
		const parsed = toDateTime(input, zone);
		expect(parsed.ok && toApiDateTime(endOfWrittenUnit(input, parsed.value))).toBe(expected);
	});

	test('a date alone ends at 23:59:59.999 of that day in the workflow timezone, on a DST day too', () => {
		const berlin = 'Europe/Berlin';
		const parsed = toDateTime('2026-10-25', berlin);
		expect(parsed.ok && toApiDateTime(endOfWrittenUnit('2026-10-25', parsed.value))).toBe('2026-10-25T22:59:59.999Z');
	});

	test('a period End given as a Luxon value or a Date is taken as it is', () => {
		const value = DateTime.fromISO('2026-11-24T23:59:59', { zone });
		expect(toApiDateTime(endOfWrittenUnit(value, value))).toBe('2026-11-24T18:59:59.000Z');
		const date = new Date('2026-11-24T00:00:00Z');
		expect(toApiDateTime(endOfWrittenUnit(date, DateTime.fromJSDate(date, { zone })))).toBe('2026-11-24T00:00:00.000Z');
	});

	test('toDateTime reads a zone-less date-time in the workflow timezone', () => {
		const parsed = toDateTime('2026-11-24T09:00:00', zone);
		expect(parsed.ok && toApiDateTime(parsed.value)).toBe('2026-11-24T04:00:00.000Z');
	});
});
