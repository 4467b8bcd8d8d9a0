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
 *   code is assigned (ITU-T E.164);
 * - "+8" followed by exactly ten digits of a Russian number (`[3489]` and nine more) is refused with
 *   the +7 number as a hint, whatever country code the digits happen to form: "+8 495…" is far more
 *   often a Moscow number typed with the "8" habit than a Vietnamese one (+84 95…), and a campaign
 *   must not call abroad by mistake. A real such number is sent with Normalize Phones off.
 * - anything else is rejected with a reason: the function never guesses a country.
 */

import type { Result } from './result';
import { countryCallingCode, unassignedPrefix } from './countryCodes';

export type PhoneResult = Result<string>;

/** What every accepted number looks like after normalization. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
const RUSSIAN_PATTERN = /^\+7\d{10}$/;
/** Ten digits of a Russian number: a mobile (9…) or a geographic/service code (3…, 4…, 8…). */
const RUSSIAN_NATIONAL_PATTERN = /^[3489]\d{9}$/;
const SEPARATORS = /[\s\-().\u00a0\u2010-\u2015]/g;

/** True for +7XXXXXXXXXX, which most lists already hold: such a number is its own normal form. */
export function isNormalRussianPhone(input: unknown): input is string {
	return typeof input === 'string' && RUSSIAN_PATTERN.test(input);
}

export function normalizePhone(input: unknown): PhoneResult {
	if (isNormalRussianPhone(input)) return { ok: true, value: input };
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
				? { ok: true, value: phone }
				: { ok: false, reason: '+7 must be followed by exactly 10 digits' };
		}
		if (countryCallingCode(digits) !== undefined && isPlusEightTypo(phone)) {
			return {
				ok: false,
				reason: `"${phone}" looks like a Russian number written with +8 instead of +7: did you mean ${asRussian(phone.slice(2))}? If it really is an international number starting with +8, switch Options → Normalize Phones off to send it as typed.`,
			};
		}
		if (!/^\d{8,15}$/.test(digits)) {
			return { ok: false, reason: 'an international number needs a country code and 8 to 15 digits' };
		}
		if (countryCallingCode(digits) === undefined) return { ok: false, reason: unassignedCodeReason(phone) };
		return { ok: true, value: phone };
	}

	if (!/^\d+$/.test(compact)) {
		return { ok: false, reason: 'a phone number may contain only digits, spaces, dashes and brackets' };
	}
	if (compact.length === 11 && (compact.startsWith('8') || compact.startsWith('7'))) {
		return { ok: true, value: `+7${compact.slice(1)}` };
	}
	if (compact.length === 10 && compact.startsWith('9')) {
		return { ok: true, value: `+7${compact}` };
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
	return { ok: true, value: compact };
}

function unassignedCodeReason(phone: string): string {
	const reason = `"${phone}" starts with +${unassignedPrefix(phone.slice(1))}, which is no assigned country calling code (ITU-T E.164)`;
	return isPlusEightTypo(phone) ? `${reason}; did you mean ${asRussian(phone.slice(2))}?` : reason;
}

/** "+8" and the ten digits of a Russian number: "+7" typed with the domestic "8" habit. */
function isPlusEightTypo(phone: string): boolean {
	return phone.startsWith('+8') && RUSSIAN_NATIONAL_PATTERN.test(phone.slice(2));
}

/** Ten national digits as a Russian number is written: `+7 495 123-45-67`. */
function asRussian(national: string): string {
	return `+7 ${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : typeof value;
}
