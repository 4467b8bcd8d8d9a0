import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as campaign from './actions/campaign';
import { routeOperation } from './actions/router';
import { CREDENTIAL_TYPE } from './transport/context';

export class Is74Campaign implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IS74 Campaign',
		name: 'is74Campaign',
		icon: { light: 'file:is74.svg', dark: 'file:is74.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create outbound call campaigns on the IS74 AI Assistant voice platform',
		documentationUrl: 'https://github.com/is74/n8n-nodes-is74#is74-campaign',
		defaults: { name: 'IS74 Campaign' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Campaign', value: 'campaign' }],
				default: 'campaign',
			},
			...campaign.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, { campaign: { create: campaign.create } });
	}
}
