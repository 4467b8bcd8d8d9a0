/**
 * The only place that talks to the IS74 API. Every request goes through n8n's
 * `httpRequestWithAuthentication` with the `is74Api` credential, so n8n adds the token and,
 * for login-and-password credentials, logs in again once when the API answers 401.
 */
import type { IExecuteFunctions, IHttpRequestMethods, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { scrubSecrets } from './secrets';
import { describeNetworkCode, serverMessage } from './serverMessage';

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
/** Failures that happen before the request leaves this machine. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

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
}

/** Error bodies are read only this far: enough for the server's message, never a whole report. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface Attempt<T = unknown> {
	status?: number;
	/** The 2xx body as the reader returned it. */
	result?: T;
	/** A non-2xx body, as text, for the error message. */
	body?: string;
	retryAfterMs?: number;
	networkCode?: string;
	/** A failure before any request, e.g. the credential's login or Base URL: its own message. */
	setupProblem?: string;
}

function headerValue(headers: unknown, name: string): string | undefined {
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

/** Feeds a response body (a stream, or already read) to `write`, up to `maxBytes`. */
async function consumeBody(body: unknown, write: (chunk: Buffer) => void, maxBytes = Infinity): Promise<void> {
	if (body === undefined || body === null) return;
	if (!isStream(body)) {
		write(asBuffer(body).subarray(0, maxBytes));
		return;
	}
	let seen = 0;
	for await (const chunk of body) {
		const bytes = asBuffer(chunk);
		write(seen + bytes.length > maxBytes ? bytes.subarray(0, maxBytes - seen) : bytes);
		seen += bytes.length;
		if (seen >= maxBytes) {
			// The rest is not needed: free the connection instead of downloading it.
			body.destroy?.();
			return;
		}
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

/** A non-2xx body, as much of it as an error message can use. */
async function errorBodyText(body: unknown): Promise<string> {
	const reader = new TextReader();
	try {
		await consumeBody(body, (chunk) => reader.write(chunk), MAX_ERROR_BODY_BYTES);
	} catch {
		// A connection dropped while reading an error page: the status alone still says what failed.
	}
	return reader.end();
}

/** Walks an error's `cause` chain for the transport error (status, headers, body, code). */
async function describeFailure(error: unknown): Promise<Attempt<never>> {
	let current: unknown = error;
	let networkCode: string | undefined;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as {
			response?: { status?: number; headers?: unknown; data?: unknown };
			code?: unknown;
			cause?: unknown;
		};
		if (candidate.response && typeof candidate.response.status === 'number') {
			return {
				status: candidate.response.status,
				body: await errorBodyText(candidate.response.data),
				retryAfterMs: parseRetryAfter(headerValue(candidate.response.headers, 'retry-after')),
			};
		}
		if (typeof candidate.code === 'string' && /^E[A-Z_]+$/.test(candidate.code)) networkCode ??= candidate.code;
		current = candidate.cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (!networkCode && /timeout/i.test(message)) networkCode = 'ETIMEDOUT';
	if (!networkCode && /socket hang up|aborted/i.test(message)) networkCode = 'ECONNRESET';
	if (networkCode) return { networkCode };
	// Not a transport failure: the credential refused to authenticate (login rejected, bad Base URL).
	return { setupProblem: innermostMessage(error) };
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

async function sendOnce<T>(
	ctx: RequestContext,
	request: Is74Request,
	payload: Buffer,
	timeoutMs: number,
	newReader: () => BodyReader<T>,
): Promise<Attempt<T>> {
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url: request.path,
			body: payload,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			// Streamed, so a large report is parsed as it arrives instead of held as one text.
			encoding: 'stream',
			returnFullResponse: true,
			// Every status comes back to us except 401, which must throw so n8n can log in again.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			timeout: timeoutMs,
		})) as { statusCode: number; headers: unknown; body: unknown };
		const status = response.statusCode;
		const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		if (status < 200 || status >= 300) return { status, body: await errorBodyText(response.body), retryAfterMs };
		// Read inside the attempt: a connection dropped mid-body is a failed attempt, retried as such.
		const reader = newReader();
		await consumeBody(response.body, (chunk) => reader.write(chunk));
		return { status, result: reader.end() };
	} catch (error) {
		return await describeFailure(error);
	}
}

