import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorJson, toNodeError } from '../../../../../nodes/Is74/helpers/nodeErrors';
import { Is74InputError } from '../../../../../nodes/Is74/domain/inputError';

const nodeOfType = (type: string): INode => ({ id: '1', name: 'IS74 Campaign', type, typeVersion: 1, position: [0, 0], parameters: {} });
const regular = { getNode: () => nodeOfType('n8n-nodes-is74.is74Campaign') };
const tool = { getNode: () => nodeOfType('n8n-nodes-is74.is74CampaignTool') };
const badPhone = new Is74InputError('Phone (phones[].phone)', '+12025550123', 'is not in the allowed phone prefixes +7', 'Add its prefix, or remove the number.');

describe('toNodeError', () => {
	test('an input error names the item, the field and the value in the description, the problem in the message', () => {
		const error = toNodeError(regular, badPhone, 3);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Invalid Phone (phones[].phone): is not in the allowed phone prefixes +7');
		expect(error.description).toBe('Item 3, field "Phone (phones[].phone)", value "+12025550123". Add its prefix, or remove the number.');
		expect(errorJson(error)).toEqual({ error: error.message, description: error.description });
	});

	test('a model sees only the message, so on a tool the fix joins it', () => {
		const error = toNodeError(tool, badPhone, 0);
		expect(error.message).toBe('Invalid Phone (phones[].phone): is not in the allowed phone prefixes +7. Add its prefix, or remove the number.');
		// Passing through again (the router converts once more when it rethrows) adds nothing.
		expect(toNodeError(tool, error, 0).message).toBe(error.message);
	});

	test("on a tool an API error's description joins its message once; on the regular node it stays apart", () => {
		const apiError = () => new NodeApiError(nodeOfType('x'), { message: 'timeout' }, { message: 'The request timed out after it was sent', description: 'The campaign may exist: check IS74 before running again.' });
		expect(toNodeError(regular, apiError()).message).toBe('The request timed out after it was sent');
		const forModel = toNodeError(tool, apiError());
		expect(forModel.message).toBe('The request timed out after it was sent. The campaign may exist: check IS74 before running again.');
		expect(toNodeError(tool, forModel).message).toBe(forModel.message);
	});
});
