/**
 * Keeps credentials out of texts shown to users: the one scrubber. Every excerpt of a server's
 * answer is made here, masked before it is cut.
 *
 * The rule: every run of MIN_RUN or more consecutive characters of a secret (a secret shorter than
 * that: all of it) is masked, in every spelling a server may give it. Rather than list spellings,
 * the text is read through the layers a server may add, each decoded with a map back to the text:
 * HTML entities (named, decimal, hex), percent and form encoding (either case of hex), JSON escapes
 * (`\uXXXX` too), Punycode host labels (`xn--…`, how a URL parser spells a host that is not ASCII),
 * up to MAX_LAYERS deep, in any order; each reading is compared case-folded (a URL parser lower-cases
 * a host), with `+` read as a space and `\` as `/`, and each secret is looked for as given and
 * NFKC-normalised (a URL parser maps a host so). A run found in any reading masks the characters of
 * the text it was decoded from. Pure module: no n8n imports.
 */
import { serverMessageText } from './serverMessage';
import { excerpt } from '../domain/text';

/** Runs of this many characters of a secret are masked: a cut or a partial echo leaves no shorter tail to guess from. */
export const MIN_RUN = 8;
/** A secret shorter than this is no secret worth masking (it would blank out ordinary words). */
const MIN_SECRET_LENGTH = 3;
/** Layers of encoding read through: JSON in an HTML page holding a URL is three. */
const MAX_LAYERS = 3;
const MASK = '***';

/**
 * The login, as a secret: only when it is MIN_RUN characters or longer, since a short one ("api")
 * would blank out paths and words wherever it stands.
 */
export function loginAsSecret(login: unknown): string | undefined {
	return typeof login === 'string' && login.length >= MIN_RUN ? login : undefined;
}

/** A reading of the text: each of its characters came from `text.slice(from[i], to[i])`. */
interface Reading {
	text: string;
	from: Int32Array;
	to: Int32Array;
}

/** One layer's decoder: at `index`, the characters an encoded sequence stands for and its length; undefined if none starts there. */
type Decoder = (text: string, index: number) => [string, number] | undefined;

/** HTML's named references for ASCII punctuation and a few others (HTML5 names), then Latin-1 (HTML 4, U+00A1 to U+00FF in order). */
const NAMED = new Map<string, string>(
	Object.entries({
		amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', Tab: '\t', NewLine: '\n', excl: '!', num: '#', dollar: '$', percnt: '%',
		lpar: '(', rpar: ')', ast: '*', midast: '*', plus: '+', comma: ',', period: '.', sol: '/', colon: ':', semi: ';', equals: '=', quest: '?',
		commat: '@', lsqb: '[', lbrack: '[', bsol: '\\', rsqb: ']', rbrack: ']', Hat: '^', lowbar: '_', UnderBar: '_', grave: '`', DiacriticalGrave: '`',
		lcub: '{', lbrace: '{', verbar: '|', vert: '|', VerticalLine: '|', rcub: '}', rbrace: '}', ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018',
		rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', hellip: '\u2026', euro: '\u20ac', hyphen: '\u2010', dash: '\u2010',
	}),
);
'iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
	.split(' ')
	.forEach((name, index) => NAMED.set(name, String.fromCharCode(0xa1 + index)));
/** Names looked up whatever their case, for a page that was case-folded after it was escaped. */
const NAMED_FOLDED = new Map([...NAMED].map(([name, char]) => [name.toLowerCase(), char]));
/** Names HTML reads without their `;`. */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp']);
const REFERENCE = /&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/y;

