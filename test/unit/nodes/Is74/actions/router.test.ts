import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeExecutionHint, NodeOperationError } from 'n8n-workflow';

import { runOperation, type Operation, type WorkUnit } from '../../../../../nodes/Is74/actions/router';
import { Is74InputError } from '../../../../../nodes/Is74/domain/inputError';
import { atItem, ofTheRun } from '../../../../../nodes/Is74/helpers/nodeErrors';

/** Just what the router reads of n8n's context; `addExecutionHints` only when given. */
function context(type: string, added?: NodeExecutionHint[]): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'node', type }),
		continueOnFail: () => false,
		...(added ? { addExecutionHints: (...hints: NodeExecutionHint[]) => added.push(...hints) } : {}),
	} as unknown as IExecuteFunctions;
}

const operation: Operation = {
	prepare: () => [{ itemIndexes: [0], run: async () => [{ made: 1 }] }],
	hints: (outputs) => [{ message: `${outputs.length} made`, type: 'info' }],
};

describe('execution hints', () => {
	test('go to the output pane', async () => {
		const added: NodeExecutionHint[] = [];
		await runOperation(context('n8n-nodes-is74.is74Campaign', added), [{ json: {} }], operation);
		expect(added).toEqual([{ message: '1 made', type: 'info', location: 'outputPane' }]);
	});

	test('a context without addExecutionHints runs as before, without hints', async () => {
		expect(await runOperation(context('n8n-nodes-is74.is74Campaign'), [{ json: {} }], operation)).toEqual([{ json: { made: 1 }, pairedItem: { item: 0 } }]);
	});

	test('a unit that failed under Continue On Fail: its planned facts reach the hints, beside the outputs made', async () => {
		const added: NodeExecutionHint[] = [];
		const ctx = { ...context('n8n-nodes-is74.is74Campaign', added), continueOnFail: () => true } as unknown as IExecuteFunctions;
		const seen: unknown[] = [];
		await runOperation(ctx, [{ json: {} }, { json: {} }], {
			prepare: () => [
				{ itemIndexes: [0], planned: { part: 1 }, run: async () => await Promise.reject(new Error('refused')) },
				{ itemIndexes: [1], planned: { part: 2 }, run: async () => [{ part: 2, made: true }] },
				{ itemIndexes: [1], problem: new Error('not prepared') },
			],
			hints: (outputs, failed) => {
				seen.push({ outputs, failed });
				return [];
			},
		});
		expect(seen).toEqual([{ outputs: [{ part: 2, made: true }], failed: [{ part: 1 }] }]);
	});

	test('none in tool use', async () => {
		const added: NodeExecutionHint[] = [];
		await runOperation(context('n8n-nodes-is74.is74CampaignTool', added), [{ json: {} }], operation);
		expect(added).toEqual([]);
	});
});

/** A context with Continue On Fail on or off. */
function runContext(continueOnFail: boolean, type = 'n8n-nodes-is74.is74Campaign'): IExecuteFunctions {
	return { getNode: () => ({ name: 'IS74 Campaign', type, typeVersion: 1, parameters: {} }), continueOnFail: () => continueOnFail } as unknown as IExecuteFunctions;
}

const items = (count: number): INodeExecutionData[] => Array.from({ length: count }, (_, index) => ({ json: { index } }));

/** What a call to runOperation did: the units run, in order, and the output or the error. */
async function outcome(ctx: IExecuteFunctions, input: INodeExecutionData[], units: (ran: string[]) => WorkUnit[], pairsSeveralItems = false) {
	const ran: string[] = [];
	const prepared: number[] = [];
	const operation: Operation = {
		pairsSeveralItems,
		prepare: (given) => {
			prepared.push(given.length);
			return units(ran);
		},
	};
	try {
		return { prepared, ran, output: await runOperation(ctx, input, operation) };
	} catch (error) {
		const nodeError = error as NodeOperationError;
		return { prepared, ran, error: { type: nodeError.constructor.name, message: nodeError.message, description: nodeError.description, itemIndex: nodeError.context?.itemIndex } };
	}
}

const runs = (name: string, ran: string[], json: IDataObject[] = [{ name }]) => async () => {
	ran.push(name);
	return json;
};

const fails = (name: string, ran: string[]) => async (): Promise<IDataObject[]> => {
	ran.push(name);
	throw new Error('connection reset');
};

