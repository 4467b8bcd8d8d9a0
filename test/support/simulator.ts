/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake credentials for the local simulator */
/** Fixtures for integration tests: credentials and a simulator per suite (node parameters: harness/workflowNodes). */

import { startSimulator, type Is74Simulator, type SimulatorOptions } from '../../simulator/server';
import { FUTURE_DATE } from '../../harness/workflowNodes';

export const TOKEN = 'tok-9f8e7d6c5b4a';
export const LOGIN = { login: 'operator@example.ru', password: 'P@ss-w0rd-7731' };

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
