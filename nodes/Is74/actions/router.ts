/**
 * From a node's resource and operation to the operation, and the one item loop of every action node:
 * an operation prepares its work from all items first, and the router runs it. Failures become n8n
 * errors, or error items under "Continue On Fail", here and nowhere else.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData, NodeExecutionHint } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { continuesAfterFailure, errorJson, runsAsTool, toNodeError } from '../helpers/nodeErrors';

/** One piece of an operation's work: the items it answers for, and how to do it or why it cannot be done. */
export interface WorkUnit {
	itemIndexes: number[];
	/** Found while preparing, before anything was sent: the unit cannot run. */
	problem?: unknown;
	/** Does the work; each json becomes an output item paired with `itemIndexes`. */
	run?: () => Promise<IDataObject[]>;
	/** What the unit stands for, known before it runs: the hints read it when the run fails (Continue On Fail). */
	planned?: IDataObject;
}

export interface Operation {
	/** True when an output item may stand for several input items: then it is always paired with a list. */
	readonly pairsSeveralItems?: boolean;
	/** Reads and checks every item, sending nothing, and says what is to be done. */
	prepare(this: IExecuteFunctions, items: INodeExecutionData[]): WorkUnit[] | Promise<WorkUnit[]>;
	/**
	 * What the person in the editor must not miss: `outputs` made (error items left out), and `failed`,
	 * the `planned` of each unit whose run failed under Continue On Fail.
	 */
	hints?(outputs: IDataObject[], failed: IDataObject[]): Array<Pick<NodeExecutionHint, 'message' | 'type'>>;
}

export type OperationTable = Record<string, Record<string, Operation>>;

export async function routeOperation(ctx: IExecuteFunctions, table: OperationTable): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = table[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await runOperation(ctx, ctx.getInputData(), handler)];
}

/**
 * Prepares every unit, then runs them in order. Nothing runs while a unit could not be prepared,
 * unless "Continue On Fail" turns such units into error items: a bad item 7 never lets items 0 to 6
 * create campaigns first.
 */
export async function runOperation(ctx: IExecuteFunctions, items: INodeExecutionData[], operation: Operation): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	let units: WorkUnit[];
	try {
		units = await operation.prepare.call(ctx, items);
	} catch (error) {
		// A problem of the whole run: it answers for every item.
		units = [{ itemIndexes: items.map((_, index) => index), problem: error }];
	}
	// A tool's failure is its answer to the agent, which goes on and can tell the user why: n8n 1.x would
	// fail the whole execution on a thrown error (2.x hands the model the message alone).
	const continueOnFail = continuesAfterFailure(ctx);
	if (!continueOnFail) {
		const failed = units.find((unit) => unit.problem !== undefined);
		if (failed) throw toNodeError(ctx, failed.problem, failed.itemIndexes[0]);
	}
	const out: INodeExecutionData[] = [];
	const made: IDataObject[] = [];
	const failed: IDataObject[] = [];
	for (const unit of units) {
		// One pairing shared by the unit's output items: a million-row report makes one, not a million.
		const pairedItem: IPairedItemData | IPairedItemData[] =
			unit.itemIndexes.length === 1 && !operation.pairsSeveralItems ? { item: unit.itemIndexes[0] } : unit.itemIndexes.map((item) => ({ item }));
		try {
			if (unit.problem !== undefined || !unit.run) throw unit.problem;
			for (const json of await unit.run()) {
				out.push({ json, pairedItem });
				made.push(json);
			}
		} catch (error) {
			const nodeError = toNodeError(ctx, error, unit.itemIndexes[0]);
			if (!continueOnFail) throw nodeError;
			out.push({ json: errorJson(nodeError), pairedItem });
			if (unit.planned) failed.push(unit.planned);
		}
	}
	showHints(ctx, operation.hints?.(made, failed) ?? []);
	return out;
}

/**
 * Shown above the output in the editor. Not in tool use: the model reads the output, and nobody
 * looks at a tool's panel. Feature-detected, as n8n's own nodes do: a context without it (an older or
 * a stripped-down one) just shows nothing.
 */
function showHints(ctx: IExecuteFunctions, hints: Array<Pick<NodeExecutionHint, 'message' | 'type'>>): void {
	if (hints.length === 0 || runsAsTool(ctx) || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints(...hints.map((hint): NodeExecutionHint => ({ ...hint, location: 'outputPane' })));
}
