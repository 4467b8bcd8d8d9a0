/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node's own IDNA reads Punycode, independently of the scrubber's decoder */
/**
 * A test's own reading of a shown text, independent of the scrubber: every run of 8 characters of
 * a secret (the whole secret if shorter) that the text shows as is, or once decoded through up to
 * three layers of HTML entities, percent or form encoding, JSON escapes and Punycode host labels
 * (read by Node's own IDNA, not the scrubber's decoder), compared case-folded.
 */
import { domainToUnicode } from 'node:url';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', sol: '/', plus: '+', equals: '=', comma: ',', excl: '!', num: '#' };

const fromCodePoint = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd');

const DECODERS: Array<(text: string) => string> = [
	(text) =>
		text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[A-Za-z]+);?/g, (whole, name: string) => {
			if (name.startsWith('#')) return fromCodePoint(/^#[xX]/.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
			return NAMED[name.toLowerCase()] ?? whole;
		}),
	(text) =>
		text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
			try {
				return decodeURIComponent(run);
			} catch {
				return run;
			}
		}),
	(text) =>
		text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt'])/g, (_whole, escape: string) =>
			escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ?? escape,
		),
	(text) => text.replace(/(?<![A-Za-z0-9-])xn--[A-Za-z0-9-]+/gi, (label) => domainToUnicode(label) || label),
];

/** Case-folded, with "+" (a form-encoded space) and every blank read as a space, "\\" as "/" (as a URL parser does). */
export function folded(text: string): string {
	return [...text].map((char) => (char === '+' || /\s/.test(char) ? ' ' : char === '\\' ? '/' : char.toLowerCase())).join('');
}

function readings(text: string, depth: number, into: Set<string>): void {
	into.add(folded(text));
	if (depth === 0) return;
	for (const decode of DECODERS) {
		const decoded = decode(text);
		if (decoded !== text) readings(decoded, depth - 1, into);
	}
}

/** The runs of `secret` that `text` shows in any of those readings (none: nothing leaked). */
export function leakedRuns(text: string, secret: string): string[] {
	const run = Math.min(8, secret.length);
	const wanted = new Set<string>();
	const secretFolded = folded(secret);
	for (let index = 0; index + run <= secretFolded.length; index++) wanted.add(secretFolded.slice(index, index + run));
	const found = new Set<string>();
	const all = new Set<string>();
	readings(text, 3, all);
	for (const reading of all) for (let index = 0; index + run <= reading.length; index++) if (wanted.has(reading.slice(index, index + run))) found.add(reading.slice(index, index + run));
	return [...found];
}
