/**
 * Reads a report body chunk by chunk as it arrives. A body up to `streamAfterBytes` is kept and
 * parsed at the end with one native JSON.parse: the fastest way for the usual report. A larger one
 * is never held as one text: from then on the rows of the top-level `data` array are parsed in
 * batches as their bytes arrive, and everything else (columns, count, durations) is kept as a
 * small "envelope" text, parsed at the end. That keeps a million-row report's peak memory near
 * the size of its rows instead of several copies of the body.
 *
 * In streaming, every byte ends up either in a batch (`[` + rows + `]`) or in the envelope, and
 * both are parsed by JSON.parse, so a body is accepted exactly when it is valid JSON, and gives
 * the same value. It works on bytes, not text: UTF-8 never uses an ASCII byte inside a multi-byte
 * character, so cutting at the ASCII `,` `[` `]` is safe wherever the chunks were split.
 *
 * With a row limit, rows are counted from the first byte, and once the limit is reached the reader
 * is `satisfied`: the caller stops downloading, and the report holds only those first rows.
 * Pure module: no n8n imports.
 */
import type { Result } from '../domain/result';
import type { ReportResponse } from '../domain/apiContract';
import { jsonErrorPosition } from '../domain/text';

/** `start`: the body's first bytes as text, for an error message (the caller removes secrets). */
export type ReportParseResult = Result<ReportResponse, { reason: string; start: string }>;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
/** Enough of the body's start to show in an error. */
const EXCERPT_BYTES = 400;
/** A top-level key longer than this cannot be "data", so it is not collected. */
const MAX_KEY_BYTES = 64;
/** Bodies up to this size are parsed whole; larger ones are streamed. */
export const STREAM_AFTER_BYTES = 16 * 1024 * 1024;
/** Depth inside the data array, between rows: the top-level object is depth 1. */
const BETWEEN_ROWS = 2;

function isWhitespace(byte: number): boolean {
	return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isBlank(buffer: Buffer): boolean {
	for (let index = 0; index < buffer.length; index++) if (!isWhitespace(buffer[index])) return false;
	return true;
}

/**
 * The byte where `text` (decoded from bytes) stops being JSON. Never JSON.parse's own message: it
 * quotes the body around the error, and the body may echo a secret.
 */
function faultByte(text: string): number {
	const position = jsonErrorPosition(text);
	return Buffer.byteLength(text.slice(0, position < 0 ? text.length : position), 'utf8');
}

/** Where scanning stands; one shape for the whole read, so the hot loop stays optimized. */
class ScanState {
	/** Containers open at the current byte. */
	depth = 0;
	inString = false;
	/** The previous chunk ended inside a string with an odd run of backslashes. */
	escapeNext = false;
	/** Set by `scanRows`: the last comma between rows, and the bracket that closes the data array. */
	lastComma = -1;
	dataEnd = -1;
}

/**
 * Finds the end of the string that is open at `from`: the index after its closing quote, or -1 if
 * the string goes on into the next chunk (then `escapeNext` says whether the next byte is escaped).
 */
function skipString(state: ScanState, chunk: Buffer, from: number): number {
	let index = from;
	if (state.escapeNext) {
		state.escapeNext = false;
		index++;
	}
	for (;;) {
		const quote = chunk.indexOf(QUOTE, index);
		if (quote < 0) {
			state.escapeNext = oddBackslashesBefore(chunk, chunk.length, index);
			return -1;
		}
		if (!oddBackslashesBefore(chunk, quote, index)) return quote + 1;
		index = quote + 1;
	}
}

/** Whether the backslashes just before `end` (not looking before `from`) are an odd run. */
function oddBackslashesBefore(chunk: Buffer, end: number, from: number): boolean {
	let index = end - 1;
	while (index >= from && chunk[index] === BACKSLASH) index--;
	return (end - 1 - index) % 2 === 1;
}

/**
 * The hot loop: scans rows of the data array from `from`, noting the last comma between rows and
 * stopping at the bracket that closes the array. Only numbers and one object shape, no rare
 * branches, so V8 keeps it optimized over a million rows.
 */
function scanRows(state: ScanState, chunk: Buffer, from: number): void {
	const length = chunk.length;
	let depth = state.depth;
	let index = from;
	state.lastComma = -1;
	state.dataEnd = -1;
	if (state.inString) {
		index = skipString(state, chunk, index);
		if (index < 0) return;
		state.inString = false;
	}
	while (index < length) {
		const byte = chunk[index];
		if (byte === QUOTE) {
			index = skipString(state, chunk, index + 1);
			if (index < 0) {
				state.inString = true;
				break;
			}
			continue;
		}
		if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
		else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
			if (depth === BETWEEN_ROWS) {
				state.dataEnd = index;
				break;
			}
			depth--;
		} else if (byte === COMMA && depth === BETWEEN_ROWS) state.lastComma = index;
		index++;
	}
	state.depth = depth;
}

