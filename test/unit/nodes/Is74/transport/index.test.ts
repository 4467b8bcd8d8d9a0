import type { INode } from 'n8n-workflow';

import { is74Request } from '../../../../../nodes/Is74/transport';
import type { RequestContext } from '../../../../../nodes/Is74/transport/context';
import { failureFacts } from '../../../../../nodes/Is74/transport/failures';

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

describe('a deadline for the whole request, retries and their waits included (issue 25: a poll budget)', () => {
	const request = { method: 'POST' as const, path: '/api/analytics/report', body: {}, itemIndex: 0, purpose: 'poll the results of campaign 7' };
	const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	test('a deadline already passed: nothing is sent, and the failure says it ran out of time', async () => {
		const { ctx, sent } = failingContext(reset());
		const failure = await is74Request(ctx, request, 'read', { timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 1, deadlineAt: Date.now() - 1 }).catch((error: Error) => error);
		expect(sent).toHaveLength(0);
		expect(failureFacts(failure)).toMatchObject({ outOfTime: true, mayHaveActed: true });
	});
	test('a retry whose wait would pass the deadline is not made', async () => {
		const { ctx, sent } = failingContext(reset());
		const failure = await is74Request(ctx, request, 'read', { timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 30_000, deadlineAt: Date.now() + 5_000 }).catch((error: Error) => error);
		expect(sent).toHaveLength(1);
		expect(failureFacts(failure)?.outOfTime).toBe(true);
	});
	test('each attempt is given no more than the time left', async () => {
		const { ctx, sent } = failingContext(reset());
		await is74Request(ctx, request, 'read', { timeoutMs: 60_000, maxRetries: 0, initialDelayMs: 1, deadlineAt: Date.now() + 5_000 }).catch(() => undefined);
		const timeout = (sent[0] as { timeout: number }).timeout;
		expect(timeout).toBeLessThanOrEqual(5_000);
		expect(timeout).toBeGreaterThan(0);
	});
	test("with a deadline, an attempt its own Timeout ended is slowness too: out of time, in our words", async () => {
		const timeout = () => Object.assign(new Error('timeout of 1000ms exceeded'), { code: 'ETIMEDOUT' });
		const { ctx } = failingContext(timeout());
		const failure = await is74Request(ctx, request, 'read', { timeoutMs: 1_000, maxRetries: 0, initialDelayMs: 1, deadlineAt: Date.now() + 60_000 }).catch((error: Error) => error);
		expect(failureFacts(failure)).toMatchObject({ outOfTime: true, outOfTimeCause: 'no complete answer in time' });
		const without = failingContext(timeout());
		const plain = await is74Request(without.ctx, request, 'read', { timeoutMs: 1_000, maxRetries: 0, initialDelayMs: 1 }).catch((error: Error) => error);
		expect(failureFacts(plain)?.outOfTime).toBeUndefined();
	});
	test('without a deadline, retries go on as before and the failure is not out of time', async () => {
		const { ctx, sent } = failingContext(reset());
		const failure = await is74Request(ctx, request, 'read', { timeoutMs: 60_000, maxRetries: 2, initialDelayMs: 1 }).catch((error: Error) => error);
		expect(sent).toHaveLength(3);
		expect((sent[0] as { timeout: number }).timeout).toBe(60_000);
		expect(failureFacts(failure)?.outOfTime).toBeUndefined();
	});
});

describe("n8n's Engine 2.0 refuses the credential (n8n 2.41: no credential type with an expirable property)", () => {
	// What n8n 2.41.1's engine throws from preAuthentication, before any request (modules/engine-v2/remote-credentials-helper.js), as n8n-core wraps it.
	const refusal = new Error('Engine 2.0 does not support credentials with an expirable property yet (credential type "is74Api")');
	const wrapped = Object.assign(new Error(refusal.message), { cause: refusal, messages: [refusal.message] });
	test.each(['createOnce', 'read'] as const)('%s: one attempt, a clear error that names the engine setting, nothing created', async (policy) => {
		const { ctx, sent } = failingContext(wrapped);
		const request = { method: 'POST' as const, path: '/api/campaigns', body: {}, itemIndex: 0, purpose: 'create the campaign "Survey"' };
		const failure = (await is74Request(ctx, request, policy, { timeoutMs: 1000, maxRetries: 3, initialDelayMs: 1 }).catch((error: Error) => error)) as Error & { description?: string };
		expect(sent).toHaveLength(1);
		expect(failure.message).toBe(
			"n8n's Engine 2.0 cannot use the IS74 credential yet: it refuses credentials whose session token expires (both the access token and the login-and-password modes). Set this workflow's Settings → engine back to the default.",
		);
		expect(failure.description).toContain('the API did not act');
		expect(failureFacts(failure)?.mayHaveActed).toBe(false);
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
