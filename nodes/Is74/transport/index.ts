/**
 * The only place that talks to the IS74 API. Every request goes through n8n's
 * `httpRequestWithAuthentication` with the `is74Api` credential, so n8n adds the token and,
 * for login-and-password credentials, logs in again once when the API answers 401 (on n8n
 * before 2.10 because the transport asks it to: compat/sessionRenewal.ts).
 *
 * Redirects are never followed by n8n: the token must not reach another host. A read follows a
 * redirect itself, and only to the same origin; a create never does.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	AnswerTooLarge,
	REPORT_ANSWER_MAX_BYTES,
	SMALL_ANSWER_MAX_BYTES,
	TextReader,
	beforeDeadline,
	consumeBody,
	destroyBody,
	headerValue,
	type BodyReader,
} from './answer';
import { CREDENTIAL_TYPE, type Is74Request, type RequestContext, type RequestSettings, type RetryPolicy } from './context';
import { CONFIGURATION_CODES, NEVER_SENT, describeFailure, errorAnswer, failureError, failureFacts, recordFailure, type Attempt } from './failures';
import { MAX_REDIRECTS, REDIRECT_STATUSES, redirectTarget } from './redirects';
import { SessionRenewal } from '../compat/sessionRenewal';

/** The longest Timeout the options accept: longer ones overflow Node's timers and fire at once. */
export const MAX_TIMEOUT_SECONDS = 3600;
export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 1_000 };

/** A Retry-After longer than this is not waited for: the error says when to try again instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
const NETWORK_RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
type FullResponse = { statusCode: number; headers: unknown; body: unknown };

/**
 * One request to `url` (a path below the Base URL, or an absolute same-origin URL after a
 * redirect). `timeoutMs` is the deadline for the whole exchange: connecting, logging in, the
 * headers and the last byte of the body.
 */
async function sendOnce<T>(
	ctx: RequestContext,
	request: Is74Request,
	url: string,
	payload: Buffer,
	timeoutMs: number,
	maxAnswerBytes: number,
	newReader: () => BodyReader<T>,
	extraHeaders: Record<string, string>,
): Promise<Attempt<T>> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const cancel = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	try {
		const pending = ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			body: payload,
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json',
				...extraHeaders,
			},
			// Streamed, so a large report is parsed as it arrives instead of held as one text.
			encoding: 'stream',
			returnFullResponse: true,
			// Every status comes back to us except 401, which throws so n8n logs in again. Before n8n
			// 2.10 this means "every status comes back", 401 included: see compat/sessionRenewal.ts.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			// A redirect comes back to us as a 3xx: n8n would otherwise send the token along.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			// Where n8n honours it, the deadline aborts the request itself.
			abortSignal: cancel ? AbortSignal.any([cancel, deadline]) : deadline,
			timeout: timeoutMs,
		}) as Promise<FullResponse>;
		const response = await beforeDeadline(pending, deadline, (late) => destroyBody(late.body));
		const status = response.statusCode;
		if (status === 401) return { ...(await errorAnswer(status, response.headers, response.body, deadline)), loginNotRepeated: true };
		if (status < 200 || status >= 300) return await errorAnswer(status, response.headers, response.body, deadline);
		const declared = Number(headerValue(response.headers, 'content-length'));
		if (declared > maxAnswerBytes) {
			destroyBody(response.body);
			throw new AnswerTooLarge(maxAnswerBytes);
		}
		// Read inside the attempt: a connection dropped mid-body is a failed attempt, retried as such.
		const reader = newReader();
		await consumeBody(response.body, (chunk) => reader.write(chunk), {
			maxBytes: maxAnswerBytes,
			tooLarge: 'fail',
			deadline,
			satisfied: reader.satisfied && (() => reader.satisfied?.() === true),
		});
		return { status, result: reader.end() };
	} catch (error) {
		return await describeFailure(error, deadline);
	}
}

/**
 * Marks a failure as slowness: the request's deadline (RequestSettings.deadlineAt) ended it, or its
 * own Timeout did while it had a deadline. `cause` is in our words only: a caller may log it where
 * the server's text must not go.
 */
function outOfTime<E extends Error>(error: E, cause: string): E {
	return recordFailure(error, { mayHaveActed: true, summary: 'no answer in time', ...failureFacts(error), outOfTime: true, outOfTimeCause: cause });
}

const NO_ANSWER_IN_TIME = 'no complete answer in time';
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED']);

function backoffMs(settings: RequestSettings, retryNumber: number): number {
	return Math.min(MAX_BACKOFF_MS, settings.initialDelayMs * 2 ** (retryNumber - 1));
}

function shouldRetry(policy: RetryPolicy, attempt: Attempt): boolean {
	if (attempt.status === 429) return true;
	if (attempt.networkCode !== undefined && CONFIGURATION_CODES.has(attempt.networkCode)) return false;
	if (policy === 'createOnce') return attempt.networkCode !== undefined && NEVER_SENT.has(attempt.networkCode);
	if (attempt.answerProblem !== undefined) return false;
	if (attempt.status !== undefined) return RETRYABLE_STATUSES.has(attempt.status);
	return attempt.networkCode !== undefined && NETWORK_RETRYABLE.has(attempt.networkCode);
}