describe('the router contract', () => {
	test('prepare gets every item once; units run in order; each output is paired with its unit’s item', async () => {
		expect(await outcome(runContext(false), items(3), (ran) => [0, 1, 2].map((item) => ({ itemIndexes: [item], run: runs(`unit ${item}`, ran) })))).toEqual({
			prepared: [3],
			ran: ['unit 0', 'unit 1', 'unit 2'],
			output: [
				{ json: { name: 'unit 0' }, pairedItem: { item: 0 } },
				{ json: { name: 'unit 1' }, pairedItem: { item: 1 } },
				{ json: { name: 'unit 2' }, pairedItem: { item: 2 } },
			],
		});
	});

	test('no input items: nothing is prepared or run', async () => {
		expect(await outcome(runContext(false), [], (ran) => [{ itemIndexes: [0], run: runs('unit', ran) }])).toEqual({ prepared: [], ran: [], output: [] });
	});

	test('nothing runs while a unit has a problem, even a unit before it; the error names the problem’s item', async () => {
		const problem = new Is74InputError('Phone (phones[].phone)', '12', 'is too short', 'Fix the number.');
		expect(await outcome(runContext(false), items(3), (ran) => [{ itemIndexes: [0], run: runs('unit 0', ran) }, { itemIndexes: [1], run: runs('unit 1', ran) }, { itemIndexes: [2], problem }])).toEqual({
			prepared: [3],
			ran: [],
			error: {
				type: 'NodeOperationError',
				message: 'Invalid Phone (phones[].phone): is too short',
				description: 'Item 2, field "Phone (phones[].phone)", value "12". Fix the number.',
				itemIndex: 2,
			},
		});
	});

	test('a problem of the whole run (prepare throws) answers for every item; located problems keep their item, or none', async () => {
		const problem = new Is74InputError('Options → Dry Run', 'yes', 'must be true or false', 'Pick on or off.');
		const thrown = (error: unknown) => () => {
			throw error;
		};
		const whole = await outcome(runContext(false), items(2), thrown(problem));
		expect(whole.error).toEqual({ type: 'NodeOperationError', message: 'Invalid Options → Dry Run: must be true or false', description: 'Item 0, field "Options → Dry Run", value "yes". Pick on or off.', itemIndex: 0 });
		expect((await outcome(runContext(false), items(2), thrown(atItem(problem, 1)))).error).toEqual({ ...whole.error, description: 'Item 1, field "Options → Dry Run", value "yes". Pick on or off.', itemIndex: 1 });
		expect((await outcome(runContext(false), items(2), thrown(ofTheRun(problem)))).error).toEqual({ ...whole.error, description: 'field "Options → Dry Run", value "yes". Pick on or off.', itemIndex: undefined });
		// Under Continue On Fail the whole-run problem is one error item paired with every item.
		expect((await outcome(runContext(true), items(2), thrown(ofTheRun(problem)))).output).toEqual([
			{ json: { error: 'Invalid Options → Dry Run: must be true or false', description: 'field "Options → Dry Run", value "yes". Pick on or off.' }, pairedItem: [{ item: 0 }, { item: 1 }] },
		]);
	});

	test('a failing run stops the units after it (nothing more is sent)', async () => {
		const result = await outcome(runContext(false), items(3), (ran) => [
			{ itemIndexes: [0], run: runs('unit 0', ran) },
			{ itemIndexes: [1], run: fails('unit 1', ran) },
			{ itemIndexes: [2], run: runs('unit 2', ran) },
		]);
		expect(result).toEqual({ prepared: [3], ran: ['unit 0', 'unit 1'], error: { type: 'NodeOperationError', message: 'connection reset', description: undefined, itemIndex: 1 } });
	});

	test('Continue On Fail: problems and failures become error items in place, paired with their items; the other units run', async () => {
		const problem = new Is74InputError('Phone (phones[].phone)', '12', 'is too short', 'Fix the number.');
		const result = await outcome(runContext(true), items(4), (ran) => [
			{ itemIndexes: [0], problem },
			{ itemIndexes: [1], run: runs('unit 1', ran) },
			{ itemIndexes: [2], run: fails('unit 2', ran) },
			{ itemIndexes: [3], run: runs('unit 3', ran) },
		]);
		expect(result).toEqual({
			prepared: [4],
			ran: ['unit 1', 'unit 2', 'unit 3'],
			output: [
				{ json: { error: 'Invalid Phone (phones[].phone): is too short', description: 'Item 0, field "Phone (phones[].phone)", value "12". Fix the number.' }, pairedItem: { item: 0 } },
				{ json: { name: 'unit 1' }, pairedItem: { item: 1 } },
				{ json: { error: 'connection reset' }, pairedItem: { item: 2 } },
				{ json: { name: 'unit 3' }, pairedItem: { item: 3 } },
			],
		});
	});

	test('an AI tool’s failure is its answer (as Continue On Fail), with the fix in the message', async () => {
		const problem = new Is74InputError('Phone (phones[].phone)', '12', 'is too short', 'Fix the number.');
		expect((await outcome(runContext(false, 'n8n-nodes-is74.is74CampaignTool'), items(1), () => [{ itemIndexes: [0], problem }])).output).toEqual([
			{ json: { error: 'Invalid Phone (phones[].phone): is too short. Fix the number.' }, pairedItem: { item: 0 } },
		]);
	});

	test('pairing: a unit of several items pairs each of its outputs with all of them; an operation whose outputs stand for several items always pairs with a list', async () => {
		const several = await outcome(runContext(false), items(3), (ran) => [{ itemIndexes: [0, 2], run: runs('campaign', ran, [{ batch: 1 }, { batch: 2 }]) }, { itemIndexes: [1], run: runs('other', ran) }]);
		expect(several.output).toEqual([
			{ json: { batch: 1 }, pairedItem: [{ item: 0 }, { item: 2 }] },
			{ json: { batch: 2 }, pairedItem: [{ item: 0 }, { item: 2 }] },
			{ json: { name: 'other' }, pairedItem: { item: 1 } },
		]);
		const listed = await outcome(runContext(false), items(1), (ran) => [{ itemIndexes: [0], run: runs('campaign', ran) }], true);
		expect(listed.output).toEqual([{ json: { name: 'campaign' }, pairedItem: [{ item: 0 }] }]);
	});
});
