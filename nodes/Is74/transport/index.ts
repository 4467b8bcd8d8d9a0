/**
 * The only place that talks to the IS74 API. Every request goes through n8n's
 * `httpRequestWithAuthentication` with the `is74Api` credential, so n8n adds the token and,
 * for login-and-password credentials, logs in again once when the API answers 401.
 *
 * Redirects are never followed by n8n: the token must not reach another host. A read follows a
 * redirect itself, and only to the same origin; a create never does.
 */
import type { IExecuteFunctions, IHttpRequestMethods, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError, sleep } from 'n8n-workflow';

import { joinUrl, normalizeBaseUrl } from '../helpers/baseUrl';
import { scrubbedExcerpt, scrubbedServerMessage, shownRedirectTarget } from './secrets';
import { describeNetworkCode } from './serverMessage';

export const CREDENTIAL_TYPE = 'is74Api';

/** Node executions and polling triggers both make requests through here. */
export type RequestContext = IExecuteFunctions | IPollFunctions;

/**
 * `createOnce`: the request creates something, so it is never repeated once it may have reached
 * the server; only "429 Too Many Requests" (which the server did not act on) is retried.
 * `read`: safe to repeat, so 429, 5xx, timeouts and dropped connections are retried with backoff.
 */
export type RetryPolicy = 'createOnce' | 'read';

export interface RequestSettings {
	timeoutMs: number;
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Backoff before retry n is initialDelayMs * 2^(n-1), capped at MAX_BACKOFF_MS. */
	initialDelayMs: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 1_000 };

/** A Retry-After longer than this is not waited for: the error says when to try again instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
const NETWORK_RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
/** Failures that provably happen before the request is written: nothing reached the server. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);
/** Of those, configuration errors: the same request fails the same way, so it is never retried. */
const CONFIGURATION_CODES = new Set(['ERR_INVALID_URL']);

/** The longest Timeout the options accept: longer ones overflow Node's timers and fire at once. */
export const MAX_TIMEOUT_SECONDS = 3600;
/** A create's or a login's answer is a few bytes; more than this is not the IS74 API. */
export const SMALL_ANSWER_MAX_BYTES = 1024 * 1024;
/** A report may be large (a million rows is about 200 MB); past this it is refused. */
export const REPORT_ANSWER_MAX_BYTES = 512 * 1024 * 1024;
/** Same-origin redirects a read follows before giving up. */
const MAX_REDIRECTS = 5;
/** The statuses that ask to go elsewhere: never followed to another origin, by the nodes, the login or the credential test. */
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];
/**
 * Redirects a server may send after acting on a POST (303 "See Other", and 301/302 that servers
 * use the same way): after these a create may exist. 307/308 ask to send the request elsewhere.
 */
const REDIRECT_AFTER_ACTING = new Set([301, 302, 303]);

/**
 * Thrown by the credential when it cannot provide a token (bad Base URL, rejected or failed
 * login): the API request was not made, or was refused with 401, so nothing was created.
 */
export class Is74CredentialError extends UserError {}

export interface Is74Request {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL, e.g. `/api/campaigns`. */
	path: string;
	body: unknown;
	itemIndex: number;
	/** What the request does, for error messages ("create the campaign"). */
	purpose: string;
}

export interface Is74Response {
	/** The raw response text; callers parse it so a malformed body gets a clear error. */
	body: string;
}

/**
 * Takes a 2xx body chunk by chunk as it arrives, so a large answer is never held as one text.
 * A fresh reader is made for every attempt: a retried read starts over.
 */
export interface BodyReader<T> {
	write(chunk: Buffer): void;
	end(): T;
	/** True once the reader has all it needs: the rest of the body is not downloaded. */
	satisfied?(): boolean;
}

/** Error bodies (the API's and the login's) are read only this far: enough for the server's message, never a whole report. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface Attempt<T = unknown> {
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
}

export function headerValue(headers: unknown, name: string): string | undefined {
	if (typeof headers !== 'object' || headers === null) return undefined;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isStream(body: unknown): body is AsyncIterable<unknown> & { destroy?: () => void } {
	return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	return Buffer.from(JSON.stringify(chunk) ?? '', 'utf8');
}

/** The request's deadline passed; a timeout, as Node would name it. */
class DeadlineExceeded extends Error {
	readonly code = 'ETIMEDOUT';
	constructor() {
		super('No complete answer before the timeout');
	}
}

/** A 2xx body larger than the request allows. */
export class AnswerTooLarge extends Error {
	constructor(readonly maxBytes: number) {
		super(`the answer is larger than ${formatBytes(maxBytes)}`);
	}
}

