import type { INode } from 'n8n-workflow';

import { is74Request } from '../../../../../nodes/Is74/transport';
import type { RequestContext } from '../../../../../nodes/Is74/transport/context';

/** A request context whose every request fails with `error`; it counts the requests. */
function failingContext(error: Error) {
	const sent: unknown[] = [];
	const node = { id: 'n', name: 'IS74 Campaign', type: 'n8n-nodes-is74.is74Campaign', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const ctx = {
		getNode: () => node,
		getCredentials: async () => ({ baseUrl: 'http://127.0.0.1:5690', authentication: 'accessToken', accessToken: 'token-123' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: unknown) => {
				sent.push(options);
				throw error;
			},
		},
	} as unknown as RequestContext;
	return { ctx, sent };
}

describe('a request address that is not a valid URL is configuration, never retried', () => {
	test.each([
		['createOnce', 'Nothing was sent'],
		['read', 'Nothing was sent'],
	] as const)('%s: one attempt, and the error says nothing was sent', async (policy, said) => {
		const { ctx, sent } = failingContext(Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }));
		const request = { method: 'POST' as const, path: '/api/campaigns', body: {}, itemIndex: 0, purpose: 'create the campaign "Survey"' };
		const failure = await is74Request(ctx, request, policy, { timeoutMs: 1000, maxRetries: 3, initialDelayMs: 1 }).catch((error: Error) => error);
		expect(sent).toHaveLength(1);
		expect(failure).toMatchObject({ message: 'IS74 API could not create the campaign "Survey": the request address is not a valid URL' });
		expect((failure as { description?: string }).description).toContain(said);
		expect((failure as { description?: string }).description).toContain('Check the Base URL of the credential');
	});
});

describe('a timeout advises what the deadline of that request is set by', () => {
	const request = { method: 'POST' as const, path: '/api/analytics/1/report', body: {}, itemIndex: 0, purpose: 'get the report' };
	const timedOut = () => failingContext(Object.assign(new Error('timeout of 20000ms exceeded'), { code: 'ECONNABORTED' })).ctx;

	test('set by an option: raise that option', async () => {
		const settings = { timeoutMs: 30_000, maxRetries: 0, initialDelayMs: 1, timeoutSetting: 'Options → Timeout (Seconds)' };
		const failure = await is74Request(timedOut(), request, 'read', settings).catch((error: Error) => error);
		expect((failure as { description?: string }).description).toBe(
			'No answer within the timeout of 30 s (it covers the whole request, up to the last byte of the answer). Raise Options → Timeout (Seconds) if the service is slow.',
		);
	});

	test('fixed (the editor\'s lists): no option is named, the deadline is said to be fixed', async () => {
		const failure = await is74Request(timedOut(), request, 'read', { timeoutMs: 20_000, maxRetries: 1, initialDelayMs: 1 }).catch((error: Error) => error);
		expect((failure as { description?: string }).description).toBe(
			'No answer within the timeout of 20 s after 2 attempts (it covers the whole request, up to the last byte of the answer). This deadline is fixed: try again when the service answers faster.',
		);
	});
});
