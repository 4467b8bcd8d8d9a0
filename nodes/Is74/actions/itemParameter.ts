/**
 * Reading a per-item parameter for 100,000 items through n8n's expression engine costs tens of
 * microseconds per call. The parameters users write here are nearly always a constant or a plain
 * `{{ $json.field }}` path, so those are compiled once into a direct read of the item; everything
 * else still goes through getNodeParameter, item by item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

export type ItemReader = (itemIndex: number, item: INodeExecutionData) => unknown;

/** Path segments of `={{ $json.a.b }}` / `={{ $json["a b"] }}` / `={{ $json.list[0] }}`, else undefined. */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = /^=\{\{\s*\$json((?:\s*(?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\]))+)\s*\}\}$/.exec(raw);
	if (!match) return undefined;
	const segments: string[] = [];
	const part = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;
	for (let found = part.exec(match[1]); found; found = part.exec(match[1])) {
		segments.push(found[1] ?? found[2] ?? found[3] ?? found[4]);
	}
	return segments.length > 0 && segments.every((segment) => segment !== '__proto__' && segment !== 'constructor' && segment !== 'prototype') ? segments : undefined;
}

function readPath(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const segment of path) {
		if (value === null || value === undefined) return undefined;
		if (typeof value !== 'object') return undefined;
		value = Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
	}
	return value;
}

/** A compiled reader for one raw parameter value, or undefined when n8n must evaluate it. */
export function compileValue(raw: unknown): ((json: IDataObject) => unknown) | undefined {
	if (typeof raw === 'number' || typeof raw === 'boolean') return () => raw;
	if (typeof raw === 'string' && !raw.startsWith('=')) return () => raw;
	const path = jsonPathOf(raw);
	return path ? (json) => readPath(json, path) : undefined;
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
	const raw = ctx.getNode().parameters[name];
	const compiled = compileValue(raw);
	if (compiled) return (_itemIndex, item) => compiled(item.json);
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
	const compiled = rows.map((row) => Object.entries(row ?? {}).map(([name, value]) => ({ name, read: compileValue(value) })));
	if (compiled.every((fields) => fields.every((field) => field.read))) {
		return (_itemIndex, item) =>
			compiled.map((fields) => {
				const row: Record<string, unknown> = {};
				for (const field of fields) row[field.name] = field.read!(item.json);
				return row;
			});
	}
	return (itemIndex) => ctx.getNodeParameter(`${collection}.${group}`, itemIndex, []) as Array<Record<string, unknown>>;
}
