/**
 * Reading a per-item parameter for 100,000 items through n8n's expression engine costs tens of
 * microseconds per call. The parameters users write here are nearly always a constant or a plain
 * `{{ $json.field }}` path, so those are compiled once into a direct read of the item; everything
 * else still goes through getNodeParameter, item by item. A compiled read that could come out
 * otherwise than n8n's (a step into text, an inherited name) hands that item to n8n too: the
 * property test in test/unit/…/itemParameter.test.ts holds the reader to n8n's own evaluation.
 *
 * `{{ $('Node').first().json.field }}` (or `.last()`, `.item`) is read from that node's output
 * through n8n's workflow data proxy, outside the expression engine: n8n 1.123's default ("vm")
 * engine copies the item into its sandbox, cannot copy a Code node's items, and makes the whole
 * expression empty. The proxy is what the engine itself reads, so every n8n gives the same value.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

export type ItemReader = (itemIndex: number, item: INodeExecutionData) => unknown;

/**
 * What a fast reader returns when it cannot read a value exactly as n8n would (a step into text, a
 * name the value inherits): the caller then asks n8n to evaluate the expression for that item.
 */
export const UNREAD: unique symbol = Symbol('read by n8n');

/**
 * `.a`, `["a b"]`, `['a']`, `[0]`: one step of a path below `json`, in the forms proven to read as
 * n8n reads them (test/unit/…/itemParameter.test.ts compares them with n8n's own evaluation over
 * generated paths and data). A quoted name holds no backslash, brace or line break (n8n splits
 * `{{ }}` blocks before parsing, and a line break ends a JavaScript string); an index is written
 * as JavaScript prints the number (`[01]` is `[1]` to n8n, `[99999999999999999999]` is `[1e20]`).
 */
const PATH_STEP = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\{}\n\r\u2028\u2029]*)"|'([^'\\{}\n\r\u2028\u2029]*)'|(\d+))\s*\]/g;
const PATH = String.raw`((?:\s*(?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\{}\n\r\u2028\u2029]*"|'[^'\\{}\n\r\u2028\u2029]*'|\d+)\s*\]))*)`;

/**
 * Names n8n refuses to read in an expression ("due to security concerns"; n8n 2.41's list, a
 * superset of older ones): left to n8n, so the run fails as n8n makes it fail.
 */
const REFUSED_NAMES = new Set([
	'__proto__', 'prototype', 'constructor', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors', 'defineProperty', 'defineProperties', 'mainModule', 'binding', '_linkedBinding',
	'_load', 'prepareStackTrace', '__lookupGetter__', '__lookupSetter__', '__defineGetter__', '__defineSetter__',
	'caller', 'callee', 'arguments', 'getBuiltinModule', 'dlopen', 'execve', 'loadEnvFile',
]);

/** The segments of a path written after `json`; undefined when one may not read as n8n reads it. */
function pathSegments(written: string): string[] | undefined {
	const segments: string[] = [];
	for (const found of written.matchAll(PATH_STEP)) {
		const [, name, doubleQuoted, singleQuoted, index] = found;
		if (index !== undefined && String(Number(index)) !== index) return undefined;
		// `.$` followed by anything is refused by n8n ("call it as a function"); `['$']` is not.
		if (name === '$' && found.index + found[0].length < written.length) return undefined;
		const segment = name ?? doubleQuoted ?? singleQuoted ?? index;
		if (REFUSED_NAMES.has(segment)) return undefined;
		segments.push(segment);
	}
	return segments;
}

const JSON_PATH = new RegExp(String.raw`^=\{\{\s*\$json${PATH}\s*\}\}$`);

/** Path segments of `={{ $json.a.b }}` / `={{ $json["a b"] }}` / `={{ $json.list[0] }}`, else undefined. */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = JSON_PATH.exec(raw);
	const segments = match ? pathSegments(match[1]) : undefined;
	return segments && segments.length > 0 ? segments : undefined;
}

/** An item of another node's output, and the path read below its `json`. */
export interface NodeItemPath {
	node: string;
	/** `first()` and `last()` are the same for every item; `item` is the one paired with each. */
	pick: 'first' | 'last' | 'item';
	path: string[];
}

