/**
 * The one reading of numbers for every numeric parameter of every node: a number, or digits written
 * as text (what an expression such as `{{ $json.id }}` often gives). Pure module: no n8n imports.
 */
import { Is74InputError } from './inputError';

/** Digits written as text become a number; anything else is returned unchanged, to be refused. */
function numberFrom(value: unknown): unknown {
	return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** A positive whole number from a number field or an expression (`"12"` is accepted). */
export function parseId(value: unknown, field: string, hint: string): number {
	const number = numberFrom(value);
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
		throw new Is74InputError(field, value, 'must be a positive whole number', hint);
	}
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
