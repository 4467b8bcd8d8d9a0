/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the node sources to hold the labels they write to the editor's */
/**
 * The Campaign node as n8n offers it to AI agents: n8n copies the node, appends "Tool" to its type
 * name (so `@tool` display options are true) and, because the node has its own `toolDescription`,
 * adds no "Description Type" of its own. Parameter defaults are resolved the way n8n loads a workflow.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { NodeHelpers, type INode, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { REAL_CALLS_NOTICE, TOOL_DESCRIPTION } from '../../../../nodes/Is74/actions/campaign/create.operation';
import { Is74Campaign } from '../../../../nodes/Is74/Is74Campaign.node';
import { Is74Analytics } from '../../../../nodes/Is74/Is74Analytics.node';
import { Is74Trigger } from '../../../../nodes/Is74/Is74Trigger.node';
import { FIELD } from '../../../../nodes/Is74/domain/campaignSettings';
import { GUARD_FIELD } from '../../../../nodes/Is74/domain/guardRails';
import { REPORT_FIELD } from '../../../../nodes/Is74/domain/reportRequest';
import { EMPTY_VALUES_FIELD } from '../../../../nodes/Is74/domain/scenarioData';

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

/**
 * The labels errors name a field by are the editor's: a parameter's display name, or a collection's
 * and its option's ("Options → Dry Run"), with the API field in brackets where one is added. Held here
 * for every label constant and every label written into the sources, so a renamed parameter cannot
 * leave an error naming a field the person cannot find.
 */
describe('labels in errors are the editor’s', () => {
	/** Every label a person sees in a node's panel: parameters, and collection → option. */
	function editorLabels(properties: INodeProperties[]): Set<string> {
		const labels = new Set<string>();
		for (const property of properties) {
			labels.add(property.displayName);
			for (const option of (property.options ?? []) as Array<{ displayName?: string; values?: INodeProperties[] }>) {
				if (option.displayName === undefined) continue;
				labels.add(`${property.displayName} → ${option.displayName}`);
				for (const value of option.values ?? []) labels.add(`${property.displayName} → ${value.displayName}`);
			}
		}
		return labels;
	}
	const campaign = editorLabels(new Is74Campaign().description.properties);
	const analytics = editorLabels([...new Is74Analytics().description.properties, ...new Is74Trigger().description.properties]);
	/** The label as the panel shows it: without the API field in brackets, and without a key after "→ \"…\"". */
	const shown = (label: string) => label.replace(/ → ".*"$/, '').replace(/ \((?:path )?[a-z_]+(?:\[\])?(?:\.[a-z_]+)*\)$/, '');
	const known = (labels: Set<string>, label: string) => labels.has(shown(label)) || labels.has(`Options → ${shown(label)}`);

	test('the label constants of the domain', () => {
		const campaignLabels = [...Object.values(FIELD), ...Object.values(GUARD_FIELD), EMPTY_VALUES_FIELD];
		expect(campaignLabels.filter((label) => !known(campaign, label))).toEqual([]);
		expect(Object.values(REPORT_FIELD).filter((label) => !known(analytics, label))).toEqual([]);
	});

	test('the labels written into the sources (field: …, label: …, and "Options → …" / "Guard Rails → …" texts)', () => {
		const root = resolve(__dirname, '../../../../nodes/Is74');
		const sources = ['actions', 'actions/campaign', 'actions/report', 'descriptions', 'domain', 'helpers', 'transport'].flatMap((folder) =>
			readdirSync(resolve(root, folder))
				.filter((name) => name.endsWith('.ts'))
				.map((name) => `${folder}/${name}`),
		);
		const written = sources.flatMap((file) => {
			const text = readFileSync(resolve(root, file), 'utf8');
			// A label in a text: the collection, then the option's capitalised words ("per" and "(Seconds)" included).
			return [...text.matchAll(/(?:field|label): '([^'$]+)'|((?:Options|Guard Rails) → [A-Z][\w-]*(?: (?:[A-Z][\w-]*|\([A-Z][a-z]+\)|per))*)/g)].map((match) => match[1] ?? match[2]);
		});
		expect(written.length).toBeGreaterThan(10);
		expect([...new Set(written)].filter((label) => !known(campaign, label) && !known(analytics, label))).toEqual([]);
	});

	test('the check bites: a label the panel does not show is named', () => {
		expect(known(campaign, 'Options → Dry Run')).toBe(true);
		expect(known(campaign, 'Attempts (schedule.attempts)')).toBe(true);
		expect(known(campaign, 'Options → Dry-Run')).toBe(false);
		expect(known(campaign, 'Max Recipients per Run')).toBe(false);
	});
});
