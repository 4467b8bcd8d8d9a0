/**
 * Logging in again after a 401, on n8n before 2.10 (1.x, 1.123 included). n8n logs in again (calls
 * the credential's preAuthentication with the token marked expired, then authenticates and sends
 * once more) when sending an authenticated request throws an error with `response.status` 401. From
 * 2.10 the transport lets n8n throw on a 401 and on nothing else (`ignoreHttpStatusErrors.except`),
 * and none of this runs. Before 2.10 any `ignoreHttpStatusErrors` means "never throw", so the 401
 * comes back as an answer. The transport then sends the request once more with RENEW_SESSION_HEADER
 * naming the rejected token, and the credential's `authenticate`, seeing that token still in the
 * credential, throws SessionRejected instead of sending it: n8n logs in again and sends the request
 * with the new token. Nothing reaches the API in between, and the header never leaves n8n.
 *
 * Once the minimum n8n is 2.10: delete this file (and its test), SessionRenewal's two calls in
 * transport/index.ts, `loginNotRepeated` and `sessionStillRejected` in transport/failures.ts, and
 * withoutRenewalHeader's call in transport/credentialHooks.ts.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { credentialSessionToken, type RequestContext } from '../transport/context';
import type { Attempt } from '../transport/failures';
import { keptMessage } from './wrappedErrors';

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
		return error instanceof SessionRejected || keptMessage(error, (message) => message === SESSION_REJECTED) !== undefined;
	}
}

/**
 * The credential's side: `headers` without RENEW_SESSION_HEADER, or SessionRejected when the header
 * names `sessionToken` (the token the credential is about to send): n8n then logs in again and
 * authenticates the request anew. An access token (`sessionToken` undefined) is never renewed.
 */
export function withoutRenewalHeader(headers: IDataObject | undefined, sessionToken: string | undefined): IDataObject {
	const { [RENEW_SESSION_HEADER]: rejected, ...rest } = headers ?? {};
	if (sessionToken !== undefined && rejected !== undefined && rejected === sessionDigest(sessionToken)) throw new SessionRejected();
	return rest;
}

/**
 * The transport's side, for one request: after a 401 that came back as an answer, send the request
 * once more naming the rejected session (n8n logs in first); if the login gave back that same token,
 * the API's own 401 is the answer, as on n8n 2.10 and later.
 */
export class SessionRenewal {
	private tried = false;
	private rejected: string | undefined;
	private refused: Attempt<unknown> | undefined;

	/** Headers for the next send: the rejected session's digest, right after a 401, else none. */
	headers(): Record<string, string> {
		const rejected = this.rejected;
		this.rejected = undefined;
		return rejected === undefined ? {} : { [RENEW_SESSION_HEADER]: sessionDigest(rejected) };
	}

	/** 'again' when the request is to be sent once more; otherwise the attempt to judge. */
	async after<T>(ctx: RequestContext, sent: Attempt<T>): Promise<Attempt<T> | 'again'> {
		const attempt = sent.sessionStillRejected && this.refused ? (this.refused as Attempt<T>) : sent;
		if (!attempt.loginNotRepeated || this.tried) return attempt;
		this.tried = true;
		// A 401 means the API did not act, so the request is sent again as it was.
		this.rejected = await credentialSessionToken(ctx);
		if (this.rejected === undefined) return attempt;
		this.refused = attempt;
		return 'again';
	}
}
