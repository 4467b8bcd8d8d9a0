/**
 * Paths written in n8n expressions (`$json.a["b c"][0]`), read without n8n: only in the forms, and
 * on the data, where the read is provably n8n's own (test/unit/nodes/Is74/helpers/itemParameter.test.ts
 * compares them with n8n's evaluation over generated paths and data). Anything else is UNREAD, and
 * n8n evaluates it.
 */

/**
 * What a fast reader returns when it cannot read a value exactly as n8n would (a step into text, a
 * name the value inherits): the caller then asks n8n to evaluate the expression for that item.
 */
export const UNREAD: unique symbol = Symbol('read by n8n');

/**
 * `.a`, `["a b"]`, `['a']`, `[0]`: one step of a path below `json`, in the forms proven to read as
 * n8n reads them; PATH matches any number of them, as a regular expression's source. A quoted name holds no backslash, brace or line break (n8n splits
 * `{{ }}` blocks before parsing, and a line break ends a JavaScript string); an index is written
 * as JavaScript prints the number (`[01]` is `[1]` to n8n, `[99999999999999999999]` is `[1e20]`).
 */
const PATH_STEP = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\{}\n\r\u2028\u2029]*)"|'([^'\\{}\n\r\u2028\u2029]*)'|(\d+))\s*\]/g;
export const PATH = String.raw`((?:\s*(?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\{}\n\r\u2028\u2029]*"|'[^'\\{}\n\r\u2028\u2029]*'|\d+)\s*\]))*)`;

/**
 * Names n8n refuses to read in an expression ("due to security concerns"; n8n 2.41's list, a
 * superset of older ones): left to n8n, so the run fails as n8n makes it fail.
 */
const REFUSED_NAMES = new Set([
	'__proto__', 'prototype', 'constructor', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors', 'defineProperty', 'defineProperties', 'mainModule', 'binding', '_linkedBinding',
	'_load', 'prepareStackTrace', '__lookupGetter__', '__lookupSetter__', '__defineGetter__', '__defineSetter__',
	'caller', 'callee', 'arguments', 'getBuiltinModule', 'dlopen', 'execve', 'loadEnvFile',
]);

/** The segments of a path written after `json` (PATH's match); undefined when one may not read as n8n reads it. */
export function pathSegments(written: string): string[] | undefined {
	const segments: string[] = [];
	for (const found of written.matchAll(PATH_STEP)) {
		const [, name, doubleQuoted, singleQuoted, index] = found;
		if (index !== undefined && String(Number(index)) !== index) return undefined;
		// `.$` followed by anything is refused by n8n ("call it as a function"); `['$']` is not.
		if (name === '$' && found.index + found[0].length < written.length) return undefined;
		const segment = name ?? doubleQuoted ?? singleQuoted ?? index;
		if (REFUSED_NAMES.has(segment)) return undefined;
		segments.push(segment);
	}
	return segments;
}

/**
 * The value at `path`, read as n8n's expression evaluation reads it, or UNREAD where the two could
 * differ. n8n reads nothing below null or a missing value (no error); what an object or array holds
 * itself, and a name neither it nor its prototype has, read the same. A step into text or a number
 * (`.length`, `[0]`, `.toFixed`) and a name the value inherits (`toString`) are n8n's to read.
 */
export function readPath(json: object, path: string[]): unknown {
	let value: unknown = json;
	for (const segment of path) {
		if (value === null || value === undefined) return undefined;
		if (typeof value !== 'object') return UNREAD;
		if (Object.prototype.hasOwnProperty.call(value, segment)) value = (value as Record<string, unknown>)[segment];
		else if (segment in value) return UNREAD;
		else return undefined;
	}
	return typeof value === 'function' ? UNREAD : value;
}
