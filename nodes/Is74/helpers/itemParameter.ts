/**
 * Reading a per-item parameter for 100,000 items through n8n's expression engine costs tens of
 * microseconds per call. The parameters users write here are nearly always a constant or a plain
 * `{{ $json.field }}` path, so those are compiled once into a direct read of the item; everything
 * else still goes through getNodeParameter, item by item. A compiled read that could come out
 * otherwise than n8n's (a step into text, an inherited name) hands that item to n8n too: the
 * property test in test/unit/…/itemParameter.test.ts holds the reader to n8n's own evaluation.
 *
 * `{{ $('Node').first().json.field }}` paths are read by compat/nodeItemPaths.ts (for n8n 1.123).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { compileNodeItemReader } from '../compat/nodeItemPaths';
import { PATH, UNREAD, pathSegments, readPath } from '../domain/expressionPath';

export type ItemReader = (itemIndex: number, item: INodeExecutionData) => unknown;

const JSON_PATH = new RegExp(String.raw`^=\{\{\s*\$json${PATH}\s*\}\}$`);

/** Path segments of `={{ $json.a.b }}` / `={{ $json["a b"] }}` / `={{ $json.list[0] }}`, else undefined. */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = JSON_PATH.exec(raw);
	const segments = match ? pathSegments(match[1]) : undefined;
	return segments && segments.length > 0 ? segments : undefined;
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

/**
 * A reader for one raw parameter value that needs no expression engine: a constant, a `$json` path,
 * or a path in another node's item (read once for `first()`/`last()`, per item for `.item`).
 * Undefined when n8n must evaluate it; the reader returns UNREAD when n8n must for that item.
 */
export function compileReader(ctx: IExecuteFunctions, raw: unknown): ItemReader | undefined {
	const compiled = compileValue(raw);
	if (compiled) return (_itemIndex, item) => compiled(item.json);
	return compileNodeItemReader(ctx, raw);
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
			// Sized up front: a list grown by push from empty reserves room for 17 rows, per item.
			const read = new Array<Record<string, unknown>>(compiled.length);
			for (let index = 0; index < compiled.length; index++) {
				const row: Record<string, unknown> = {};
				for (const field of compiled[index]) {
					const value = field.read!(itemIndex, item);
					// One value n8n must read: n8n reads the item's whole group, as without compiling.
					if (value === UNREAD) return evaluated(itemIndex);
					row[field.name] = value;
				}
				read[index] = row;
			}
			return read;
		};
	}
	return evaluated;
}
