/**
 * n8n below 2.10 as far as HTTP statuses go: `ignoreHttpStatusErrors` is a yes/no there, so any value
 * that is set, `{ ignore: true, except: [401] }` included, means "never throw on a status" (n8n 1.x's
 * request helper: `if (ignoreHttpStatusErrors) validateStatus = () => true`). Inside a describe block,
 * every request n8n-core 2.41.1 makes (node requests, logins, the credential test) gets that meaning,
 * so the rest of the engine, the 401 re-login included, runs unchanged.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

type Requests = { request: (options: IHttpRequestOptions) => Promise<unknown> };

// The copy n8n-core itself loads (it has its own, nested under n8n-core).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OutboundHttp } = require(require.resolve('@n8n/backend-network', { paths: [require.resolve('n8n-core')] })) as {
	OutboundHttp: { prototype: { requests: (...args: unknown[]) => Requests } };
};

export function useStatusHandlingBefore2_10(): void {
	let spy: jest.SpyInstance | undefined;
	beforeAll(() => {
		const original = OutboundHttp.prototype.requests;
		spy = jest.spyOn(OutboundHttp.prototype, 'requests').mockImplementation(function (this: unknown, ...args: unknown[]) {
			const real = original.apply(this, args);
			return {
				...real,
				request: async (options: IHttpRequestOptions) =>
					await real.request(options.ignoreHttpStatusErrors ? { ...options, ignoreHttpStatusErrors: true } : options),
			};
		});
	});
	afterAll(() => spy?.mockRestore());
}
