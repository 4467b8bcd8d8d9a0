/**
 * What went wrong with an attempt, and the error the user reads: the status and the server's
 * message (scrubbed), what to do, and for a create whether it may exist.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, UserError } from 'n8n-workflow';

import { AnswerTooLarge, MAX_ERROR_BODY_BYTES, TextReader, consumeBody, headerValue, parseRetryAfter } from './answer';
import { credentialSecrets, type Is74Request, type RequestContext, type RequestSettings, type RetryPolicy } from './context';
import { REDIRECT_AFTER_ACTING } from './redirects';
import { scrubbedExcerpt, scrubbedServerMessage, shownRedirectTarget } from './secrets';
import { describeNetworkCode } from './serverMessage';
import { SessionRejected } from '../compat/sessionRenewal';
import { keptMessage, keptNetworkCode } from '../compat/wrappedErrors';

/** Failures that provably happen before the request is written: nothing reached the server. */
export const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);
/** Of those, configuration errors: the same request fails the same way, so it is never retried. */
export const CONFIGURATION_CODES = new Set(['ERR_INVALID_URL']);

/**
 * Thrown by the credential when it cannot provide a token (bad Base URL, rejected or failed
 * login): the API request was not made, or was refused with 401, so nothing was created.
 */
export class Is74CredentialError extends UserError {
	/**
	 * True for a message this error carries (they all start so): n8n before 2.10 keeps only the
	 * message of the error (compat/wrappedErrors.ts).
	 */
	static carries(message: string): boolean {
		return /^IS74 (?:login |credential: )/.test(message);
	}
}

export interface Attempt<T = unknown> {
	status?: number;
	/** The 2xx body as the reader returned it. */
	result?: T;
	/** A non-2xx body, as text, for the error message. */
	body?: string;
	retryAfterMs?: number;
	/** The Location of a 3xx answer. */
	location?: string;
	/** Where a redirect pointed, resolved, when it was not followed. */
	redirectedTo?: string;
	networkCode?: string;
	/** A failure without a network code, after the request may have been sent: its message. */
	failure?: string;
	/** The answer arrived but was refused (too large): what was wrong with it. */
	answerProblem?: string;
	/** The credential could not provide a token (login or Base URL): its own message. */
	setupProblem?: string;
	/** A 401 came back as an answer: n8n did not log in again (n8n before 2.10). */
	loginNotRepeated?: boolean;
	/**
	 * The credential refused to send the token the API had just rejected, after n8n logged in again
	 * and got that same token back: a 401 that survived the re-login, with nothing sent (n8n before 2.10).
	 */
	sessionStillRejected?: boolean;
}

/**
 * A non-2xx answer as an attempt. Its body is read within the attempt's deadline like any other:
 * an error page still trickling when the deadline passes is a timeout, not a slow error.
 */
