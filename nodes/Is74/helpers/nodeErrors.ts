/** Turns the pure modules' errors into n8n errors that name the item, the field and the fix. */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Is74InputError } from '../domain/inputError';

/**
 * A problem found while preparing, and the item it belongs to (undefined: the whole run, no item).
 * Operations throw it; the router alone turns it into the node error.
 */
export class ItemProblem {
	constructor(
		readonly problem: unknown,
		readonly itemIndex: number | undefined,
	) {}
}

/** `problem` belongs to item `itemIndex` (an error that names an item already keeps it). */
export const atItem = (problem: unknown, itemIndex: number): ItemProblem => new ItemProblem(problem, itemIndex);

/** `problem` belongs to the whole run: its error names no item. */
export const ofTheRun = (problem: unknown): ItemProblem => new ItemProblem(problem, undefined);

/** Executions and polls alike: all these helpers need is the node. */
interface NodeContext {
	getNode(): INode;
}

/**
 * `itemIndex` is undefined for a trigger's poll, which has no input items. n8n hands a model that
 * called the node as a tool only the error's message, never its description: there the fix joins
 * the message, so an agent can say why and what would work.
 */
export function toNodeError(ctx: NodeContext, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof ItemProblem) return toNodeError(ctx, error.problem, error.itemIndex);
	const forModel = runsAsTool(ctx);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (forModel && error.description && !toldTheModel.has(error)) {
			error.message = `${sentence(error.message)} ${error.description}`;
			toldTheModel.add(error);
		}
		return error;
	}
	if (error instanceof Is74InputError) {
		const located = itemIndex === undefined ? error : error.atItem(itemIndex);
		const message = `Invalid ${located.field}: ${located.problem}`;
		const nodeError = new NodeOperationError(ctx.getNode(), forModel ? `${sentence(message)} ${located.hint}` : message, {
			itemIndex: located.itemIndex,
			description: located.description,
		});
		if (forModel) toldTheModel.add(nodeError);
		return nodeError;
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

/** The node is an AI agent's tool: n8n names the tool variant of a node type "<name>Tool". */
export function runsAsTool(ctx: NodeContext): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** Errors whose message already carries the fix (an error may pass through here more than once). */
const toldTheModel = new WeakSet<Error>();

/**
 * Whether the item loop goes on to the next unit after one fails: with Continue On Fail, and as a
 * tool (a failure is the answer to the agent).
 */
export function continuesAfterFailure(ctx: NodeContext & { continueOnFail(): boolean }): boolean {
	return ctx.continueOnFail() || runsAsTool(ctx);
}

/** Adds `text` to what an error says: its description, and its message where that already carries the description (for a model). */
export function addToDescription(error: NodeApiError | NodeOperationError, text: string): void {
	if (text === '') return;
	error.description = `${error.description ?? ''} ${text}`.trim();
	if (toldTheModel.has(error)) error.message = `${sentence(error.message)} ${text}`;
}

/** `text` ending with one full stop. */
const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The json of the error item that "Continue (using error output)" / continueOnFail produces. */
export function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	return {
		error: error.message,
		...(error.description && !toldTheModel.has(error) ? { description: error.description } : {}),
		...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
	};
}
