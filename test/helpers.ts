/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake credentials for the local simulator */
/** Shared fixtures for integration tests: node parameters, credentials and a simulator per suite. */
import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';

import { startSimulator, type Is74Simulator, type SimulatorOptions } from '../simulator/server';
import { ANALYTICS_TYPE, CAMPAIGN_TYPE, DEFAULT_TIMEZONE, type NodeSpec } from './harness/n8nHarness';

export const TOKEN = 'tok-9f8e7d6c5b4a';
export const LOGIN = { login: 'operator@example.ru', password: 'P@ss-w0rd-7731' };

/** A date a week ahead in the test timezone, so the "date in the past" rule never trips. */
export const FUTURE_DATE = DateTime.now().setZone(DEFAULT_TIMEZONE).plus({ days: 7 }).toISODate() as string;

export function useSimulator(options: SimulatorOptions = {}): () => Is74Simulator {
	let simulator: Is74Simulator;
	beforeAll(async () => {
		simulator = await startSimulator({ staticTokens: [TOKEN], accounts: [LOGIN], ...options });
	});
	afterAll(async () => simulator.stop());
	beforeEach(() => simulator.reset());
	return () => simulator;
}

export function tokenCredential(simulator: Is74Simulator, extra: Record<string, string> = {}) {
	return { baseUrl: simulator.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '', ...extra };
}

export function loginCredential(simulator: Is74Simulator, extra: Record<string, string> = {}) {
	return { baseUrl: simulator.url, authentication: 'loginPassword', ...LOGIN, loginPath: '/api/login', sessionToken: '', ...extra };
}

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

export const SCHEDULE = {
	date: FUTURE_DATE,
	start_time: '09:00',
	end_time: '17:00',
	periods: { id: 1, title: 'Однократно' },
	attempts: { id: 2, title: '2' },
	interval: '5',
};

export const CAMPAIGN_HEADER = {
	project_id: 1,
	name: 'Survey',
	description: 'Customer satisfaction',
	start_block_id: 10,
	schedule: SCHEDULE,
	state: 'Создано',
	phone_id: 5,
};
