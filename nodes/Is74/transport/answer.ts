/**
 * Reading an HTTP answer: its headers, and its body within a size cap and the request's deadline,
 * chunk by chunk as it arrives. No n8n here: it works on whatever stream or value n8n hands over.
 */

/** A create's or a login's answer is a few bytes; more than this is not the IS74 API. */
export const SMALL_ANSWER_MAX_BYTES = 1024 * 1024;
/** A report may be large (a million rows is about 200 MB); past this it is refused. */
export const REPORT_ANSWER_MAX_BYTES = 512 * 1024 * 1024;
/** Error bodies (the API's and the login's) are read only this far: enough for the server's message, never a whole report. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

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
export class DeadlineExceeded extends Error {
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
export async function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal, discardLate: (late: T) => void): Promise<T> {
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
			if (seen + bytes.length > maxBytes) {
				destroyBody(body);
				if (limits.tooLarge === 'fail') throw new AnswerTooLarge(maxBytes);
				write(bytes.subarray(0, maxBytes - seen));
				return;
			}
			write(bytes);
			seen += bytes.length;
			// A body that reaches the cap exactly is whole only if nothing follows: unless it is cut
			// anyway, reading goes on, and one more byte is an AnswerTooLarge (chunks often divide the
			// cap: a decoded gzip, deflate or br body comes in 16 KiB chunks).
			if ((seen === maxBytes && limits.tooLarge === 'cut') || limits.satisfied?.()) {
				// The rest is not needed: free the connection instead of downloading it.
				destroyBody(body);
				return;
			}
		}
	} finally {
		deadline?.removeEventListener('abort', expire);
	}
}

export class TextReader implements BodyReader<string> {
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