function formatBytes(bytes: number): string {
	return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Closes a streamed body unread, freeing its connection. */
export function destroyBody(body: unknown, error?: Error): void {
	if (isStream(body)) (body as { destroy?: (error?: Error) => void }).destroy?.(error);
}

/**
 * `work`, or a DeadlineExceeded as soon as `deadline` fires. n8n's authenticated request may
 * not take our abort signal, so a late answer is discarded: its body is closed unread.
 */
async function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal, discardLate: (late: T) => void): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const expire = () => {
			work.then(discardLate, () => undefined);
			reject(new DeadlineExceeded());
		};
		if (deadline.aborted) return expire();
		deadline.addEventListener('abort', expire, { once: true });
		work.then(
			(value) => {
				deadline.removeEventListener('abort', expire);
				resolve(value);
			},
			(error: unknown) => {
				deadline.removeEventListener('abort', expire);
				reject(error);
			},
		);
	});
}

export interface BodyLimits {
	/** Bytes read at most; what `tooLarge` says happens past them. */
	maxBytes: number;
	/** 'fail': a larger body is an AnswerTooLarge; 'cut': the rest is dropped (error pages). */
	tooLarge: 'fail' | 'cut';
	/** Reading stops with a DeadlineExceeded when this fires. */
	deadline?: AbortSignal;
	/** Reading stops (and the connection closes) once this says so. */
	satisfied?: () => boolean;
}

/** Feeds a response body (a stream, or already read) to `write`, within `limits`. */
export async function consumeBody(body: unknown, write: (chunk: Buffer) => void, limits: BodyLimits): Promise<void> {
	if (body === undefined || body === null) return;
	const { maxBytes } = limits;
	if (!isStream(body)) {
		const bytes = asBuffer(body);
		if (bytes.length > maxBytes && limits.tooLarge === 'fail') throw new AnswerTooLarge(maxBytes);
		write(bytes.subarray(0, maxBytes));
		return;
	}
	const deadline = limits.deadline;
	const expire = () => destroyBody(body, new DeadlineExceeded());
	if (deadline?.aborted) throw new DeadlineExceeded();
	deadline?.addEventListener('abort', expire, { once: true });
	try {
		let seen = 0;
		for await (const chunk of body) {
			const bytes = asBuffer(chunk);
			if (seen + bytes.length > maxBytes && limits.tooLarge === 'fail') {
				destroyBody(body);
				throw new AnswerTooLarge(maxBytes);
			}
			write(seen + bytes.length > maxBytes ? bytes.subarray(0, maxBytes - seen) : bytes);
			seen += bytes.length;
			if (seen >= maxBytes || limits.satisfied?.()) {
				// The rest is not needed: free the connection instead of downloading it.
				destroyBody(body);
				return;
			}
		}
	} finally {
		deadline?.removeEventListener('abort', expire);
	}
}

class TextReader implements BodyReader<string> {
	private readonly chunks: Buffer[] = [];
	write(chunk: Buffer): void {
		this.chunks.push(chunk);
	}
	end(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}
}

/** A whole body as text, within `limits`. */
export async function readBodyText(body: unknown, limits: BodyLimits): Promise<string> {
	const reader = new TextReader();
	await consumeBody(body, (chunk) => reader.write(chunk), limits);
	return reader.end();
}

/**
 * A non-2xx answer as an attempt. Its body is read within the attempt's deadline like any other:
 * an error page still trickling when the deadline passes is a timeout, not a slow error.
 */
async function errorAnswer(status: number, headers: unknown, body: unknown, deadline: AbortSignal): Promise<Attempt<never>> {
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
		current = (current as { cause?: unknown }).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	if (/socket hang up|aborted/i.test(message)) return 'ECONNRESET';
	return undefined;
}

/**
 * Walks an error's `cause` chain for the transport error (status, headers, body, code). Only the
 * credential's own errors and the codes in NEVER_SENT prove that nothing was sent; any other
 * failure (HPE_…, Z_…, an unknown error) may have come after the request reached the server.
 */
async function describeFailure(error: unknown, deadline: AbortSignal): Promise<Attempt<never>> {
	let current: unknown = error;
	for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
		if (current instanceof Is74CredentialError) return { setupProblem: current.message };
		if (current instanceof AnswerTooLarge) return { answerProblem: current.message };
		// A status n8n throws on (401): its body is still read within the deadline.
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
): Promise<Attempt<T>> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const cancel = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	try {
		const pending = ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			body: payload,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			// Streamed, so a large report is parsed as it arrives instead of held as one text.
			encoding: 'stream',
			returnFullResponse: true,
			// Every status comes back to us except 401, which must throw so n8n can log in again.
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
): Promise<Is74Response> {
	return { body: await is74ReadRequest(ctx, request, policy, settings, () => new TextReader()) };
}

