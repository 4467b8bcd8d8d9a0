import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a campaign report',
				description: 'Get the dialog results of a call campaign, with chosen columns, filters and sorting',
			},
		],
		default: 'get',
	},
	...get.description,
];
