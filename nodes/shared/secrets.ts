/** Keeps credentials out of texts shown to users. Pure module: no n8n imports. */

const MIN_SECRET_LENGTH = 3;

/** Replaces every occurrence of each secret (and of a `Bearer …` header value) with `***`. */
export function scrubSecrets(text: string, secrets: unknown[]): string {
	let out = text.replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer ***');
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('***');
	}
	return out;
}
