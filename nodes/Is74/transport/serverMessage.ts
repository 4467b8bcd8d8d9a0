/** What an IS74 error response says, and network failures in words. Pure module: no n8n imports. */

/**
 * The server's message from an error body, uncut: `message` / `error` / `detail`, plus the first
 * field errors of a validation answer (`errors: {field: [..]}`), or the text itself. Shown only
 * through secrets.ts, which removes secrets from exactly this text before shortening it.
 */
export function serverMessageText(body: string): string {
	const text = body.trim();
	if (text === '') return '';
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: an HTML error page (its title says it best) or plain text.
		if (!/<[a-z!/]/i.test(text)) return text;
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		return title || text.replace(/<[^>]*>/g, ' ');
	}
	if (typeof parsed === 'string') return parsed;
	if (typeof parsed !== 'object' || parsed === null) return text;
	const record = parsed as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of ['message', 'error', 'detail', 'title']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') {
			parts.push(value.trim());
			break;
		}
		if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
			parts.push((value as { message: string }).message);
			break;
		}
	}
	const errors = record.errors;
	if (typeof errors === 'object' && errors !== null) {
		const details = Object.entries(errors as Record<string, unknown>)
			.slice(0, 3)
			.map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`);
		if (details.length > 0) parts.push(details.join('; '));
	}
	return parts.length > 0 ? parts.join(' — ') : text;
}

const NETWORK_WORDS: Record<string, string> = {
	ETIMEDOUT: 'no answer before the timeout',
	ECONNABORTED: 'no answer before the timeout',
	ECONNRESET: 'the connection was closed before the answer was complete',
	EPIPE: 'the connection was closed before the answer was complete',
	ECONNREFUSED: 'the server refused the connection',
	ENOTFOUND: 'the host name could not be found',
	EAI_AGAIN: 'the host name could not be found',
	ERR_INVALID_URL: 'the request address is not a valid URL',
};

/**
 * A network error code in words. Messages shown by n8n must not contain the code itself: n8n
 * replaces any error message that mentions one with its own generic text.
 */
export function describeNetworkCode(code: string | undefined): string {
	const words = NETWORK_WORDS[code ?? ''];
	if (words) return words;
	// Node's HTTP parser (HPE_…) and zlib (Z_…) fail only while reading an answer.
	if (code?.startsWith('HPE_')) return 'the answer was not valid HTTP';
	if (code?.startsWith('Z_')) return 'the answer could not be decompressed';
	return 'the connection failed';
}