function backoffMs(settings: RequestSettings, retryNumber: number): number {
	return Math.min(MAX_BACKOFF_MS, settings.initialDelayMs * 2 ** (retryNumber - 1));
}

function shouldRetry(policy: RetryPolicy, attempt: Attempt): boolean {
	if (attempt.status === 429) return true;
	if (policy === 'createOnce') return attempt.networkCode !== undefined && NEVER_SENT.has(attempt.networkCode);
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
	let attempts = 0;
	for (;;) {
		attempts++;
		const attempt = await sendOnce(ctx, request, payload, settings.timeoutMs, newReader);
		if (attempt.setupProblem !== undefined) {
			// NodeOperationError, not NodeApiError: this is configuration, and NodeApiError would replace
			// a message that mentions a network code with a generic one.
			throw new NodeOperationError(ctx.getNode(), attempt.setupProblem, {
				itemIndex: request.itemIndex,
				description: `Nothing was sent to ${request.path}. Open the IS74 credential and check it.`,
			});
		}
		if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
			return attempt.result as T;
		}
		const retriesLeft = attempts <= settings.maxRetries;
		const tooLongToWait = attempt.retryAfterMs !== undefined && attempt.retryAfterMs > MAX_RETRY_AFTER_MS;
		if (!retriesLeft || tooLongToWait || !shouldRetry(policy, attempt) || ('getExecutionCancelSignal' in ctx && ctx.getExecutionCancelSignal()?.aborted)) {
			throw await failureError(ctx, request, policy, attempt, attempts);
		}
		await sleep(attempt.retryAfterMs ?? backoffMs(settings, attempts));
	}
}

/** The credential values that must never appear in an error, even if the server echoes them. */
async function credentialSecrets(ctx: RequestContext): Promise<unknown[]> {
	try {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		return [credentials.accessToken, credentials.password, credentials.sessionToken];
	} catch {
		return [];
	}
}

async function failureError(
	ctx: RequestContext,
	request: Is74Request,
	policy: RetryPolicy,
	attempt: Attempt,
	attempts: number,
): Promise<NodeApiError> {
	const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
	const said = attempt.body ? scrubSecrets(serverMessage(attempt.body), await credentialSecrets(ctx)) : '';
	let message: string;
	let hint: string;
	if (attempt.status !== undefined) {
		message = `IS74 API could not ${request.purpose}: HTTP ${attempt.status}${said ? ` — ${said}` : ''}`;
		if (attempt.status === 401) hint = 'The token was rejected. Check the IS74 credential (for login and password, n8n already logged in again once).';
		else if (attempt.status === 403) hint = 'This account may not use this project. Check the IDs and the account rights.';
		else if (attempt.status === 404) hint = 'Check the project ID and the Base URL of the credential.';
		else if (attempt.status === 429) {
			const wait = attempt.retryAfterMs === undefined ? '' : ` The server asks to wait ${Math.ceil(attempt.retryAfterMs / 1000)} s.`;
			hint = `The API is rate limiting requests${tries}.${wait} Run again later or lower the request rate.`;
		} else if (attempt.status >= 500) hint = `The IS74 server failed${tries}.`;
		else hint = 'The API refused the request as sent; the message above names the problem.';
	} else {
		// The code goes in the description: n8n replaces a message that contains one with a generic text.
		const timedOut = attempt.networkCode === 'ETIMEDOUT' || attempt.networkCode === 'ECONNABORTED';
		message = `IS74 API could not ${request.purpose}: ${describeNetworkCode(attempt.networkCode)}`;
		hint = timedOut
			? `No answer within the timeout${tries}. Raise Options → Timeout if the service is slow.`
			: `Network error ${attempt.networkCode}${tries}. Check the Base URL of the credential and the network.`;
	}
	if (policy === 'createOnce') {
		const neverSent = attempt.status === 429 || (attempt.networkCode !== undefined && NEVER_SENT.has(attempt.networkCode)) || (attempt.status !== undefined && attempt.status < 500);
		hint += neverSent
			? ' Nothing was created.'
			: ' The request may have reached the platform, so the campaign may exist: check the platform before running again. The node does not resend a create by itself.';
	}
	const httpCode = attempt.status === undefined ? undefined : String(attempt.status);
	const details: JsonObject = { message, description: hint, ...(httpCode ? { httpCode } : {}) };
	return new NodeApiError(ctx.getNode(), details, { itemIndex: request.itemIndex, message, description: hint, httpCode });
}
