/**
 * Dates, times and report periods, converted to the exact strings the API wants.
 * Pure module: luxon only (n8n ships it to community nodes).
 */
import type { Result } from './result';
import { DateTime } from 'luxon';
import { isCalendarDate } from './apiContract';

export type Parsed<T> = Result<T>;

/** Luxon DateTime values from n8n expressions may come from another copy of luxon: duck-type them. */
function isLuxonLike(value: unknown): value is { toISO: () => string | null; isValid: boolean } {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toISO?: unknown }).toISO === 'function' &&
		'isValid' in value
	);
}

/** The API writes years with four digits. */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

/**
 * Any date-ish value from the editor or an expression, as a luxon DateTime in `zone`:
 * `YYYY-MM-DD`, ISO date-times (with or without offset; without one it is read in `zone`),
 * Luxon DateTime, JS Date.
 */
export function toDateTime(value: unknown, zone: string): Parsed<DateTime> {
	let dateTime: DateTime | undefined;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return { ok: false, reason: 'the value is empty' };
		dateTime = DateTime.fromISO(text, { zone, setZone: false });
	} else if (value instanceof Date) {
		dateTime = DateTime.fromJSDate(value, { zone });
	} else if (isLuxonLike(value)) {
		const iso = value.isValid ? value.toISO() : null;
		if (iso) dateTime = DateTime.fromISO(iso, { zone, setZone: false });
	}
	if (dateTime === undefined) {
		return { ok: false, reason: 'expected a date such as 2026-12-01 or an ISO date-time' };
	}
	if (!dateTime.isValid) {
		return { ok: false, reason: `not a valid date (${dateTime.invalidExplanation ?? dateTime.invalidReason})` };
	}
	const local = dateTime.setZone(zone);
	// +275760-09-13 is a valid ISO date, but not one the API can take.
	if (local.year < MIN_YEAR || local.year > MAX_YEAR) {
		return { ok: false, reason: `the year ${local.year} cannot be written as YYYY-MM-DD (years ${MIN_YEAR} to ${MAX_YEAR})` };
	}
	return { ok: true, value: local };
}

/** An ISO date or date-time written to a unit coarser than the millisecond: its parts, by unit. */
const WRITTEN_UNIT = /^\d{4}(-\d{2})?(-\d{2})?(?:T\d{2}(:\d{2})?(:\d{2})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A period End includes the whole unit it is written to: `…T23:59:59` ends at `…T23:59:59.999`,
 * `…T23:59` at `…T23:59:59.999`, a date alone at 23:59:59.999 of that day (a month alone, that month)
 * in the workflow timezone; so does a date at midnight with no zone (what n8n's date picker saves for a
 * picked date). Values that carry milliseconds (`.250`, Luxon, Date) are kept as they are.
 */
export function endOfWrittenUnit(value: unknown, dateTime: DateTime): DateTime {
	if (typeof value !== 'string') return dateTime;
	const text = value.trim();
	const parts = WRITTEN_UNIT.exec(text);
	if (!parts) return dateTime;
	if (!text.includes('T')) return dateTime.endOf(parts[2] !== undefined ? 'day' : parts[1] !== undefined ? 'month' : 'year');
	// n8n's date picker saves a picked date as "…T00:00:00": without a zone, midnight is that date, whole.
	if (parts[2] !== undefined && /T00(:00){0,2}$/.test(text)) return dateTime.endOf('day');
	// Time units are added, not rounded in the zone: "…T18Z" is a UTC hour, whatever the zone's offset.
	const unit = parts[4] !== undefined ? 'seconds' : parts[3] !== undefined ? 'minutes' : 'hours';
	return dateTime.plus({ [unit]: 1 }).minus({ milliseconds: 1 });
}

/** A plain date `YYYY-MM-DD` is a calendar date already: it is never shifted through a timezone. */
function plainDate(text: string): Parsed<string> {
	return isCalendarDate(text) ? { ok: true, value: text } : { ok: false, reason: 'not a real calendar date' };
}

/** The calendar date (`YYYY-MM-DD`) of a date-ish value, in the workflow's timezone. */
export function toCalendarDate(value: unknown, zone: string): Parsed<string> {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return plainDate(value.trim());
	const parsed = toDateTime(value, zone);
	return parsed.ok ? { ok: true, value: parsed.value.toISODate() as string } : parsed;
}

/** A day as written: `YYYY-MM-DD`, or `YYYY-MM-DDT00:00:00` as n8n's date picker saves a picked date. */
const WRITTEN_DAY = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00)?$/;

/**
 * The calendar date of a value that must name its day as written, with no time zone that could move
 * it (an agent's Date, which a reviewer reads as written): undefined when it is not written so.
 */
export function writtenCalendarDate(value: unknown): Parsed<string> | undefined {
	const day = typeof value === 'string' ? WRITTEN_DAY.exec(value.trim())?.[1] : undefined;
	return day === undefined ? undefined : plainDate(day);
}

/** `9:00`, `09:00` and `09:00:00` become `09:00`. */
export function toClockTime(value: unknown): Parsed<string> {
	if (typeof value !== 'string') return { ok: false, reason: 'expected a time written as HH:MM' };
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
	if (!match) return { ok: false, reason: 'expected a time written as HH:MM, for example 09:00' };
	const [, hours, minutes, seconds] = match;
	if (Number(hours) > 23 || Number(minutes) > 59) {
		return { ok: false, reason: 'hours must be 0 to 23 and minutes 0 to 59' };
	}
	if (seconds !== undefined && seconds !== '00') {
		return { ok: false, reason: 'the call window is set in whole minutes; leave the seconds out' };
	}
	return { ok: true, value: `${hours.padStart(2, '0')}:${minutes}` };
}

/** The API's date-time format: ISO 8601 in UTC with milliseconds and `Z`. */
export function toApiDateTime(dateTime: DateTime): string {
	return dateTime.toUTC().toISO({ includeOffset: true, suppressMilliseconds: false }) as string;
}

export const PERIOD_PRESETS = ['today', 'yesterday', 'last24Hours', 'last7Days', 'last30Days'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/**
 * A preset period in the workflow's timezone. Today and Yesterday are whole calendar days;
 * the "Last …" presets are rolling windows ending now.
 */
export function presetPeriod(preset: PeriodPreset, now: DateTime, zone: string): { start: DateTime; end: DateTime } {
	const local = now.setZone(zone);
	switch (preset) {
		case 'today':
			return { start: local.startOf('day'), end: local.endOf('day') };
		case 'yesterday': {
			const yesterday = local.minus({ days: 1 });
			return { start: yesterday.startOf('day'), end: yesterday.endOf('day') };
		}
		case 'last24Hours':
			return { start: local.minus({ hours: 24 }), end: local };
		case 'last7Days':
			return { start: local.minus({ days: 7 }), end: local };
		case 'last30Days':
			return { start: local.minus({ days: 30 }), end: local };
	}
}
