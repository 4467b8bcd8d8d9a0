/**
 * The one reading of a phone list, wherever a phone may be given: an array, a JSON array written as
 * text, or text with phones separated by commas, semicolons or new lines (what an AI model sends
 * through a text parameter). Pure module: no n8n imports.
 */
import { Is74InputError } from './inputError';
import { parseJson } from './text';

/** What separates phones in a text list. Spaces do not: "+7 912 000-00-01" is one phone. */
const LIST_SEPARATORS = /[,;\r\n]/;

export const PHONE_LIST_HINT =
	'To give several phones, separate them with commas, semicolons or new lines ("+79120000001, +79120000002"), or give a JSON array (["+79120000001", "+79120000002"]).';

/**
 * The entries of a phone parameter: an array as it is, a JSON array text parsed, a separated text
 * split (blank pieces dropped); anything else (one phone, a number, an object) is one entry.
 * Nothing (undefined, null, blank text) is no entry.
 */
export function phoneListEntries(value: unknown, field: string): unknown[] {
	if (isOnePhone(value)) return [value];
	if (Array.isArray(value)) return value;
	if (value === undefined || value === null) return [];
	const text = (value as string).trim();
	if (text === '') return [];
	if (text.startsWith('[')) {
		const parsed = parseJson(text);
		if (!parsed.ok || !Array.isArray(parsed.value)) {
			const problem = parsed.ok ? 'starts like a JSON array but is not one' : `starts like a JSON array but is not valid JSON (${parsed.reason})`;
			throw new Is74InputError(field, value, problem, `Write a JSON array such as ["+79120000001", "+79120000002"], or separate the phones with commas.`);
		}
		return parsed.value;
	}
	return text
		.split(LIST_SEPARATORS)
		.map((piece) => piece.trim())
		.filter((piece) => piece !== '');
}

/**
 * True when phoneListEntries(value) is `[value]`: one phone (or one value to refuse as a phone), not a
 * list and not nothing. Asked first, per item, so that the usual one phone per item makes no list.
 */
export function isOnePhone(value: unknown): boolean {
	if (typeof value === 'string') {
		const text = value.trim();
		return text !== '' && !text.startsWith('[') && !LIST_SEPARATORS.test(text);
	}
	return value !== undefined && value !== null && !Array.isArray(value);
}