const NODE_ITEM_PATH = new RegExp(String.raw`^=\{\{\s*\$\(\s*(?:'([^'\\{}\n\r]+)'|"([^"\\{}\n\r]+)")\s*\)\s*\.\s*(?:(first|last)\s*\(\s*\)|(item))\s*\.\s*json${PATH}\s*\}\}$`);

/** `={{ $('Node').first().json.a }}`, `.last()`, `.item`, with a path as `$json` paths have, else undefined. */
export function nodeItemPathOf(raw: unknown): NodeItemPath | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = NODE_ITEM_PATH.exec(raw);
	const path = match ? pathSegments(match[5]) : undefined;
	if (!match || !path || path.length === 0) return undefined;
	return { node: match[1] ?? match[2], pick: (match[3] ?? match[4]) as NodeItemPath['pick'], path };
}

/**
 * The value at `path`, read as n8n's expression evaluation reads it, or UNREAD where the two could
 * differ. n8n reads nothing below null or a missing value (no error); what an object or array holds
 * itself, and a name neither it nor its prototype has, read the same. A step into text or a number
 * (`.length`, `[0]`, `.toFixed`) and a name the value inherits (`toString`) are n8n's to read.
 */
function readPath(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const segment of path) {
		if (value === null || value === undefined) return undefined;
		if (typeof value !== 'object') return UNREAD;
		if (Object.prototype.hasOwnProperty.call(value, segment)) value = (value as Record<string, unknown>)[segment];
		else if (segment in value) return UNREAD;
		else return undefined;
	}
	return typeof value === 'function' ? UNREAD : value;
}

/**
 * A compiled reader for one raw parameter value, or undefined when n8n must evaluate it. It returns
 * UNREAD for a value n8n must evaluate after all.
 */
export function compileValue(raw: unknown): ((json: IDataObject) => unknown) | undefined {
	if (typeof raw === 'number' || typeof raw === 'boolean') return () => raw;
	if (typeof raw === 'string' && !raw.startsWith('=')) return () => raw;
	const path = jsonPathOf(raw);
	return path ? (json) => readPath(json, path) : undefined;
}

/** The item `$('Node')…` names, as n8n's own data proxy gives it to expressions. */
function nodeItem(ctx: IExecuteFunctions, { node, pick }: NodeItemPath, itemIndex: number): INodeExecutionData | undefined {
	const selected = ctx.getWorkflowDataProxy(itemIndex).$(node) as { first(): INodeExecutionData; last(): INodeExecutionData; item: INodeExecutionData };
	return pick === 'item' ? selected.item : selected[pick]();
}

/**
 * A reader for one raw parameter value that needs no expression engine: a constant, a `$json` path,
 * or a path in another node's item (read once for `first()`/`last()`, per item for `.item`).
 * Undefined when n8n must evaluate it; the reader returns UNREAD when n8n must for that item.
 */
export function compileReader(ctx: IExecuteFunctions, raw: unknown): ItemReader | undefined {
	const compiled = compileValue(raw);
	if (compiled) return (_itemIndex, item) => compiled(item.json);
	const nodePath = nodeItemPathOf(raw);
	if (!nodePath) return undefined;
	const read = (itemIndex: number): unknown => {
		const json = nodeItem(ctx, nodePath, itemIndex)?.json;
		return json === undefined ? undefined : readPath(json, nodePath.path);
	};
	if (nodePath.pick === 'item') return (itemIndex) => read(itemIndex);
	let once: { value: unknown } | undefined;
	return () => (once ??= { value: read(0) }).value;
}

/** Expression variables whose value is the same for every item of one execution. */
const RUN_WIDE_VARIABLES = new Set(['$now', '$today', '$workflow', '$execution', '$vars', '$env', '$runIndex', '$prevNode']);

