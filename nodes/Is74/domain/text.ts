/** Short renderings of server answers for error messages. Pure module: no n8n imports. */

const MAX_EXCERPT = 200;

/** One line, at most `max` characters. */
import type { Result } from './result';

export function excerpt(text: string, max = MAX_EXCERPT): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return single.length > max ? `${single.slice(0, max)}…` : single;
}

export type JsonParseResult = Result<unknown>;

/**
 * JSON.parse that reports instead of throwing, so callers can raise their own clear error. The
 * reason is a position only: JSON.parse's own message quotes the text around the error, and the
 * text may hold a secret.
 */
export function parseJson(text: string): JsonParseResult {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		const position = jsonErrorPosition(text);
		return { ok: false, reason: position >= text.length ? `it ends at position ${text.length} before the JSON is complete` : `at position ${position}` };
	}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPED = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /[0-9a-fA-F]{4}/y;

function skipBlanks(text: string, from: number): number {
	let index = from;
	for (;;) {
		const code = text.charCodeAt(index);
		if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return index;
		index++;
	}
}

/** The index after the string that opens at `from`, or -(index of its first fault) - 1. */
function skipString(text: string, from: number): number {
	for (let index = from + 1; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x22) return index + 1;
		if (code < 0x20) return -index - 1;
		if (code !== 0x5c) continue;
		const next = text[index + 1];
		if (next === 'u') {
			HEX4.lastIndex = index + 2;
			if (!HEX4.test(text)) return -index - 1;
			index += 5;
		} else if (ESCAPED.has(next)) index++;
		else return -index - 1;
	}
	return -text.length - 1;
}

/** The index after the scalar at `from` (string, number, literal), or -(fault) - 1. */
function skipScalar(text: string, from: number): number {
	if (text[from] === '"') return skipString(text, from);
	NUMBER.lastIndex = from;
	if (NUMBER.test(text)) return NUMBER.lastIndex;
	for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, from)) return from + literal.length;
	return -from - 1;
}

/**
 * Where `text` stops being JSON, as JSON.parse reads it (RFC 8259): the index of the first
 * character that cannot continue it, `text.length` if it ends too early, -1 if it is valid JSON.
 * For error messages that must not quote the text. Iterative, so any nesting depth is fine.
 */
export function jsonErrorPosition(text: string): number {
	// Open containers: true for an object.
	const open: boolean[] = [];
	let index = skipBlanks(text, 0);
	for (;;) {
		// A value starts at `index`.
		const char = text[index];
		if (char === '{' || char === '[') {
			index = skipBlanks(text, index + 1);
			if (text[index] === (char === '{' ? '}' : ']')) index++;
			else {
				open.push(char === '{');
				if (char === '{') {
					const key = objectKey(text, index);
					if (key < 0) return -key - 1;
					index = key;
				}
				continue;
			}
		} else {
			const end = skipScalar(text, index);
			if (end < 0) return -end - 1;
			index = end;
		}
		// After a value: close containers, or a comma and the next value.
		for (;;) {
			index = skipBlanks(text, index);
			if (open.length === 0) return index === text.length ? -1 : index;
			const inObject = open[open.length - 1];
			if (text[index] === (inObject ? '}' : ']')) {
				open.pop();
				index++;
				continue;
			}
			if (text[index] !== ',') return index;
			index = skipBlanks(text, index + 1);
			if (inObject) {
				const key = objectKey(text, index);
				if (key < 0) return -key - 1;
				index = key;
			}
			break;
		}
	}
}

/** A key and its colon at `from`: where its value starts, or -(fault) - 1. */
function objectKey(text: string, from: number): number {
	if (text[from] !== '"') return -from - 1;
	const end = skipString(text, from);
	if (end < 0) return end;
	const colon = skipBlanks(text, end);
	if (text[colon] !== ':') return -colon - 1;
	return skipBlanks(text, colon + 1);
}

/** The names in a comma-separated parameter ("phone, call_time"), trimmed, empty ones dropped. */
export function commaList(value: unknown): string[] {
	// A list picked in the editor arrives as an array.
	return (Array.isArray(value) ? value.join(',') : String(value ?? ''))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

/**
 * Letters, numbers and symbols that show nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0)
 * and the blank Braille pattern (U+2800), used to make names that look empty.
 */
const BLANK_FILLERS = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
const LATIN_CYRILLIC_OR_DIGIT = /[0-9A-Za-z\u0410-\u044f\u0401\u0451]/;

/**
 * True when the text has something a person can see: a letter, number, punctuation or symbol that
 * is not a blank filler. Spaces, control and format characters, and marks alone (a combining
 * grapheme joiner, a variation selector) show nothing.
 */
export function hasVisibleCharacter(text: string): boolean {
	// Checked for every scenario value of every contact: a Latin or Cyrillic letter or a digit settles it at once.
	return LATIN_CYRILLIC_OR_DIGIT.test(text) || /[\p{L}\p{N}\p{P}\p{S}]/u.test(text.replace(BLANK_FILLERS, ''));
}

/** `text` safe inside HTML text: n8n renders execution hints as HTML. */
export function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
