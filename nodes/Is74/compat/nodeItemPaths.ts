/**
 * `{{ $('Node').first().json.field }}` (or `.last()`, `.item`), read from that node's output through
 * n8n's workflow data proxy, outside the expression engine, for n8n 1.123 (the 1.x line): its
 * default ("vm") engine copies the item into its sandbox, cannot copy a Code node's items, and makes
 * the whole expression empty. The proxy is what the engine itself reads, so every n8n gives the same
 * value. A path the reader leaves to n8n (UNREAD: a step into text, an inherited name) still meets
 * that engine on 1.123.
 *
 * Once the minimum n8n is 2.0 (its engine reads such items): delete this file (and its test) and its
 * call in helpers/itemParameter.ts's compileReader. Such expressions are then evaluated by n8n item
 * by item; if that is too slow, teach readsNoItem that `$('…').first()` / `.last()` read no item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemReader } from '../helpers/itemParameter';
import { PATH, pathSegments, readPath } from '../domain/expressionPath';

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

/** The item `$('Node')…` names, as n8n's own data proxy gives it to expressions. */
function nodeItem(ctx: IExecuteFunctions, { node, pick }: NodeItemPath, itemIndex: number): INodeExecutionData | undefined {
	const selected = ctx.getWorkflowDataProxy(itemIndex).$(node) as { first(): INodeExecutionData; last(): INodeExecutionData; item: INodeExecutionData };
	return pick === 'item' ? selected.item : selected[pick]();
}

/**
 * A reader for `={{ $('Node')….json<path> }}`, or undefined for any other value: read once for
 * `first()`/`last()`, per item for `.item`. It returns UNREAD when n8n must evaluate an item's value.
 */
export function compileNodeItemReader(ctx: IExecuteFunctions, raw: unknown): ItemReader | undefined {
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