export async function errorAnswer(status: number, headers: unknown, body: unknown, deadline: AbortSignal): Promise<Attempt<never>> {
	const reader = new TextReader();
	try {
		await consumeBody(body, (chunk) => reader.write(chunk), { maxBytes: MAX_ERROR_BODY_BYTES, tooLarge: 'cut', deadline });
	} catch {
		if (deadline.aborted) return { networkCode: 'ETIMEDOUT' };
		// A connection dropped while reading an error page: the status alone still says what failed.
	}
	return { status, body: reader.end(), retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after')), location: headerValue(headers, 'location') };
}

/**
 * The network code of a failed request: ETIMEDOUT once its deadline passed (whatever the request
 * library made of the abort), else the first code in the error's `cause` chain, else one its
 * message implies.
 */
export function networkCodeOf(error: unknown, deadline?: AbortSignal): string | undefined {
	if (deadline?.aborted) return 'ETIMEDOUT';
	let current: unknown = error;
	for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
		const kept = keptNetworkCode(current);
		if (kept !== undefined) return kept;
		current = (current as { cause?: unknown }).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	if (/socket hang up|aborted/i.test(message)) return 'ECONNRESET';
	return undefined;
}

/**
 * n8n 2.41's Engine 2.0 (a workflow's Settings → engine, opt-in) refuses any credential type with an
 * expirable property, as this one's session token is, in both modes: it throws before the request
 * is sent (modules/engine-v2/remote-credentials-helper.js). Delete once n8n supports them.
 */
const ENGINE_V2_REFUSAL = /^Engine 2\.0 does not support credentials with an expirable property/;
const ENGINE_V2_PROBLEM =
	"n8n's Engine 2.0 cannot use the IS74 credential yet: it refuses credentials whose session token expires (both the access token and the login-and-password modes). Set this workflow's Settings → engine back to the default.";

/**
 * Walks an error's `cause` chain for the transport error (status, headers, body, code). Only the
 * credential's own errors and the codes in NEVER_SENT prove that nothing was sent; any other
 * failure (HPE_…, Z_…, an unknown error) may have come after the request reached the server.
 */
export async function describeFailure(error: unknown, deadline: AbortSignal): Promise<Attempt<never>> {
	let current: unknown = error;
	for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
		if (current instanceof Is74CredentialError) return { setupProblem: current.message };
		if (SessionRejected.isIn(current)) return { status: 401, sessionStillRejected: true };
		const carried = keptMessage(current, Is74CredentialError.carries);
		if (carried !== undefined) return { setupProblem: carried };
		if (keptMessage(current, (message) => ENGINE_V2_REFUSAL.test(message)) !== undefined) return { setupProblem: ENGINE_V2_PROBLEM };
		if (current instanceof AnswerTooLarge) return { answerProblem: current.message };
		// A status n8n threw on (401): its body is still read within the deadline.
		const response = (current as { response?: { status?: unknown; headers?: unknown; data?: unknown } }).response;
		if (response && typeof response.status === 'number') return await errorAnswer(response.status, response.headers, response.data, deadline);
		current = (current as { cause?: unknown }).cause;
	}
	const networkCode = networkCodeOf(error, deadline);
	return networkCode ? { networkCode } : { failure: innermostMessage(error) };
}

function innermostMessage(error: unknown): string {
	let message = error instanceof Error ? error.message : String(error);
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
		if (current.message) message = current.message;
		current = (current as { cause?: unknown }).cause;
	}
	return message;
}

/** What the transport knows of a failure it raised, kept beside the error rather than read back from its text. */
export interface FailureFacts {
	/** False only when the request provably did not make the API act (refused before acting, never sent). */
	mayHaveActed: boolean;
	/** The failure in a few words: "HTTP 503", "no answer before the timeout"… */
	summary: string;
	/** The request's deadline (RequestSettings.deadlineAt) ended it: with more time it might have succeeded. */
	outOfTime?: boolean;
	/** Why it ran out of time, in our own words (never the server's): "no complete answer in time"… */
	outOfTimeCause?: string;
}

const failureFactsOf = new WeakMap<Error, FailureFacts>();

export function recordFailure<E extends Error>(error: E, facts: FailureFacts): E {
	failureFactsOf.set(error, facts);
	return error;
}

/** The facts of an error the transport raised; undefined for any other error. */
export function failureFacts(error: unknown): FailureFacts | undefined {
	return error instanceof Error ? failureFactsOf.get(error) : undefined;
}

/** The start of an IS74 answer for an error message, without the credential's secrets. */
export async function answerExcerpt(ctx: RequestContext, text: string): Promise<string> {
	return scrubbedExcerpt(text, await credentialSecrets(ctx));
}

/** The wait an answer asked for (Retry-After), as a sentence of the hint; nothing when it asked none. */
function askedWait(attempt: Attempt, who: string): string {
	return attempt.retryAfterMs === undefined ? '' : ` ${who} asks to wait ${Math.ceil(attempt.retryAfterMs / 1000)} s.`;
}

