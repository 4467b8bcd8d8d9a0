/**
 * Logging in again after a 401, on every n8n. n8n logs in again (calls the credential's
 * preAuthentication with the token marked expired, then authenticates and sends once more) when
 * sending an authenticated request throws an error with `response.status` 401. From 2.10 the
 * transport lets n8n throw on a 401 and on nothing else (`ignoreHttpStatusErrors.except`); before
 * 2.10 any `ignoreHttpStatusErrors` means "never throw", so the 401 comes back as an answer. The
 * transport then sends the request once more with RENEW_SESSION_HEADER naming the rejected token,
 * and the credential's `authenticate`, seeing that token still in the credential, throws
 * SessionRejected instead of sending it: n8n logs in again and sends the request with the new
 * token. Nothing reaches the API in between, and the header never leaves n8n.
 */
import { createHash } from 'crypto';

/** Read and removed by the credential's `authenticate`: never sent. */
export const RENEW_SESSION_HEADER = 'X-IS74-Renew-Session';

/** Names a session token without holding it: the header must not carry a secret. */
export function sessionDigest(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32);
}

const SESSION_REJECTED = 'The IS74 session token was rejected (HTTP 401): logging in again';

/** A 401 as n8n recognises one, raised before anything is sent: n8n logs in again and resends. */
export class SessionRejected extends Error {
	readonly response = { status: 401 };

	constructor() {
		super(SESSION_REJECTED);
	}

	/**
	 * True when `error` is this refusal: itself, or the NodeApiError n8n before 2.10 wraps it in when
	 * the login it caused handed back the same rejected token (that wrapper keeps no `cause`, only the
	 * message, among its `messages`). Nothing was sent with that token the second time.
	 */
	static isIn(error: object): boolean {
		if (error instanceof SessionRejected) return true;
		if (!(error instanceof Error)) return false;
		const kept = (error as { messages?: unknown }).messages;
		return error.message === SESSION_REJECTED || (Array.isArray(kept) && kept.includes(SESSION_REJECTED));
	}
}
