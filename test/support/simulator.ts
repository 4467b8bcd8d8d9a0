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

/**
 * Only Date is faked (the trigger's "now" and the simulator's clock read it): timers, ticks and
 * performance stay real, so HTTP and n8n's engine run as they do.
 */
export function fakeDateOnly(now: Date): void {
	jest.useFakeTimers({
		doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
		now,
	});
}

/** A campaign on `day`, window 09:00–`endTime` local (04:00 UTC on), with these contacts (and their scenario data). */
export function seedCampaignOn(simulator: Is74Simulator, day: string, phones: Array<{ phone: string; add_data?: Record<string, string> }>, endTime = '12:00', name = 'Polled'): number {
	return simulator.seedCampaign({
		campaign: {
			project_id: 1,
			name,
			start_block_id: 10,
			phone_id: 5,
			state: 'Создано',
			schedule: { date: day, start_time: '09:00', end_time: endTime, periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
		},
		phones,
	}).id;
}

/** A campaign on `day` for the trigger's tests, window 09:00–`endTime` local (04:00 UTC on): call i at 04:00 + 2i minutes. */
export function seedPolledCampaign(
	simulator: Is74Simulator,
	day: string,
	count: number,
	endTime = '12:00',
	phone = (index: number) => `+7912${String(index).padStart(6, '0')}`,
): number {
	return seedCampaignOn(simulator, day, Array.from({ length: count }, (_, index) => ({ phone: phone(index) })), endTime);
}
