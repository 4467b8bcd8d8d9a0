/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- a test helper reaching into n8n-core's own modules; it rethrows n8n's error as n8n 1.x would */
/**
 * n8n 1.x's request handling, on n8n-core 2.41.1, read from n8n 1.123.81's source:
 * - `ignoreHttpStatusErrors` is a yes/no: any value that is set, `{ ignore: true, except: [401] }`
 *   included, means "never throw on a status" (`if (ignoreHttpStatusErrors) validateStatus = () => true`);
 * - the NodeApiError a failed authenticated request throws keeps no `cause` (a class field of n8n 1.x's
 *   ExecutionBaseError resets it after the constructor set it): the transport error, its response and
 *   the credential's own error are gone; the network code is left in `httpCode`, the message in `message`.
 * Inside a describe block, every request n8n-core makes (node requests, logins, the credential test)
 * behaves so; the rest of the engine, the 401 re-login included, runs unchanged.
 */
import { dirname, join } from 'node:path';
import type { IHttpRequestOptions } from 'n8n-workflow';

type Requests = { request: (options: IHttpRequestOptions) => Promise<unknown> };

// The copies n8n-core itself loads (it has its own @n8n/backend-network, nested under n8n-core).
const core = require.resolve('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OutboundHttp } = require(require.resolve('@n8n/backend-network', { paths: [core] })) as {
	OutboundHttp: { prototype: { requests: (...args: unknown[]) => Requests } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const authentication = require(join(dirname(core), 'execution-engine/node-execution-context/utils/request-helpers/authentication')) as {
	httpRequestWithAuthentication: (...args: unknown[]) => Promise<unknown>;
};

/** Makes n8n-core 2.41.1 handle requests as n8n 1.x does until the returned function is called. */
export function installN8n1RequestHandling(): () => void {
	const requests = OutboundHttp.prototype.requests;
	const withAuthentication = authentication.httpRequestWithAuthentication;
	const spies = [
		jest.spyOn(OutboundHttp.prototype, 'requests').mockImplementation(function (this: unknown, ...args: unknown[]) {
			const real = requests.apply(this, args);
			return {
				...real,
				request: async (options: IHttpRequestOptions) =>
					await real.request(options.ignoreHttpStatusErrors ? { ...options, ignoreHttpStatusErrors: true } : options),
			};
		}),
		jest.spyOn(authentication, 'httpRequestWithAuthentication').mockImplementation(async function (this: unknown, ...args: unknown[]) {
			try {
				return await withAuthentication.apply(this, args);
			} catch (error) {
				if (error instanceof Error && error.cause instanceof Error) error.cause = undefined;
				throw error;
			}
		}),
	];
	return () => spies.forEach((spy) => spy.mockRestore());
}

/** n8n 1.x's request handling for every test of the describe block it is called in. */
export function useStatusHandlingBefore2_10(): void {
	let restore: (() => void) | undefined;
	beforeAll(() => (restore = installN8n1RequestHandling()));
	afterAll(() => restore?.());
}