/** As `is74Request`, with the 2xx body fed to a fresh `newReader()` per attempt as it arrives. */
export async function is74ReadRequest<T>(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	settings: RequestSettings,
	newReader: () => BodyReader<T>,
): Promise<T> {
	// Serialized once, as bytes: a retry does not stringify again, and axios does not re-parse a
	// string body to check it (which costs as much as the stringify for a 100,000-recipient body).
	const payload = Buffer.from(JSON.stringify(request.body), 'utf8');
	const maxAnswerBytes = policy === 'read' ? REPORT_ANSWER_MAX_BYTES : SMALL_ANSWER_MAX_BYTES;
	let url = request.path;
	let redirects = 0;
	let attempts = 0;
	for (;;) {
		attempts++;
		const attempt = await sendOnce(ctx, request, url, payload, settings.timeoutMs, maxAnswerBytes, newReader);
		if (attempt.setupProblem !== undefined) {
			// NodeOperationError, not NodeApiError: this is configuration, and NodeApiError would replace
			// a message that mentions a network code with a generic one.
			throw new NodeOperationError(ctx.getNode(), attempt.setupProblem, {
				itemIndex: request.itemIndex,
				description: `The IS74 credential could not provide a token, so the API did not act on ${request.path}. Open the IS74 credential and check it.`,
			});
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
			throw await failureError(ctx, request, policy, attempt, attempts);
		}
		const retriesLeft = attempts <= settings.maxRetries;
		const tooLongToWait = attempt.retryAfterMs !== undefined && attempt.retryAfterMs > MAX_RETRY_AFTER_MS;
		if (!retriesLeft || tooLongToWait || !shouldRetry(policy, attempt) || ('getExecutionCancelSignal' in ctx && ctx.getExecutionCancelSignal()?.aborted)) {
			throw await failureError(ctx, request, policy, attempt, attempts);
		}
		await sleep(attempt.retryAfterMs ?? backoffMs(settings, attempts));
	}
}

/** A Location header resolved against the address that answered it (as given if it is not a URL). */
export function resolveLocation(location: string, answeredBy: string): string {
	try {
		return new URL(location, answeredBy).href;
	} catch {
		return location;
	}
}

/** Where a redirect points, and whether it stays on the Base URL's origin (scheme, host, port). */
async function redirectTarget(ctx: RequestContext, from: string, location: string): Promise<{ url: string; sameOrigin: boolean }> {
	let base: string | undefined;
	try {
		const normalized = normalizeBaseUrl((await ctx.getCredentials(CREDENTIAL_TYPE)).baseUrl);
		base = normalized.ok ? normalized.url : undefined;
	} catch {
		base = undefined;
	}
	if (base === undefined) return { url: location, sameOrigin: false };
	// `from` is a path below the Base URL, or an absolute URL after an earlier redirect.
	const url = resolveLocation(location, /^https?:\/\//i.test(from) ? from : joinUrl(base, from));
	return { url, sameOrigin: URL.canParse(url) && new URL(url).origin === new URL(base).origin };
}

/**
 * The credential values that must never appear in an error, even if the server echoes them. The
 * login is not one: it is no secret, and a short one ("api") would blank out paths and words.
 */
async function credentialSecrets(ctx: RequestContext): Promise<unknown[]> {
	try {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		return [credentials.accessToken, credentials.password, credentials.sessionToken];
	} catch {
		return [];
	}
}

/** The start of an IS74 answer for an error message, without the credential's secrets. */
export async function answerExcerpt(ctx: RequestContext, text: string): Promise<string> {
	return scrubbedExcerpt(text, await credentialSecrets(ctx));
}

async function failureError(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	attempt: Attempt,
	attempts: number,
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
			const wait = attempt.retryAfterMs === undefined ? '' : ` The server asks to wait ${Math.ceil(attempt.retryAfterMs / 1000)} s.`;
			hint = `The API is rate limiting requests${tries}.${wait} Run again later or lower the request rate.`;
		} else if (attempt.status >= 500) hint = `The IS74 server failed${tries}.`;
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
		else if (timedOut) hint = `No answer within the timeout${tries} (it covers the whole request, up to the last byte of the answer). Raise Options → Timeout if the service is slow.`;
		else hint = `Network error ${attempt.networkCode}${tries}. Check the Base URL of the credential and the network.`;
	}
	if (policy === 'createOnce') {
		const neverSent =
			attempt.status === 429 ||
			(attempt.networkCode !== undefined && NEVER_SENT.has(attempt.networkCode)) ||
			(attempt.status !== undefined && attempt.status < 500 && !REDIRECT_AFTER_ACTING.has(attempt.status));
		hint += neverSent
			? ' Nothing was created.'
			: ' The request may have reached the platform, so the campaign may exist: check the platform before running again. The node does not resend a create by itself.';
	}
	const httpCode = attempt.status === undefined ? undefined : String(attempt.status);
	const details: JsonObject = { message, description: hint, ...(httpCode ? { httpCode } : {}) };
	return new NodeApiError(ctx.getNode(), details, { itemIndex: request.itemIndex, message, description: hint, httpCode });
}
