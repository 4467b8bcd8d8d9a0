/** Short renderings of server answers for error messages. Pure module: no n8n imports. */

const MAX_EXCERPT = 200;

/** One line, at most `max` characters. */
import type { Result } from './result';

export function excerpt(text: string, max = MAX_EXCERPT): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return single.length > max ? `${single.slice(0, max)}…` : single;
}

export type JsonParseResult = Result<unknown>;

/** JSON.parse that reports instead of throwing, so callers can raise their own clear error. */
export function parseJson(text: string): JsonParseResult {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}

/** The names in a comma-separated parameter ("phone, call_time"), trimmed, empty ones dropped. */
export function commaList(value: unknown): string[] {
	// A list picked in the editor arrives as an array.
	return (Array.isArray(value) ? value.join(',') : String(value ?? ''))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}
