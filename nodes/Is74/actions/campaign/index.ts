import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a call campaign',
				description: 'Create an outbound call campaign for a list of phone numbers',
			},
		],
		default: 'create',
	},
	...create.description,
];
