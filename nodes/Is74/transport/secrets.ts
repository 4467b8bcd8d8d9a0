/**
 * Keeps credentials out of texts shown to users. Every excerpt of a server's answer is made here,
 * with the secrets removed from the whole text before it is cut: a token cut in half by an
 * excerpt would otherwise slip past. Pure module: no n8n imports.
 */
import { serverMessage } from './serverMessage';
import { excerpt } from '../helpers/text';

const MIN_SECRET_LENGTH = 3;

/** The ways a secret can appear in an answer: as is, escaped inside a JSON string, URL-encoded. */
function spellings(secret: string): string[] {
	const inJson = JSON.stringify(secret).slice(1, -1);
	return [...new Set([secret, inJson, inJson.replace(/\//g, '\\/'), encodeURIComponent(secret)])];
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

/** What a server's error answer says, as one short line, without secrets. */
export function scrubbedServerMessage(body: string, secrets: unknown[]): string {
	return serverMessage(scrubSecrets(body, secrets));
}
