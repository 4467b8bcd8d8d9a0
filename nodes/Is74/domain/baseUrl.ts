/** Base URL handling for the credential. Pure module: no n8n imports. */

import type { Result } from './result';

export const DEFAULT_BASE_URL = 'https://ai-assistant.is74.ru';

export type BaseUrlResult = Result<string>;

/**
 * `https://host/`, `https://host/api` and `https://host/api/` all become `https://host`, so the
 * documented paths (`/api/...`) can be appended. Only http and https are allowed.
 */
export function normalizeBaseUrl(input: unknown): BaseUrlResult {
	if (typeof input !== 'string' || input.trim() === '') {
		return { ok: false, reason: 'the Base URL is empty' };
	}
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return { ok: false, reason: 'the Base URL is not a valid URL (expected e.g. https://ai-assistant.is74.ru)' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { ok: false, reason: `the Base URL must start with http:// or https://, not ${url.protocol}//` };
	}
	if (url.username || url.password) {
		return { ok: false, reason: 'the Base URL must not contain a user name or password' };
	}
	if (url.search || url.hash) {
		return { ok: false, reason: 'the Base URL must not contain a query (?) or fragment (#)' };
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/i, '');
	return { ok: true, value: `${url.origin}${path}` };
}

/** Joins a base URL and a path such as `/api/login` (a missing leading slash is added). */
export function joinUrl(baseUrl: string, path: string): string {
	const trimmed = path.trim();
	return `${baseUrl}${trimmed.startsWith('/') ? '' : '/'}${trimmed}`;
}

/** The token from a login response: `token`, `access_token`, `accessToken`, or the same under `data`. */
export function extractLoginToken(body: unknown): string | undefined {
	const keys = ['token', 'access_token', 'accessToken'];
	const levels = [body, (body as { data?: unknown } | null)?.data];
	for (const level of levels) {
		if (typeof level !== 'object' || level === null) continue;
		for (const key of keys) {
			const value = (level as Record<string, unknown>)[key];
			if (typeof value === 'string' && value.trim() !== '') return value.trim();
		}
	}
	return undefined;
}
