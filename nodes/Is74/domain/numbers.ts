/**
 * The one reading of numbers for every numeric parameter of every node: a number, or digits written
 * as text (what an expression such as `{{ $json.id }}` often gives). Pure module: no n8n imports.
 */
import { Is74InputError } from './inputError';

/** Digits written as text become a number; anything else is returned unchanged, to be refused. */
function numberFrom(value: unknown): unknown {
	return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/**
 * The one rule for an ID: a positive safe integer, as a number or as digits in a string (surrounding
 * blanks and leading zeros allowed: `" 012 "` is 12); anything else is undefined.
 */
export function positiveSafeInteger(value: unknown): number | undefined {
	const number = numberFrom(value);
	return typeof number === 'number' && Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}

/** A positive whole number from a number field or an expression (`"12"` is accepted). */
export function parseId(value: unknown, field: string, hint: string): number {
	const number = positiveSafeInteger(value);
	if (number === undefined) throw new Is74InputError(field, value, 'must be a positive whole number', hint);
	return number;
}

/** A whole number from `min` to `max`, from a number field or an expression (`"12"` is accepted). */
export function parseWholeNumber(value: unknown, field: string, min: number, max: number, hint: string): number {
	const number = numberFrom(value);
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new Is74InputError(field, value, `must be a whole number from ${min} to ${max}`, hint);
	}
	return number;
}
