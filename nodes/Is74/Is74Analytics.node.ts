import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeOperation } from './actions/router';
import { CREDENTIAL_TYPE } from './transport/context';
import * as report from './actions/report';
import { getReportColumns } from './methods/loadOptions';

export class Is74Analytics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IS74 Analytics',
		name: 'is74Analytics',
		icon: { light: 'file:is74.svg', dark: 'file:is74.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get the dialog results of IS74 AI Assistant call campaigns as rows or summaries',
		documentationUrl: 'https://github.com/is74/n8n-nodes-is74#is74-analytics',
		defaults: { name: 'IS74 Analytics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			// Present, so n8n adds no automatic description of its own: this is what an AI agent reads.
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default:
					'Gets the results of one IS74 AI Assistant call campaign: the number of dialogs, their total and average duration in seconds, and the first dialog rows (phone number, call time, status, the scenario data). Returns one JSON object with count, totalDurationSeconds, averageDurationSeconds, rows, and rowsLeftOut: the rows not shown.',
				displayOptions: { show: { '@tool': [true] } },
				description: 'What the AI agent is told this tool does and returns',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Report', value: 'report' }],
				default: 'report',
			},
			...report.description,
		],
	};

	methods = { loadOptions: { getReportColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, { report: { get: report.get } });
	}
}