export class ReportBodyReader {
	private readonly state = new ScanState();
	private bytesRead = 0;
	private readonly start: Buffer[] = [];
	private startBytes = 0;
	private failure: string | undefined;
	private topLevelIsObject: boolean | undefined;

	/** The top-level key being read, and the last one read. */
	private keyParts: Buffer[] | undefined;
	private keyBytes = 0;
	private lastKey = '';

	private readonly envelope: Buffer[] = [];
	private inData = false;
	/** Bytes of the data array read since the last batch was parsed. */
	private pending: Buffer[] = [];
	/** Byte offset in the body where the pending bytes begin, for error messages. */
	private pendingOffset = 0;
	/** A comma between rows was read in the current data array (so a blank end is a trailing comma). */
	private commaBetweenRows = false;
	private rows: unknown[] = [];

	/** Chunks kept while the body is small enough to parse whole. */
	private held: Buffer[] = [];
	private streaming: boolean;

	/**
	 * `streamAfterBytes`: 0 streams from the first byte (what the tests use to cover every path).
	 * `rowLimit`: the rows wanted (0: all); the rest of the body is not needed.
	 */
	constructor(
		private readonly streamAfterBytes = STREAM_AFTER_BYTES,
		private readonly rowLimit = 0,
	) {
		this.streaming = streamAfterBytes <= 0 || rowLimit > 0;
	}

	/** The first `rowLimit` rows of the data array have been read. */
	satisfied(): boolean {
		return this.rowLimit > 0 && this.failure === undefined && this.rows.length >= this.rowLimit;
	}

	private firstRows(): ReportParseResult {
		return { ok: true, value: { data: this.rows.slice(0, this.rowLimit) } };
	}

	/** Feeds the next chunk of the body. After a failure, further chunks are ignored. */
	write(chunk: Buffer): void {
		if (this.startBytes < EXCERPT_BYTES) {
			const head = chunk.subarray(0, EXCERPT_BYTES - this.startBytes);
			this.start.push(head);
			this.startBytes += head.length;
		}
		this.bytesRead += chunk.length;
		if (this.streaming) {
			this.scan(chunk, this.bytesRead - chunk.length);
			return;
		}
		this.held.push(chunk);
		if (this.bytesRead <= this.streamAfterBytes) return;
		// Too large to hold: switch to streaming, starting with what was held.
		this.streaming = true;
		const held = this.held;
		this.held = [];
		let offset = 0;
		for (const piece of held) {
			this.scan(piece, offset);
			offset += piece.length;
		}
	}

	private scan(chunk: Buffer, chunkOffset: number): void {
		let index = 0;
		while (index < chunk.length && this.failure === undefined) {
			index = this.inData ? this.readRows(chunk, index, chunkOffset) : this.readEnvelope(chunk, index, chunkOffset);
		}
	}