export async function failureError(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	attempt: Attempt,
	attempts: number,
	settings: RequestSettings,
): Promise<NodeApiError> {
	const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
	const secrets = await credentialSecrets(ctx);
	const said =
		attempt.redirectedTo !== undefined
			? `redirected to ${shownRedirectTarget(attempt.redirectedTo, secrets)}`
			: attempt.body
				? scrubbedServerMessage(attempt.body, secrets)
				: '';
	let message: string;
	let hint: string;
	if (attempt.status !== undefined) {
		message = `IS74 API could not ${request.purpose}: HTTP ${attempt.status}${said ? ` — ${said}` : ''}`;
		if (attempt.redirectedTo !== undefined) {
			hint =
				policy === 'read'
					? 'The API sent the request to another address. A report follows redirects only on the same origin (scheme, host and port), so the token is never sent elsewhere.'
					: 'The node does not follow redirects of a create or a login, so the token and the data are never sent to another address.';
			hint += ' If that address is the right one, set it as the Base URL of the IS74 credential.';
		} else if (attempt.status === 401) hint = 'The token was rejected. Check the IS74 credential (for login and password, n8n already logged in again once).';
		else if (attempt.status === 403) hint = 'This account may not use this project. Check the IDs and the account rights.';
		else if (attempt.status === 404) hint = 'Check the project ID and the Base URL of the credential.';
		else if (attempt.status === 429) {
			const wait = askedWait(attempt, 'The server');
			hint = `The API is rate limiting requests${tries}.${wait} Run again later or lower the request rate.`;
		} else if (attempt.status >= 500) {
			const wait = askedWait(attempt, 'It');
			hint = `The IS74 server failed${tries}.${wait}`;
		}
		else hint = 'The API refused the request as sent; the message above names the problem.';
	} else if (attempt.answerProblem !== undefined) {
		message = `IS74 API could not ${request.purpose}: ${attempt.answerProblem}`;
		hint = 'This is not an answer the IS74 API gives; check the Base URL of the credential.';
	} else if (attempt.networkCode === undefined) {
		message = `IS74 API could not ${request.purpose}: ${describeNetworkCode(undefined)}`;
		hint = `The request failed${tries}: ${scrubbedExcerpt(attempt.failure ?? '', secrets)}.`;
	} else {
		// The code goes in the description: n8n replaces a message that contains one with a generic text.
		const timedOut = attempt.networkCode === 'ETIMEDOUT' || attempt.networkCode === 'ECONNABORTED';
		message = `IS74 API could not ${request.purpose}: ${describeNetworkCode(attempt.networkCode)}`;
		if (CONFIGURATION_CODES.has(attempt.networkCode)) hint = 'Nothing was sent: the request address is not a valid URL. Check the Base URL of the credential.';
		else if (timedOut) {
			const advice = settings.timeoutSetting ? `Raise ${settings.timeoutSetting} if the service is slow.` : 'This deadline is fixed: try again when the service answers faster.';
			hint = `No answer within the timeout of ${settings.timeoutMs / 1000} s${tries} (it covers the whole request, up to the last byte of the answer). ${advice}`;
		}
		else hint = `Network error ${attempt.networkCode}${tries}. Check the Base URL of the credential and the network.`;
	}
	// A read repeats safely; for a create, only these prove the platform did not act on it.
	const neverSent =
		attempt.status === 429 ||
		(attempt.networkCode !== undefined && NEVER_SENT.has(attempt.networkCode)) ||
		(attempt.status !== undefined && attempt.status < 500 && !REDIRECT_AFTER_ACTING.has(attempt.status));
	if (policy === 'createOnce') {
		hint += neverSent
			? ' Nothing was created.'
			: ' The request may have reached the platform, so the campaign may exist: check the platform before running again. The node does not resend a create by itself.';
	}
	const httpCode = attempt.status === undefined ? undefined : String(attempt.status);
	const details: JsonObject = { message, description: hint, ...(httpCode ? { httpCode } : {}) };
	const error = new NodeApiError(ctx.getNode(), details, { itemIndex: request.itemIndex, message, description: hint, httpCode });
	return recordFailure(error, { mayHaveActed: !neverSent, summary: message.slice(`IS74 API could not ${request.purpose}: `.length).split(' — ')[0] });
}