/** Words an expression may hold that read nothing. */
const LITERAL_WORDS = new Set(['true', 'false', 'null', 'undefined']);
/** Ways to a function no name shows (`(0).constructor.constructor('…')()`): never run-wide. */
const HIDDEN_FUNCTIONS = /\b(?:constructor|prototype|__proto__|eval|Function)\b|[)\]]\s*\(/;

/** True when one `{{ … }}` block names nothing but run-wide variables, their members and literals. */
function blockReadsNoItem(code: string): boolean {
	if (code.includes('`') || HIDDEN_FUNCTIONS.test(code)) return false;
	const withoutText = code.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, '""');
	if (/['"]/.test(withoutText.replace(/""/g, ''))) return false;
	for (const match of withoutText.matchAll(/([.{,]?)\s*([\p{L}_$][\p{L}\p{N}_$]*)(\s*:)?/gu)) {
		const [, before, name, colon] = match;
		// A member of what precedes it (`$now.plus`), or a key of an object literal (`{ days: 1 }`).
		if (before === '.' || ((before === '{' || before === ',') && colon)) continue;
		if (!RUN_WIDE_VARIABLES.has(name) && !LITERAL_WORDS.has(name)) return false;
	}
	return true;
}

/**
 * True when a raw parameter value gives every item the same value: not an expression, or one whose
 * `{{ … }}` blocks name only run-wide variables ($now, $workflow…), their members and literals.
 * Anything else counts as per item: a name that reads an item ($json, $input, $('Node'),
 * $itemIndex…), and any other function (`Math.random()`, `Date.now()`), since it may differ per call.
 */
export function readsNoItem(raw: unknown): boolean {
	if (typeof raw === 'object' && raw !== null) return Object.values(raw).every(readsNoItem);
	if (typeof raw !== 'string' || !raw.startsWith('=')) return true;
	return [...raw.matchAll(/\{\{([\s\S]*?)\}\}/g)].every((block) => blockReadsNoItem(block[1]));
}

/**
 * Reads parameter `name` per item: compiled when possible; evaluated once when it reads no item
 * (`$now`, `$workflow`…); otherwise by n8n's evaluator, item by item.
 */
export function itemReader(ctx: IExecuteFunctions, name: string, fallback?: unknown): ItemReader {
	// One reader per parameter per run, however often it is asked for (per item, per batch): what it
	// reads once for the whole run is then read once.
	let readers = readersOfRun.get(ctx);
	if (!readers) readersOfRun.set(ctx, (readers = new Map()));
	const key = fallback === undefined ? name : `${name}\u0000${JSON.stringify(fallback)}`;
	let reader = readers.get(key);
	if (!reader) readers.set(key, (reader = newItemReader(ctx, name, fallback)));
	return reader;
}

/** The readers of each node run (its execute context). */
const readersOfRun = new WeakMap<IExecuteFunctions, Map<string, ItemReader>>();

function newItemReader(ctx: IExecuteFunctions, name: string, fallback?: unknown): ItemReader {
	const raw = ctx.getNode().parameters[name];
	const compiled = compileReader(ctx, raw);
	if (compiled) {
		return (itemIndex, item) => {
			const value = compiled(itemIndex, item);
			return value === UNREAD ? ctx.getNodeParameter(name, itemIndex, fallback) : value;
		};
	}
	if (readsNoItem(raw)) {
		const value = ctx.getNodeParameter(name, 0, fallback);
		return () => value;
	}
	return (itemIndex) => ctx.getNodeParameter(name, itemIndex, fallback);
}

export type PairsReader = (itemIndex: number, item: INodeExecutionData) => Array<Record<string, unknown>>;

/**
 * Reads a fixedCollection group (rows of sub-fields, e.g. key/value pairs) per item: compiled when
 * every sub-field of every row allows it, otherwise the whole group through n8n's evaluator.
 */
export function pairsReader(ctx: IExecuteFunctions, collection: string, group: string): PairsReader {
	const raw = (ctx.getNode().parameters[collection] as IDataObject | undefined)?.[group];
	const rows = Array.isArray(raw) ? (raw as IDataObject[]) : [];
	const compiled = rows.map((row) => Object.entries(row ?? {}).map(([name, value]) => ({ name, read: compileReader(ctx, value) })));
	const evaluated = (itemIndex: number) => ctx.getNodeParameter(`${collection}.${group}`, itemIndex, []) as Array<Record<string, unknown>>;
	if (compiled.every((fields) => fields.every((field) => field.read))) {
		return (itemIndex, item) => {
			const rows: Array<Record<string, unknown>> = [];
			for (const fields of compiled) {
				const row: Record<string, unknown> = {};
				for (const field of fields) {
					const value = field.read!(itemIndex, item);
					if (value === UNREAD) return evaluated(itemIndex);
					row[field.name] = value;
				}
				rows.push(row);
			}
			return rows;
		};
	}
	return evaluated;
}
