/**
 * Keeps credentials out of texts shown to users. Every excerpt of a server's answer is made here,
 * with the secrets removed from the whole text before it is cut: a token cut in half by an
 * excerpt would otherwise slip past. Pure module: no n8n imports.
 */
import { serverMessageText } from './serverMessage';
import { excerpt } from '../helpers/text';

const MIN_SECRET_LENGTH = 3;

/** Every character outside printable ASCII as a JSON `\uXXXX` escape, in lower- or upper-case hex. */
function asciiEscaped(text: string, upper: boolean): string {
	return text.replace(/[^\x20-\x7e]/g, (char) => {
		const hex = char.charCodeAt(0).toString(16).padStart(4, '0');
		return `\\u${upper ? hex.toUpperCase() : hex}`;
	});
}

/**
 * The ways a secret can appear in an answer: as is, escaped inside a JSON string (also with escaped
 * slashes, and with `\uXXXX` for every non-ASCII character), URL-encoded.
 */
function spellings(secret: string): string[] {
	const inJson = JSON.stringify(secret).slice(1, -1);
	return [...new Set([secret, inJson, inJson.replace(/\//g, '\\/'), asciiEscaped(inJson, false), asciiEscaped(inJson, true), encodeURIComponent(secret)])];
}

/** Replaces every occurrence of each secret (and of a `Bearer …` header value) with `***`. */
export function scrubSecrets(text: string, secrets: unknown[]): string {
	let out = text.replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer ***');
	const words = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
	// Longest first, so a secret that contains another is replaced whole.
	for (const spelling of words.flatMap(spellings).sort((a, b) => b.length - a.length)) out = out.split(spelling).join('***');
	return out;
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
	let decoded: string;
	try {
		decoded = decodeURIComponent(path);
	} catch {
		decoded = path;
	}
	// A URL without a host (mailto:, data:) has no origin: its scheme stands in for it.
	const origin = url.origin === 'null' ? url.protocol : url.origin;
	return excerpt(scrubSecrets(`${origin}${decoded}`, secrets));
}
