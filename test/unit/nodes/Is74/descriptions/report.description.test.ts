import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { Is74Analytics } from '../../../../../nodes/Is74/Is74Analytics.node';
import { Is74Trigger } from '../../../../../nodes/Is74/Is74Trigger.node';

/** The column Name field inside Columns → Column. */
function columnNameField(properties: INodeProperties[]): INodeProperties | undefined {
	const columns = properties.find((property) => property.name === 'columns');
	const column = (columns?.options as INodePropertyCollection[] | undefined)?.find((option) => option.name === 'column');
	return column?.values.find((value) => value.name === 'name');
}

/** What makes n8n's editor load the list, load it again when a field above changes, and keep any other name. */
const LIST = {
	typeOptions: { loadOptionsMethod: 'getReportColumns', loadOptionsDependsOn: ['projectId', 'scenarioId', 'startBlockId', 'campaignId'] },
	allowArbitraryValues: true,
};

describe('the column fields are lists loaded from the API', () => {
	test.each([
		['IS74 Analytics', new Is74Analytics()],
		['IS74 Trigger', new Is74Trigger()],
	])('%s: Columns → Name, stored as a text like the names typed before', (_, node) => {
		expect(columnNameField(node.description.properties)).toMatchObject({ type: 'options', default: '', ...LIST });
		expect(Object.keys(node.methods?.loadOptions ?? {})).toEqual(['getReportColumns']);
	});

	test('IS74 Trigger: version 1 keeps its typed list of fields; version 2 picks them from the list', () => {
		const trigger = new Is74Trigger();
		expect(trigger.description.version).toEqual([1, 2]);
		expect(trigger.description.defaultVersion).toBe(2);
		const fields = trigger.description.properties.filter((property) => property.name === 'dedupeFields');
		expect(fields.map((field) => [field.displayOptions?.show?.['@version'], field.type, field.default])).toEqual([
			[[1], 'string', 'phone_number, call_time'],
			[[2], 'multiOptions', ['phone_number', 'call_time']],
		]);
		expect(fields[1]).toMatchObject(LIST);
	});
});
