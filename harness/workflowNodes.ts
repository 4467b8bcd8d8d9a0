/** The two action nodes with valid parameters, for workflows run by the tests and the benchmark. */
import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';

import { ANALYTICS_TYPE, CAMPAIGN_TYPE, DEFAULT_TIMEZONE, type NodeSpec } from './engine';

/** A date a week ahead in the test timezone, so the "date in the past" rule never trips. */
export const FUTURE_DATE = DateTime.now().setZone(DEFAULT_TIMEZONE).plus({ days: 7 }).toISODate() as string;

export function campaignNode(parameters: INode['parameters'] = {}, continueOnFail = false): NodeSpec {
	return {
		type: CAMPAIGN_TYPE,
		continueOnFail,
		parameters: {
			resource: 'campaign',
			operation: 'create',
			projectId: 1,
			startBlockId: 10,
			phoneId: 5,
			campaignName: 'Survey',
			campaignDescription: 'Customer satisfaction',
			date: FUTURE_DATE,
			startTime: '09:00',
			endTime: '17:00',
			attempts: 2,
			intervalMinutes: 5,
			recipientsMode: 'allItems',
			phone: '={{ $json.phone }}',
			scenarioDataMode: 'fields',
			scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] },
			...parameters,
		},
	};
}

export function analyticsNode(parameters: INode['parameters'] = {}, continueOnFail = false): NodeSpec {
	return {
		type: ANALYTICS_TYPE,
		continueOnFail,
		parameters: {
			resource: 'report',
			operation: 'get',
			projectId: 1,
			scenarioId: 951,
			startBlockId: 10,
			campaignId: 1001,
			period: 'custom',
			start: `${FUTURE_DATE}T00:00:00`,
			end: `${FUTURE_DATE}T23:59:59`,
			columnsMode: 'list',
			columns: {},
			output: 'rows',
			...parameters,
		},
	};
}

/** IS74 Trigger parameters for one campaign: three named columns, dialogs told apart by phone and call time. */
export function triggerParameters(campaignId: number, extra: Record<string, unknown> = {}): INode['parameters'] {
	return {
		projectId: 1,
		scenarioId: 951,
		startBlockId: 10,
		campaignId,
		columnsMode: 'list',
		columns: { column: [{ name: 'phone_number' }, { name: 'call_time' }, { name: 'status' }] },
		dedupeBy: 'fields',
		dedupeFields: 'phone_number, call_time',
		firstPoll: 'lookBack',
		lookBackHours: 2,
		...extra,
	} as INode['parameters'];
}
