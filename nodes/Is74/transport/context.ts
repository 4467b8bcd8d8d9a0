/**
 * What the parts of the transport share: the request as the nodes describe it, its settings and
 * retry policy, and the credential it goes out with.
 */
import type { IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { normalizeBaseUrl } from '../domain/baseUrl';
import { loginAsSecret } from './secrets';

export const CREDENTIAL_TYPE = 'is74Api';

/** Node executions, polling triggers and the editor's lists (load options) all make requests through here. */
export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/**
 * `createOnce`: the request creates something, so it is never repeated once it may have reached
 * the server: only "429 Too Many Requests" (which the server did not act on) and failures that prove
 * nothing left (connection refused, unknown host) are retried.
 * `read`: safe to repeat, so 429, 5xx, timeouts and dropped connections are retried with backoff.
 */
export type RetryPolicy = 'createOnce' | 'read';

export interface RequestSettings {
	timeoutMs: number;
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Backoff before retry n is initialDelayMs * 2^(n-1), capped at MAX_BACKOFF_MS. */
	initialDelayMs: number;
	/**
	 * Epoch ms by which the whole request has ended, retries and their waits included (a poll's
	 * budget): each attempt gets at most the time left, and a retry that cannot end in time is not made.
	 */
	deadlineAt?: number;
	/** The field the user sets timeoutMs in, for a timeout's advice; none where the deadline is fixed (the editor's lists). */
	timeoutSetting?: string;
}

export interface Is74Request {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL, e.g. `/api/campaigns`. */
	path: string;
	body: unknown;
	itemIndex: number;
	/** What the request does, for error messages ("create the campaign"). */
	purpose: string;
}

/**
 * The credential values that must never appear in an error, even if the server echoes them: the
 * token, the password, the session token, and the login when it is long enough (loginAsSecret).
 */
export async function credentialSecrets(ctx: RequestContext): Promise<unknown[]> {
	try {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		return [credentials.accessToken, credentials.password, credentials.sessionToken, loginAsSecret(credentials.login)];
	} catch {
		return [];
	}
}

/** The session token of a login-and-password credential; undefined for an access token or none. */
export async function credentialSessionToken(ctx: RequestContext): Promise<string | undefined> {
	try {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const token = String(credentials.sessionToken ?? '').trim();
		return credentials.authentication === 'loginPassword' && token ? token : undefined;
	} catch {
		return undefined;
	}
}

/** The credential's Base URL, normalized; undefined when it has none that is usable. */
export async function credentialBaseUrl(ctx: RequestContext): Promise<string | undefined> {
	try {
		const normalized = normalizeBaseUrl((await ctx.getCredentials(CREDENTIAL_TYPE)).baseUrl);
		return normalized.ok ? normalized.value : undefined;
	} catch {
		return undefined;
	}
}
