/**
 * Phone number normalization for the IS74 platform, which calls Russian numbers.
 * Pure module: no n8n imports.
 *
 * Rules (documented in README):
 * - spaces, dashes, dots and brackets are removed;
 * - `8XXXXXXXXXX` and `7XXXXXXXXXX` (11 digits) become `+7XXXXXXXXXX`;
 * - `9XXXXXXXXX` (10 digits, a Russian mobile without the country code) becomes `+79XXXXXXXXX`;
 * - `+7` must be followed by exactly 10 digits;
 * - another `+<country code>` number is kept when it is valid E.164 (8 to 15 digits) and its country
 *   code is assigned (ITU-T E.164); "+8" followed by a Russian 10-digit number (a common typo for
 *   "+7", e.g. +8 912…: no code 89 exists) is refused with the +7 number as a hint;
 * - anything else is rejected with a reason: the function never guesses a country.
 */

import { countryCallingCode, unassignedPrefix } from './countryCodes';

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

/** What every accepted number looks like after normalization. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
const RUSSIAN_PATTERN = /^\+7\d{10}$/;
/** Ten digits of a Russian number: a mobile (9…) or a geographic/service code (3…, 4…, 8…). */
const RUSSIAN_NATIONAL_PATTERN = /^[3489]\d{9}$/;
const SEPARATORS = /[\s\-().\u00a0\u2010-\u2015]/g;

export function normalizePhone(input: unknown): PhoneResult {
	if (typeof input === 'number') {
		if (!Number.isSafeInteger(input) || input <= 0) {
			return { ok: false, reason: 'a number-typed phone must be a positive whole number' };
		}
		input = String(input);
	}
	if (typeof input !== 'string') {
		return { ok: false, reason: `expected a phone number as text, got ${describeType(input)}` };
	}
	const compact = input.replace(SEPARATORS, '');
	if (compact === '') return { ok: false, reason: 'the phone number is empty' };

	if (compact.startsWith('+')) {
		const digits = compact.slice(1);
		if (!/^\d+$/.test(digits)) return { ok: false, reason: 'only digits may follow "+"' };
		const phone = `+${digits}`;
		if (digits.startsWith('7')) {
			return RUSSIAN_PATTERN.test(phone)
				? { ok: true, phone }
				: { ok: false, reason: '+7 must be followed by exactly 10 digits' };
		}
		if (!/^\d{8,15}$/.test(digits)) {
			return { ok: false, reason: 'an international number needs a country code and 8 to 15 digits' };
		}
		if (countryCallingCode(digits) === undefined) return { ok: false, reason: unassignedCodeReason(phone) };
		return { ok: true, phone };
	}

	if (!/^\d+$/.test(compact)) {
		return { ok: false, reason: 'a phone number may contain only digits, spaces, dashes and brackets' };
	}
	if (compact.length === 11 && (compact.startsWith('8') || compact.startsWith('7'))) {
		return { ok: true, phone: `+7${compact.slice(1)}` };
	}
	if (compact.length === 10 && compact.startsWith('9')) {
		return { ok: true, phone: `+7${compact}` };
	}
	return {
		ok: false,
		reason:
			'not a Russian number (8XXXXXXXXXX, 7XXXXXXXXXX or 9XXXXXXXXX); write other countries with "+" and the country code',
	};
}

/**
 * Checks a phone without rewriting it, for users who switch normalization off:
 * separators are still trimmed, but the digits are sent as given.
 */
export function checkRawPhone(input: unknown): PhoneResult {
	const text = typeof input === 'number' && Number.isSafeInteger(input) ? String(input) : input;
	if (typeof text !== 'string') {
		return { ok: false, reason: `expected a phone number as text, got ${describeType(input)}` };
	}
	const compact = text.replace(SEPARATORS, '');
	if (!/^\+?\d{7,15}$/.test(compact)) return { ok: false, reason: 'expected 7 to 15 digits, optionally after "+"' };
	// Digits without "+" are sent as typed (a local form the platform may know); a "+" names a country.
	if (compact.startsWith('+') && countryCallingCode(compact.slice(1)) === undefined) return { ok: false, reason: unassignedCodeReason(compact) };
	return { ok: true, phone: compact };
}

function unassignedCodeReason(phone: string): string {
	const reason = `"${phone}" starts with +${unassignedPrefix(phone.slice(1))}, which is no assigned country calling code (ITU-T E.164)`;
	const national = phone.slice(2);
	if (!phone.startsWith('+8') || !RUSSIAN_NATIONAL_PATTERN.test(national)) return reason;
	return `${reason}; did you mean +7 ${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}?`;
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : typeof value;
}
