/** Redirects: which statuses they are, where they point, and whether that is still the Base URL's origin. */
import { joinUrl } from '../domain/baseUrl';
import { credentialBaseUrl, type RequestContext } from './context';

/** Same-origin redirects a read follows before giving up. */
export const MAX_REDIRECTS = 5;
/** The statuses that ask to go elsewhere: never followed to another origin, by the nodes, the login or the credential test. */
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];
/**
 * Redirects a server may send after acting on a POST (303 "See Other", and 301/302 that servers
 * use the same way): after these a create may exist. 307/308 ask to send the request elsewhere.
 */
export const REDIRECT_AFTER_ACTING = new Set([301, 302, 303]);

/** A Location header resolved against the address that answered it (as given if it is not a URL). */
export function resolveLocation(location: string, answeredBy: string): string {
	try {
		return new URL(location, answeredBy).href;
	} catch {
		return location;
	}
}

/** Where a redirect points, and whether it stays on the Base URL's origin (scheme, host, port). */
export async function redirectTarget(ctx: RequestContext, from: string, location: string): Promise<{ url: string; sameOrigin: boolean }> {
	const base = await credentialBaseUrl(ctx);
	if (base === undefined) return { url: location, sameOrigin: false };
	// `from` is a path below the Base URL, or an absolute URL after an earlier redirect.
	const url = resolveLocation(location, /^https?:\/\//i.test(from) ? from : joinUrl(base, from));
	return { url, sameOrigin: URL.canParse(url) && new URL(url).origin === new URL(base).origin };
}

