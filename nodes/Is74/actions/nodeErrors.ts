/** Turns the pure modules' errors into n8n errors that name the item, the field and the fix. */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Is74InputError } from '../helpers/inputError';

/** Executions and polls alike: all these helpers need is the node. */
interface NodeContext {
	getNode(): INode;
}

/** `itemIndex` is undefined for a trigger's poll, which has no input items. */
export function toNodeError(ctx: NodeContext, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Is74InputError) {
		const located = itemIndex === undefined ? error : error.atItem(itemIndex);
		return new NodeOperationError(ctx.getNode(), `Invalid ${located.field}: ${located.problem}`, {
			itemIndex: located.itemIndex,
			description: located.description,
		});
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

/** The json of the error item that "Continue (using error output)" / continueOnFail produces. */
export function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
	};
}
