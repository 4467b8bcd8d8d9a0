import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { runOperation, type Operation } from '../../../../../nodes/Is74/actions/router';

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

	test('none in tool use', async () => {
		const added: NodeExecutionHint[] = [];
		await runOperation(context('n8n-nodes-is74.is74CampaignTool', added), [{ json: {} }], operation);
		expect(added).toEqual([]);
	});
});
