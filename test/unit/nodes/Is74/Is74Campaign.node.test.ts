/**
 * The Campaign node as n8n offers it to AI agents: n8n copies the node, appends "Tool" to its type
 * name (so `@tool` display options are true) and, because the node has its own `toolDescription`,
 * adds no "Description Type" of its own. Parameter defaults are resolved the way n8n loads a workflow.
 */
import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import { REAL_CALLS_NOTICE, TOOL_DESCRIPTION } from '../../../../nodes/Is74/actions/campaign/create.operation';
import { Is74Campaign } from '../../../../nodes/Is74/Is74Campaign.node';

function resolved(asTool: boolean): Record<string, unknown> {
	const base = new Is74Campaign().description;
	const description: INodeTypeDescription = asTool ? { ...base, name: `${base.name}Tool` } : base;
	const node: INode = { id: '1', name: 'IS74 Campaign', type: `n8n-nodes-is74.${description.name}`, typeVersion: 1, position: [0, 0], parameters: {} };
	return NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) as Record<string, unknown>;
}

describe('tool variant', () => {
	test('its description is the node\'s own, and says it calls real people, the phone format, the schedule rules and what it returns', () => {
		const parameters = resolved(true);
		expect(parameters.toolDescription).toBe(TOOL_DESCRIPTION);
		const tool = { parameters } as unknown as INode;
		expect(NodeHelpers.getToolDescriptionForNode(tool, { description: new Is74Campaign().description } as never)).toBe(TOOL_DESCRIPTION);
		for (const part of ['REAL phone calls', '+7XXXXXXXXXX', 'commas, semicolons or new lines', 'JSON array', 'YYYY-MM-DD', '1 to 5 attempts', 'campaignId', 'Dry Run', 'A refusal explains why']) {
			expect(TOOL_DESCRIPTION).toContain(part);
		}
		expect(TOOL_DESCRIPTION.length).toBeLessThan(1100);
	});

	test('the node defines toolDescription itself, so n8n adds no "Description Type" / automatic description', () => {
		expect(new Is74Campaign().description.properties.filter((property) => property.name === 'toolDescription')).toHaveLength(1);
	});

	test('guard rails default on: +7 only, 50 recipients per call, duplicate protection', () => {
		expect(resolved(true).guardRails).toEqual({ allowedPrefixes: '+7', maxRecipientsPerExecution: 50, duplicateProtection: true });
	});
});

describe('regular node', () => {
	test('no tool description, and every guard rail off unless changed (existing workflows keep their behaviour)', () => {
		const parameters = resolved(false);
		expect(parameters).not.toHaveProperty('toolDescription');
		// Not {}: n8n turns Guard Rails given as one expression into {}, which is refused.
		expect(parameters.guardRails).toEqual({ allowedPrefixes: '', maxRecipientsPerExecution: 0, duplicateProtection: false });
	});
});

describe('Options, in both variants', () => {
	test.each([[false], [true]])('default to Dry Run (off), not {} (as a tool: %s): n8n turns Options given as one expression into {}, which is refused', (asTool) => {
		expect(resolved(asTool).options).toEqual({ dryRun: false });
	});
});

describe('the real-calls notice', () => {
	test('is the first Create parameter, in both variants: real calls, Dry Run, Guard Rails', () => {
		const properties = new Is74Campaign().description.properties.filter((property) => property.displayOptions?.show?.operation?.includes('create'));
		expect(properties[0]).toEqual({ displayName: REAL_CALLS_NOTICE, name: 'realCallsNotice', type: 'notice', default: '', displayOptions: { show: { resource: ['campaign'], operation: ['create'] } } });
		for (const part of ['places real phone calls', 'Options → Dry Run', 'nothing is sent', 'Guard Rails']) expect(REAL_CALLS_NOTICE).toContain(part);
	});
});