function codePoint(code: number): string {
	return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

const html: Decoder = (text, index) => {
	if (text.charCodeAt(index) !== 0x26) return undefined;
	REFERENCE.lastIndex = index;
	const match = REFERENCE.exec(text);
	if (match === null) return undefined;
	const [whole, decimal, hex, name, semicolon] = match;
	if (decimal !== undefined) return [codePoint(parseInt(decimal, 10)), whole.length];
	if (hex !== undefined) return [codePoint(parseInt(hex, 16)), whole.length];
	const char = NAMED.get(name) ?? NAMED_FOLDED.get(name.toLowerCase());
	if (char === undefined || (semicolon === '' && !LEGACY.has(name.toLowerCase()))) return undefined;
	return [char, whole.length];
};

/** A hex digit's value, -1 if `code` is none. */
function hexDigit(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	const lower = code | 0x20;
	return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** The byte `%XX` at `index` stands for, -1 if none. */
function hexByte(text: string, index: number): number {
	if (text.charCodeAt(index) !== 0x25) return -1;
	const high = hexDigit(text.charCodeAt(index + 1));
	const low = hexDigit(text.charCodeAt(index + 2));
	return high < 0 || low < 0 ? -1 : high * 16 + low;
}

/** `%XX` as UTF-8, a whole character at a time (2 to 4 bytes for one beyond ASCII), in either case of hex. */
const percent: Decoder = (text, index) => {
	const lead = hexByte(text, index);
	if (lead < 0) return undefined;
	if (lead < 0x80) return [String.fromCharCode(lead), 3];
	const length = lead >= 0xf5 ? 0 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
	if (length === 0) return undefined;
	const bytes = [lead];
	for (let next = 1; next < length; next++) {
		const byte = hexByte(text, index + next * 3);
		if (byte < 0x80 || byte > 0xbf) return undefined;
		bytes.push(byte);
	}
	const char = Buffer.from(bytes).toString('utf8');
	return char.includes('\ufffd') ? undefined : [char, length * 3];
};

const JSON_ESCAPES = new Map(Object.entries({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', "'": "'" }));

/** JSON's escapes, `\uXXXX` in either case (and `\'`, which some servers write). */
const json: Decoder = (text, index) => {
	if (text.charCodeAt(index) !== 0x5c) return undefined;
	const next = text[index + 1];
	if (next === 'u') {
		let code = 0;
		for (let digit = index + 2; digit < index + 6; digit++) {
			const value = hexDigit(text.charCodeAt(digit));
			if (value < 0) return undefined;
			code = code * 16 + value;
		}
		return [String.fromCharCode(code), 6];
	}
	const char = JSON_ESCAPES.get(next);
	return char === undefined ? undefined : [char, 2];
};

/** RFC 3492's parameters for Punycode (section 5), and the largest value its decoder counts to. */
const { BASE, T_MIN, T_MAX, SKEW, DAMP, INITIAL_BIAS, INITIAL_N, MAX_INT } = { BASE: 36, T_MIN: 1, T_MAX: 26, SKEW: 38, DAMP: 700, INITIAL_BIAS: 72, INITIAL_N: 0x80, MAX_INT: 0x7fffffff };

/** RFC 3492, 6.1: the bias after a code point is decoded. */
function adapt(delta: number, points: number, first: boolean): number {
	let scaled = first ? Math.floor(delta / DAMP) : Math.floor(delta / 2);
	scaled += Math.floor(scaled / points);
	let k = 0;
	while (scaled > ((BASE - T_MIN) * T_MAX) / 2) {
		scaled = Math.floor(scaled / (BASE - T_MIN));
		k += BASE;
	}
	return k + Math.floor(((BASE - T_MIN + 1) * scaled) / (scaled + SKEW));
}

/** A Punycode digit's value (a-z, A-Z: 0 to 25; 0-9: 26 to 35), -1 if `code` is none. */
function punycodeDigit(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x16;
	const lower = code | 0x20;
	return lower >= 0x61 && lower <= 0x7a ? lower - 0x61 : -1;
}

/**
 * A Punycode label (without its `xn--`) decoded as RFC 3492, 6.2 says; undefined if it is none. A
 * label cut inside its last code point's digits gives what came before (a cut host still shows that).
 */
export function punycodeDecoded(label: string): string | undefined {
	const delimiter = label.lastIndexOf('-');
	const output: number[] = [];
	for (let index = 0; index < Math.max(delimiter, 0); index++) {
		const code = label.charCodeAt(index);
		if (code >= 0x80) return undefined;
		output.push(code);
	}
	let n = INITIAL_N;
	let i = 0;
	let bias = INITIAL_BIAS;
	for (let index = delimiter > 0 ? delimiter + 1 : 0; index < label.length; ) {
		const before = i;
		let weight = 1;
		for (let k = BASE; ; k += BASE) {
			if (index >= label.length) return String.fromCodePoint(...output);
			const digit = punycodeDigit(label.charCodeAt(index++));
			if (digit < 0 || digit > Math.floor((MAX_INT - i) / weight)) return undefined;
			i += digit * weight;
			const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
			if (digit < threshold) break;
			if (weight > Math.floor(MAX_INT / (BASE - threshold))) return undefined;
			weight *= BASE - threshold;
		}
		const points = output.length + 1;
		bias = adapt(i - before, points, before === 0);
		n += Math.floor(i / points);
		i %= points;
		if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
		output.splice(i++, 0, n);
	}
	return String.fromCodePoint(...output);
}

/** A label is decoded up to this length (no host name is longer); a longer `xn--` label is masked whole, unread (decoding is quadratic). */
const MAX_LABEL = 255;
const LABEL_CHAR = /[A-Za-z0-9-]/;
const LABEL_REST = /[A-Za-z0-9-]*/y;
const PUNYCODE_PREFIX = /xn--/iy;

/** A host label `xn--…` (not the middle of a longer word) as the characters it spells. */
const punycode: Decoder = (text, index) => {
	PUNYCODE_PREFIX.lastIndex = index;
	if (!PUNYCODE_PREFIX.test(text) || (index > 0 && LABEL_CHAR.test(text[index - 1]))) return undefined;
	LABEL_REST.lastIndex = index + 4;
	const length = 4 + (LABEL_REST.exec(text)?.[0].length ?? 0);
	if (length > MAX_LABEL) return undefined;
	const chars = punycodeDecoded(text.slice(index + 4, index + length));
	return chars === undefined || chars === '' ? undefined : [chars, length];
};
/** `xn--` labels longer than MAX_LABEL: masked whole, like a `Bearer …` value. */
const LONG_PUNYCODE = new RegExp(`(?<![A-Za-z0-9-])xn--[A-Za-z0-9-]{${MAX_LABEL - 3},}`, 'gi');

/** Each layer's decoder, and (global) what every one of its sequences starts with. */
const LAYERS: ReadonlyArray<[Decoder, RegExp]> = [
	[html, /&/g],
	[percent, /%/g],
	[json, /\\/g],
	// `XN--` is Punycode too: a server may upper-case what it echoes.
	[punycode, /xn--/gi],
];

/** Where the next match of `trigger` stands at or after `from`; -1 if none. */
function nextTrigger(text: string, trigger: RegExp, from: number): number {
	trigger.lastIndex = from;
	return trigger.exec(text)?.index ?? -1;
}

/** `reading` with one layer decoded, mapped back to the original text; undefined if that layer decodes nothing. */
function decoded(reading: Reading, decoder: Decoder, trigger: RegExp): Reading | undefined {
	const { text } = reading;
	let index = nextTrigger(text, trigger, 0);
	if (index < 0) return undefined;
	const parts: string[] = [];
	// Most layers shorten (an encoded sequence is longer than what it stands for); Punycode may not
	// (one emoji repeated is one letter each, two UTF-16 units each): the maps grow when needed.
	let from: Int32Array = new Int32Array(text.length);
	let to: Int32Array = new Int32Array(text.length);
	let length = 0;
	let copiedFrom = 0;
	for (; index >= 0; index = nextTrigger(text, trigger, index)) {
		const found = decoder(text, index);
		if (found === undefined) {
			index++;
			continue;
		}
		const [chars, encodedLength] = found;
		parts.push(text.slice(copiedFrom, index), chars);
		const needed = length + (index - copiedFrom) + chars.length + (text.length - index - encodedLength);
		if (needed > from.length) [from, to] = [widened(from, needed), widened(to, needed)];
		for (let copied = copiedFrom; copied < index; copied++, length++) {
			from[length] = reading.from[copied];
			to[length] = reading.to[copied];
		}
		for (let unit = 0; unit < chars.length; unit++, length++) {
			from[length] = reading.from[index];
			to[length] = reading.to[index + encodedLength - 1];
		}
		index += encodedLength;
		copiedFrom = index;
	}
	if (copiedFrom === 0) return undefined;
	parts.push(text.slice(copiedFrom));
	from.set(reading.from.subarray(copiedFrom), length);
	to.set(reading.to.subarray(copiedFrom), length);
	length += text.length - copiedFrom;
	return { text: parts.join(''), from: from.subarray(0, length), to: to.subarray(0, length) };
}

/** `array` copied into one of at least `size` (twice as long, to grow rarely). */
function widened(array: Int32Array, size: number): Int32Array {
	const wider = new Int32Array(Math.max(size, array.length * 2));
	wider.set(array);
	return wider;
}

/**
 * One character as compared: case-folded as a URL parser folds a host, `+` (a form-encoded space)
 * and any blank read as a space, and `\` as `/` (a URL parser turns one into the other in a path).
 */
function foldChar(char: string): string {
	if (BLANK.test(char)) return ' ';
	if (char === '\\') return '/';
	const lower = char.toLowerCase();
	return lower.length === 1 ? lower : char;
}

const BLANK = /[+\s]/;
const BLANKS = /[+\s]/g;
const BACKSLASHES = /\\/g;

/** The text folded character by character: the same length, so positions still match. */
function folded(text: string): string {
	const lower = text.toLowerCase();
	// Lower-casing only ever lengthens (İ becomes i and a dot): the same length means none did.
	if (lower.length === text.length) return lower.replace(BLANKS, ' ').replace(BACKSLASHES, '/');
	let out = '';
	for (let index = 0; index < text.length; index++) out += foldChar(text[index]);
	return out;
}

/** The runs to look for: per run length, every run of the secrets (folded). */
function runsOf(secrets: string[]): Map<number, Set<string>> {
	const runs = new Map<number, Set<string>>();
	for (const secret of secrets) {
		const length = Math.min(MIN_RUN, secret.length);
		const fold = folded(secret);
		const set = runs.get(length) ?? new Set<string>();
		for (let index = 0; index + length <= fold.length; index++) set.add(fold.slice(index, index + length));
		runs.set(length, set);
	}
	return runs;
}

/** A hash of the two characters at `index`: a quick filter before looking a run up. */
function pairKey(text: string, index: number): number {
	return (text.charCodeAt(index) * 31 + text.charCodeAt(index + 1)) & 0xffff;
}

const BEARER = /bearer[\s+]+([^\s"',}<]+)/gi;

/** Marks, in `masked` (by position in the original text), what `reading` shows of the secrets or of a `Bearer …` value. */
function markReading(reading: Reading, runs: Map<number, Set<string>>, pairs: Uint8Array, masked: Int32Array): void {
	const mark = (first: number, last: number) => {
		masked[reading.from[first]]++;
		masked[reading.to[last]]--;
	};
	const text = folded(reading.text);
	for (const [length, set] of runs) {
		for (let index = 0; index + length <= text.length; index++) {
			if (pairs[pairKey(text, index)] === 0 || !set.has(text.slice(index, index + length))) continue;
			mark(index, index + length - 1);
		}
	}
	for (const match of reading.text.matchAll(BEARER)) {
		const start = (match.index ?? 0) + match[0].length - match[1].length;
		mark(start, start + match[1].length - 1);
	}
	for (const match of reading.text.matchAll(LONG_PUNYCODE)) mark(match.index ?? 0, (match.index ?? 0) + match[0].length - 1);
}

/**
 * Masks every run of MIN_RUN characters of each secret (a shorter secret whole), any `Bearer …`
 * value and any `xn--` label too long to be read, in the text and in every reading of it through up
 * to MAX_LAYERS layers of encoding; each masked stretch becomes `***`.
 */
export function scrubSecrets(text: string, secrets: unknown[]): string {
	const words = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH)
		// A URL parser maps a host to NFKC before Punycode: the secret is looked for in that form too.
		.flatMap((secret) => [secret, secret.normalize('NFKC')]);
	const runs = runsOf(words);
	// The first two characters of every run, so most positions are passed over without a lookup.
	const pairs = new Uint8Array(0x10000);
	for (const set of runs.values()) for (const run of set) pairs[pairKey(run, 0)] = 1;
	// A difference array: +1 where a masked stretch starts, -1 after it ends.
	const masked = new Int32Array(text.length + 1);
	const from = new Int32Array(text.length);
	const to = new Int32Array(text.length);
	for (let index = 0; index < text.length; index++) {
		from[index] = index;
		to[index] = index + 1;
	}
	// Layer by layer; a reading already met (other layers in another order) is not read again.
	let layer: Reading[] = [{ text, from, to }];
	const met = new Set<string>([text]);
	for (let depth = 0; layer.length > 0; depth++) {
		const next: Reading[] = [];
		for (const reading of layer) {
			markReading(reading, runs, pairs, masked);
			if (depth === MAX_LAYERS) continue;
			for (const [decoder, trigger] of LAYERS) {
				const deeper = decoded(reading, decoder, trigger);
				if (deeper === undefined || met.has(deeper.text)) continue;
				met.add(deeper.text);
				next.push(deeper);
			}
		}
		layer = next;
	}
	let out = '';
	let depth = 0;
	let kept = 0;
	for (let index = 0; index < text.length; index++) {
		const before = depth;
		depth += masked[index];
		if (before === 0 && depth > 0) {
			out += text.slice(kept, index) + MASK;
		} else if (before > 0 && depth === 0) kept = index;
	}
	return depth > 0 ? out : out + text.slice(kept);
}

/** The start of a server's answer as one short line, without secrets. */
export function scrubbedExcerpt(text: string, secrets: unknown[]): string {
	return excerpt(scrubSecrets(text, secrets));
}

/**
 * What a server's error answer says, as one short line, without secrets. Scrubbed raw, and again
 * once decoded (a JSON string may spell a secret in escapes), and only then cut.
 */
export function scrubbedServerMessage(body: string, secrets: unknown[]): string {
	return excerpt(scrubSecrets(serverMessageText(scrubSecrets(body, secrets)), secrets));
}

/**
 * Where a redirect pointed, as shown in errors: its origin and path only. The query, fragment and
 * user info are never shown (they carry tokens more often than anything else); the path is scrubbed
 * as sent and once decoded, since servers percent-encode it in more ways than one.
 */
export function shownRedirectTarget(target: string, secrets: unknown[]): string {
	if (!URL.canParse(target)) return 'an address that is not a valid URL';
	const url = new URL(target);
	const path = scrubSecrets(url.pathname, secrets);
	let decodedPath: string;
	try {
		decodedPath = decodeURIComponent(path);
	} catch {
		decodedPath = path;
	}
	// A URL without a host (mailto:, data:) has no origin: its scheme stands in for it.
	const origin = url.origin === 'null' ? url.protocol : url.origin;
	return excerpt(scrubSecrets(`${origin}${decodedPath}`, secrets));
}