	/** The whole report, or what was wrong with the body. */
	end(): ReportParseResult {
		const startText = Buffer.concat(this.start).toString('utf8');
		const refuse = (reason: string): ReportParseResult => ({ ok: false, reason, start: startText });
		if (this.failure !== undefined) return refuse(this.failure);
		// Reading stopped once the rows were there: the rest of the body was never read.
		if (this.satisfied() && this.inData) return this.firstRows();
		if (this.inData) return refuse('the report is not valid JSON (it ends inside the data array)');
		const whole = !this.streaming;
		const text = Buffer.concat(whole ? this.held : this.envelope).toString('utf8');
		this.held = [];
		if (text.trim() === '') return { ok: true, value: {} };
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch {
			if (this.satisfied()) return this.firstRows();
			// The envelope is the body without its data rows: a position in it is none in the body.
			return refuse(`the report is not valid JSON (${whole ? `at byte ${faultByte(text)}` : 'outside the data rows'})`);
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('the report is not a JSON object');
		const report = value as ReportResponse;
		// The placeholder `[]` is there only when the last "data" key held the array read here.
		if (!whole && Array.isArray(report.data)) report.data = this.rows;
		return { ok: true, value: report };
	}

	/**
	 * Everything outside the data array: kept for the final parse, with the top-level keys noted
	 * so the `[` after "data" can be recognized. Returns where it stopped.
	 */
	private readEnvelope(chunk: Buffer, from: number, chunkOffset: number): number {
		const state = this.state;
		let index = from;
		let keyFrom = from;
		while (index < chunk.length) {
			if (state.inString) {
				const after = skipString(state, chunk, index);
				if (after < 0) {
					if (this.keyParts !== undefined) this.collectKey(chunk.subarray(keyFrom));
					index = chunk.length;
					break;
				}
				state.inString = false;
				if (this.keyParts !== undefined) this.finishKey(chunk.subarray(keyFrom, after - 1));
				index = after;
				continue;
			}
			const byte = chunk[index];
			if (byte === QUOTE) {
				state.inString = true;
				if (state.depth === 1 && this.topLevelIsObject) {
					this.keyParts = [];
					this.keyBytes = 0;
					keyFrom = index + 1;
				}
			} else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
				if (state.depth === 0 && this.topLevelIsObject === undefined) this.topLevelIsObject = byte === OPEN_BRACE;
				state.depth++;
				if (state.depth === BETWEEN_ROWS && byte === OPEN_BRACKET && this.topLevelIsObject && this.lastKey === 'data') {
					this.envelope.push(chunk.subarray(from, index + 1));
					this.startData(chunkOffset + index + 1);
					return index + 1;
				}
			} else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
				state.depth--;
			} else if (state.depth === 0 && this.topLevelIsObject === undefined && !isWhitespace(byte)) {
				this.topLevelIsObject = false;
			}
			index++;
		}
		this.envelope.push(chunk.subarray(from, index));
		return index;
	}

	/** Rows of the data array: parsed once per chunk, up to its last comma between rows. */
	private readRows(chunk: Buffer, from: number, chunkOffset: number): number {
		const state = this.state;
		scanRows(state, chunk, from);
		const end = state.dataEnd < 0 ? chunk.length : state.dataEnd;
		let rowsFrom = from;
		if (state.lastComma >= 0) {
			this.commaBetweenRows = true;
			this.parseBatch(chunk.subarray(from, state.lastComma), true);
			this.pendingOffset = chunkOffset + state.lastComma + 1;
			rowsFrom = state.lastComma + 1;
		}
		if (this.failure !== undefined) return chunk.length;
		if (state.dataEnd < 0) {
			if (rowsFrom < end) this.pending.push(chunk.subarray(rowsFrom, end));
			return end;
		}
		this.finishData(chunk.subarray(rowsFrom, end));
		// The closing bracket is read again as part of the envelope, which closes the array there.
		return end;
	}

	private collectKey(part: Buffer): void {
		if (this.keyParts === undefined) return;
		this.keyBytes += part.length;
		if (this.keyBytes > MAX_KEY_BYTES) this.keyParts = undefined;
		else this.keyParts.push(part);
	}

	private finishKey(last: Buffer): void {
		this.collectKey(last);
		const parts = this.keyParts;
		this.keyParts = undefined;
		if (parts === undefined) {
			this.lastKey = '';
			return;
		}
		const raw = Buffer.concat(parts).toString('utf8');
		if (!raw.includes('\\')) {
			this.lastKey = raw;
			return;
		}
		try {
			this.lastKey = JSON.parse(`"${raw}"`) as string;
		} catch {
			// An invalid escape: the envelope's own parse reports it.
			this.lastKey = '';
		}
	}

	private startData(offset: number): void {
		this.inData = true;
		// A repeated "data" key replaces the earlier array, as JSON.parse does.
		this.rows = [];
		this.pending = [];
		this.pendingOffset = offset;
		this.commaBetweenRows = false;
	}

	private finishData(last: Buffer): void {
		this.inData = false;
		if (this.pending.every(isBlank) && isBlank(last)) {
			// `[ ]` is an empty array; `[1, ]` is a trailing comma.
			if (this.commaBetweenRows) this.failure = 'the report is not valid JSON (a comma ends the data array)';
		} else {
			this.parseBatch(last, false);
		}
		this.pending = [];
	}

	/** Parses the pending bytes plus `last` as one array of rows; before a comma it must not be empty. */
	private parseBatch(last: Buffer, beforeComma: boolean): void {
		const text = Buffer.concat([OPEN, ...this.pending, last, CLOSE]).toString('utf8');
		this.pending = [];
		let batch: unknown[];
		try {
			batch = JSON.parse(text) as unknown[];
		} catch {
			// The batch is `[` + the body's bytes from pendingOffset on.
			this.failure = `the report is not valid JSON (at byte ${this.pendingOffset + faultByte(text) - 1}, in the data rows)`;
			return;
		}
		if (beforeComma && batch.length === 0) {
			this.failure = `the report is not valid JSON (a comma with no row before it, in the data rows after byte ${this.pendingOffset})`;
			return;
		}
		const rows = this.rows;
		for (let index = 0; index < batch.length; index++) rows.push(batch[index]);
	}
}