/**
 * Sends one request, retrying as the policy allows, and returns the 2xx body text.
 * Failures become a NodeApiError with the HTTP status and the server's message, never the token.
 */
export async function is74Request(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	settings: RequestSettings,
): Promise<string> {
	return await is74RequestWithReader(ctx, request, policy, settings, () => new TextReader());
}

/**
 * As `is74Request`, with the 2xx body fed to a fresh `newReader()` per attempt as it arrives.
 * `maxAnswerBytes`: the size cap of that body (a report's by default for a read, else a create's).
 */
export async function is74RequestWithReader<T>(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	settings: RequestSettings,
	newReader: () => BodyReader<T>,
	maxAnswerBytes = policy === 'read' ? REPORT_ANSWER_MAX_BYTES : SMALL_ANSWER_MAX_BYTES,
): Promise<T> {
	// Serialized once, as bytes: a retry does not stringify again, and axios does not re-parse a
	// string body to check it (which costs as much as the stringify for a 100,000-recipient body).
	const payload = Buffer.from(JSON.stringify(request.body), 'utf8');
	let url = request.path;
	let redirects = 0;
	let attempts = 0;
	// n8n before 2.10 hands a 401 back instead of logging in again: have it do so, once.
	const renewal = new SessionRenewal();
	const timeLeft = () => (settings.deadlineAt === undefined ? Infinity : settings.deadlineAt - Date.now());
	for (;;) {
		if (timeLeft() <= 0) throw outOfTime(await failureError(ctx, request, policy, { networkCode: 'ETIMEDOUT' }, Math.max(1, attempts), settings), NO_ANSWER_IN_TIME);
		attempts++;
		const attemptTimeoutMs = Math.min(settings.timeoutMs, Math.ceil(timeLeft()));
		const sent = await sendOnce(ctx, request, url, payload, attemptTimeoutMs, maxAnswerBytes, newReader, renewal.headers());
		const attempt = await renewal.after(ctx, sent);
		if (attempt === 'again') {
			attempts--;
			continue;
		}
		if (attempt.setupProblem !== undefined) {
			// NodeOperationError, not NodeApiError: this is configuration, and NodeApiError would replace
			// a message that mentions a network code with a generic one.
			const error = new NodeOperationError(ctx.getNode(), attempt.setupProblem, {
				itemIndex: request.itemIndex,
				description: `The IS74 credential could not provide a token, so the API did not act on ${request.path}. Open the IS74 credential and check it.${policy === 'createOnce' ? ' Nothing was created.' : ''}`,
			});
			throw recordFailure(error, { mayHaveActed: false, summary: 'the credential could not provide a token' });
		}
		if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
			return attempt.result as T;
		}
		if (attempt.status !== undefined && REDIRECT_STATUSES.includes(attempt.status) && attempt.location !== undefined) {
			const target = await redirectTarget(ctx, url, attempt.location);
			if (policy === 'read' && target.sameOrigin && redirects < MAX_REDIRECTS) {
				// A read is safe to repeat, so it is sent again as it was, to the new address on the same host.
				redirects++;
				attempts--;
				url = target.url;
				continue;
			}
			attempt.redirectedTo = target.url;
			throw await failureError(ctx, request, policy, attempt, attempts, settings);
		}
		const retriesLeft = attempts <= settings.maxRetries;
		const tooLongToWait = attempt.retryAfterMs !== undefined && attempt.retryAfterMs > MAX_RETRY_AFTER_MS;
		const retry = retriesLeft && !tooLongToWait && shouldRetry(policy, attempt) && !('getExecutionCancelSignal' in ctx && ctx.getExecutionCancelSignal()?.aborted);
		const waitMs = attempt.retryAfterMs ?? backoffMs(settings, attempts);
		const timedOut = attempt.networkCode !== undefined && TIMEOUT_CODES.has(attempt.networkCode);
		// With a deadline, a timeout is slowness, whether the deadline cut the attempt or its own Timeout did.
		if (timedOut && settings.deadlineAt !== undefined && (!retry || attemptTimeoutMs < settings.timeoutMs))
			throw outOfTime(await failureError(ctx, request, policy, attempt, attempts, settings), NO_ANSWER_IN_TIME);
		if (retry && waitMs >= timeLeft()) {
			const failure = await failureError(ctx, request, policy, attempt, attempts, settings);
			// A wait the server asked for (an outage, a rate limit) is not slowness: the error as it is.
			if (attempt.retryAfterMs !== undefined) throw failure;
			throw outOfTime(failure, 'a retry would not end in time');
		}
		if (!retry) throw await failureError(ctx, request, policy, attempt, attempts, settings);
		await sleep(waitMs);
	}
}

