/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports -- fake credentials for the local simulator; zlib makes a gzip answer */
import { gzipSync } from 'node:zlib';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow, createEmptyRunExecutionData, type ICredentialDataDecryptedObject, type INode, type INodeType, type INodeTypes, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { Is74Api } from '../../credentials/Is74Api.credentials';
import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { TestCredentialsHelper, loggedLines, runWorkflow } from '../../harness/engine';
import { CREDENTIAL_TYPE } from '../../nodes/Is74/transport/context';
import { reply, useApiAndOtherHost, type HostileServer } from '../support/hostileServer';
import { LOGIN, TOKEN, loginCredential, tokenCredential, useSimulator } from '../support/simulator';
import { useStatusHandlingBefore2_10 } from '../support/legacyStatusHandling';
import { analyticsNode, campaignNode } from '../../harness/workflowNodes';

const sim = useSimulator();
const items = [{ phone: '+79124000001', name: 'A' }];

function expectNoSecrets(value: unknown, secrets: string[]): void {
	const text = JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Error ? { message: inner.message, description: (inner as { description?: string }).description, cause: (inner as { cause?: unknown }).cause } : inner));
	for (const secret of secrets) expect(text).not.toContain(secret);
}

/** n8n logs in again once after a 401, whichever way it learns of it (see nodes/Is74/compat/sessionRenewal.ts). */
function reloginTests(): void {
	test.each([
		['campaign create', () => campaignNode(), 'campaigns'],
		['report', () => analyticsNode({ output: 'summary' }), 'report'],
	] as const)('an expired token (401) triggers exactly one re-login, then the %s succeeds, sent once', async (_case, node, route) => {
		const first = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		sim().reset();
		sim().expireIssuedTokens();
		const result = await runWorkflow({ items, nodes: [node()], credential: first.storedCredential! });
		expect(result.error).toBeUndefined();
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([
			[route, 401],
			['login', 200],
			[route, 200],
		]);
		expect(result.storedCredential?.sessionToken).not.toBe(first.storedCredential?.sessionToken);
		expect(sim().log[2].headers.authorization).toBe(`Bearer ${result.storedCredential?.sessionToken}`);
	});

	test('a 401 that survives the re-login is reported once, without looping', async () => {
		sim().script('report', { status: 401, body: '{"message":"Unauthenticated."}' }, { status: 401, body: '{"message":"Unauthenticated."}' });
		const result = await runWorkflow({ items, nodes: [analyticsNode()], credential: loginCredential(sim()) });
		expect(sim().log.map((entry) => entry.route)).toEqual(['login', 'report', 'login', 'report']);
		expect(result.error?.message).toContain('HTTP 401');
		expect(result.error?.description).toContain('n8n already logged in again once');
	});

	test('a re-login that hands back the same rejected token: "Nothing was created", nothing remembered, the next run goes out', async () => {
		const first = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		const rejected = first.storedCredential?.sessionToken as string;
		const campaignsBefore = sim().campaigns.size;
		sim().reset();
		sim().expireIssuedTokens();
		// A server that renews a session by handing back the token it has: still rejected.
		sim().script('login', { status: 200, body: JSON.stringify({ token: rejected, token_type: 'Bearer' }) });
		const protectedNode = () => campaignNode({ guardRails: { duplicateProtection: true } });
		const failed = await runWorkflow({ items, nodes: [protectedNode()], credential: first.storedCredential!, staticData: {} });
		expect(failed.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 401 — Unauthenticated.');
		expect(failed.error?.description).toBe('The token was rejected. Check the IS74 credential (for login and password, n8n already logged in again once). Nothing was created.');
		expect(sim().campaigns.size).toBe(campaignsBefore);
		expect(sim().log.filter((entry) => entry.route === 'campaigns').map((entry) => entry.status)).toEqual(expect.arrayContaining([401]));
		expect(sim().log.every((entry) => entry.route === 'login' || entry.status === 401)).toBe(true);

		// Nothing exists, so nothing is remembered: once the login works again, the same campaign goes out.
		sim().reset();
		const next = await runWorkflow({ items, nodes: [protectedNode()], credential: failed.storedCredential!, staticData: failed.staticData });
		expect(next.error).toBeUndefined();
		expect(sim().campaigns.size).toBe(campaignsBefore + 1);
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([
			['campaigns', 401],
			['login', 200],
			['campaigns', 200],
		]);
	});
}

describe('login and password', () => {
	test('logs in once, stores the token in the expirable field, and sends it as Bearer', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		expect(result.error).toBeUndefined();
		const [login, create] = sim().log;
		expect([login.route, login.body]).toEqual(['login', LOGIN]);
		const token = result.storedCredential?.sessionToken as string;
		expect(token).toMatch(/^sim-/);
		expect(create.headers.authorization).toBe(`Bearer ${token}`);
		expect(result.credentials.updates).toEqual([{ sessionToken: token }]);

		// The next run reuses the stored token: no second login.
		sim().reset();
		await runWorkflow({ items, nodes: [campaignNode()], credential: result.storedCredential! });
		expect(sim().log.map((entry) => entry.route)).toEqual(['campaigns']);
	});

	reloginTests();

	test('a rejected login is a clear error that shows neither password nor login, and nothing is sent', async () => {
		loggedLines.length = 0;
		const credential = loginCredential(sim(), { password: 'Wr0ng-Secret-Pass' });
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential });
		expect(sim().log.map((entry) => entry.route)).toEqual(['login']);
		expect(result.error?.message).toContain('IS74 login was rejected (HTTP 401). Check the login and password. The server said: Invalid login or password.');
		// A create says so in the words every create failure uses when nothing was created.
		expect(result.error?.description).toBe('The IS74 credential could not provide a token, so the API did not act on /api/campaigns. Open the IS74 credential and check it. Nothing was created.');
		expectNoSecrets(result.run, ['Wr0ng-Secret-Pass', LOGIN.login]);
		expectNoSecrets(loggedLines, ['Wr0ng-Secret-Pass']);
	});

	test('an unreachable login URL is a clear error', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim(), { baseUrl: 'http://127.0.0.1:9' }) });
		expect(result.error?.message).toContain('IS74 login failed: could not reach http://127.0.0.1:9/api/login: the server refused the connection');
		expectNoSecrets(result.run, [LOGIN.password]);
	});

	test.each(['access_token', 'accessToken', 'data.token', 'data.access_token'])('accepts the token under %s', async (key) => {
		const other: Is74Simulator = await startSimulator({ accounts: [LOGIN], loginTokenKey: key });
		try {
			const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(other) });
			expect(result.error).toBeUndefined();
			expect(other.requests('campaigns')[0].status).toBe(200);
		} finally {
			await other.stop();
		}
	});

	test('a login answer without a token is explained', async () => {
		sim().script('login', { status: 200, body: '{"ok": true}' });
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		expect(result.error?.message).toContain('IS74 login answered without a token');
	});

	test('a login answer over 1 MiB is refused before it is parsed', async () => {
		sim().script('login', { status: 200, body: JSON.stringify({ token: 'big-token', pad: 'p'.repeat(2 * 1024 * 1024) }) });
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		expect(sim().log.map((entry) => entry.route)).toEqual(['login']);
		expect(result.error?.message).toBe('IS74 login failed: the answer is larger than 1 MiB. Check the Base URL and Login Path.');
	});

	test('a custom login path is used', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim(), { loginPath: 'api/v2/login' }) });
		expect(sim().log[0].path).toBe('/api/v2/login');
		expect(result.error?.message).toContain('IS74 login was rejected (HTTP 404). Check the Base URL and Login Path.');
	});
});

/** What n8n 1.x does with the statuses of a request: the same guarantees must hold there. */
describe("on n8n below 2.10 (n8n 1.x's request handling)", () => {
	useStatusHandlingBefore2_10();

	reloginTests();

	test('an access token that is rejected: one request (n8n 1.x does not repeat it), the token named as the problem', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim(), { accessToken: 'Secret-Token-123456' }) });
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([['campaigns', 401]]);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 401 — Unauthenticated.');
		expect(result.error?.description).toContain('Nothing was created.');
		expectNoSecrets(result.run, ['Secret-Token-123456']);
	});

	test('a login that fails on the renewal is the login\'s own message, and nothing is created', async () => {
		const first = await runWorkflow({ items, nodes: [campaignNode()], credential: loginCredential(sim()) });
		sim().reset();
		sim().expireIssuedTokens();
		sim().script('login', { status: 502, body: '<html><body>502 Bad Gateway</body></html>' });
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: first.storedCredential! });
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([
			['campaigns', 401],
			['login', 502],
		]);
		expect(result.error?.message).toBe('IS74 login was rejected (HTTP 502). Check the Base URL and Login Path. The server said: 502 Bad Gateway');
		expect(result.error?.description).toBe('The IS74 credential could not provide a token, so the API did not act on /api/campaigns. Open the IS74 credential and check it. Nothing was created.');
		expectNoSecrets(result.run, [LOGIN.password]);
	});

	test('an API that refuses the connection: the create is tried again (nothing was sent), and says nothing was created', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode({ options: { maxRetries: 1 } })], credential: tokenCredential(sim(), { baseUrl: 'http://127.0.0.1:9' }) });
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": the server refused the connection');
		expect(result.error?.description).toContain('Network error ECONNREFUSED after 2 attempts.');
		expect(result.error?.description).toContain('Nothing was created.');
	});

	test('a 503 on a create is not retried and says the campaign may exist; on a read it is retried', async () => {
		sim().script('campaigns', { status: 503, body: '{"message":"Down"}' });
		const create = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim()) });
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([['campaigns', 503]]);
		expect(create.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 503 — Down');
		sim().reset();
		sim().script('report', { status: 503, body: '{"message":"Down"}' });
		const read = await runWorkflow({ items, nodes: [analyticsNode({ output: 'summary' })], credential: tokenCredential(sim()) });
		expect(read.error).toBeUndefined();
		expect(sim().log.map((entry) => [entry.route, entry.status])).toEqual([
			['report', 503],
			['report', 200],
		]);
	});
});

describe('access token', () => {
	test('a rejected token is reported with a hint, and the token never appears', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim(), { accessToken: 'Secret-Token-123456' }) });
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 401 — Unauthenticated.');
		expect(result.error?.description).toContain('The token was rejected. Check the IS74 credential');
		expectNoSecrets(result.run, ['Secret-Token-123456']);
	});

	test.each([
		['a trailing slash', (url: string) => `${url}/`],
		['a pasted /api', (url: string) => `${url}/api`],
		['a pasted /api/', (url: string) => `${url}/api/`],
	])('a base URL with %s still reaches /api/...', async (_case, variant) => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim(), { baseUrl: variant(sim().url) }) });
		expect(result.error).toBeUndefined();
		expect(sim().log[0].path).toBe('/api/campaigns');
	});

	test('a base URL that is not http(s) is refused before anything is sent', async () => {
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim(), { baseUrl: 'file:///etc/passwd' }) });
		expect(result.error?.message).toContain('IS74 credential: the Base URL must start with http:// or https://, not file://');
		expect(sim().log).toHaveLength(0);
	});
});

describe('credential test request', () => {
	const credential = new Is74Api();

	async function replay(token: string) {
		const request = credential.test.request;
		const response = await fetch(`${sim().url}${request.url}`, {
			method: request.method,
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
			body: JSON.stringify(request.body),
		});
		return response.status;
	}

	test('is a read of an empty report: accepted token → 200, rejected → 401, and nothing is created', async () => {
		const before = sim().campaigns.size;
		expect(await replay(TOKEN)).toBe(200);
		expect(await replay('wrong')).toBe(401);
		expect(sim().campaigns.size).toBe(before);
		expect(credential.test.rules).toEqual(expect.arrayContaining([{ type: 'responseCode', properties: { value: 401, message: 'The IS74 API rejected the token (HTTP 401).' } }]));
	});
});

/**
 * The credential's test as n8n's "Test" button runs it: its request as the routing of a throwaway
 * node, run by n8n-core's RoutingNode with the credential given decrypted, over real HTTP; a thrown
 * error becomes the verdict the way n8n's credential tester makes it (a matching rule's message, else
 * the status text, else the error's message).
 */
async function testCredential(data: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const test = new Is74Api().test;
	const nodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } }],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node: INode = { id: 'temp', name: 'Temp-Node', type: 'credentialTest', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'IS74 test' } } };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new TestCredentialsHelper({ [CREDENTIAL_TYPE]: new Is74Api() }, new Map([[CREDENTIAL_TYPE, { ...data }]]));
	const additionalData = { credentialsHelper, variables: {}, userId: 'test-user', currentNodeParameters: {} } as unknown as IWorkflowExecuteAdditionalData;
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], inputData, { node, data: {}, source: null }, []);
	const decrypted = { id: 'cred-1', name: 'IS74 test', type: CREDENTIAL_TYPE, data: { ...data } };
	try {
		await new RoutingNode(context, nodeType, decrypted).runNode();
		return { status: 'OK', message: 'Connection successful!' };
	} catch (caught) {
		const error = caught as { message: string; cause?: { code?: string; response?: { status: number; statusText?: string } } };
		const response = error.cause?.response;
		if (response) {
			const rule = test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status);
			if (rule) return { status: 'Error', message: (rule.properties as { message: string }).message };
			if (response.status < 200 || response.status > 299) return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		} else if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: error.message };
	}
}

describe('the credential test (n8n\'s Test button) over real HTTP', () => {
	const hosts = useApiAndOtherHost((request, response) => reply(response, 200, request.path.includes('login') ? { token: 'other-host-token' } : { data: [], count: 0 }));
	let api: HostileServer;
	let other: HostileServer;
	beforeEach(() => {
		api = hosts.api();
		other = hosts.other();
	});

	test('an accepted token passes, and the request is the empty report read', async () => {
		api.answer((_request, response) => reply(response, 200, { data: [], count: 0 }));
		expect(await testCredential({ baseUrl: api.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.seen.map((entry) => [entry.method, entry.path, entry.headers.authorization])).toEqual([['POST', '/api/analytics/0/report', `Bearer ${TOKEN}`]]);
	});

	test.each([301, 302, 303, 307, 308])('a %d to another host: the other host receives nothing and the test fails naming the redirect', async (status) => {
		api.answer((_request, response) => reply(response, status, '', { Location: `${other.url}/api/analytics/0/report` }));
		const verdict = await testCredential({ baseUrl: api.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '' });
		expect(other.seen).toEqual([]);
		expect(api.seen.map((entry) => entry.path)).toEqual(['/api/analytics/0/report']);
		expect(verdict).toEqual({
			status: 'Error',
			message: `The IS74 API redirected the test to another address (HTTP ${status}); the token is never sent there. If that address is the right one, set it as the Base URL.`,
		});
	});

	test('a gzipped login answer over 1 MiB (16 KiB chunks, landing on the cap) is refused, nothing else is sent', async () => {
		api.answer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
			response.end(gzipSync(JSON.stringify({ token: 'big-token', pad: 'p'.repeat(2 * 1024 * 1024) })));
		});
		const result = await runWorkflow({ items, nodes: [campaignNode()], credential: { baseUrl: api.url, authentication: 'loginPassword', ...LOGIN, loginPath: '/api/login', sessionToken: '' } });
		expect(api.seen.map((entry) => entry.path)).toEqual(['/api/login']);
		expect(result.error?.message).toBe('IS74 login failed: the answer is larger than 1 MiB. Check the Base URL and Login Path.');
	});

	test('login and password: a 307 on the login is not followed, and the test fails naming the redirect', async () => {
		api.answer((_request, response) => reply(response, 307, '', { Location: `${other.url}/api/login` }));
		const verdict = await testCredential({ baseUrl: api.url, authentication: 'loginPassword', login: 'operator', password: 'Cred-Test-Pass-31', loginPath: '/api/login', sessionToken: '' });
		expect(other.seen).toEqual([]);
		expect(api.seen.map((entry) => entry.path)).toEqual(['/api/login']);
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain(`IS74 login was redirected (HTTP 307) to ${other.url}/api/login.`);
		expect(verdict.message).not.toContain('Cred-Test-Pass-31');
	});
});

/**
 * The Test button's verdict for each answer the API may give the test's report read: the status
 * (the same on every n8n) and the message, which is the credential's own from n8n 2.10 and n8n's
 * generic one before (n8n 1.x's error keeps no HTTP status for the credential's rules to match).
 */
const ACCEPTED_BUT = (status: number) => `The IS74 API accepted the token and refused only the test's sample request (HTTP ${status}: it asks for project 0). The credential can be used.`;
const VERDICTS: Array<[number, 'OK' | 'Error', string, string]> = [
	[200, 'OK', 'Connection successful!', 'Connection successful!'],
	[401, 'Error', 'The IS74 API rejected the token (HTTP 401).', 'Authorization failed - please check your credentials'],
	[403, 'Error', 'The IS74 API refused this account access (HTTP 403).', 'Forbidden - perhaps check your credentials?'],
	[404, 'Error', 'No IS74 API at this Base URL (HTTP 404). Check the Base URL.', 'The resource you are requesting could not be found'],
	[307, 'Error', 'The IS74 API redirected the test to another address (HTTP 307); the token is never sent there. If that address is the right one, set it as the Base URL.', 'Request failed with status code 307'],
	[422, 'Error', ACCEPTED_BUT(422), 'Your request is invalid or could not be processed by the service'],
	[400, 'Error', ACCEPTED_BUT(400), 'Bad request - please check your parameters'],
	[500, 'Error', 'Internal Server Error', 'The service was not able to process your request'],
	[503, 'Error', 'Service Unavailable', 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)'],
];

/** The test request sets no `ignoreHttpStatusErrors`, so every n8n fails the test on the same answers. */
function verdictTests(line: 'since 2.10' | 'before 2.10'): void {
	const hosts = useApiAndOtherHost((_request, response) => reply(response, 404, ''));
	test.each(VERDICTS)('an answer %d: %s, for an access token and for login and password', async (status, outcome, since2_10, before2_10) => {
		const verdict = { status: outcome, message: line === 'since 2.10' ? since2_10 : before2_10 };
		const api = hosts.api();
		api.answer((request, response) => {
			if (request.path === '/api/login') return reply(response, 200, { token: 'fresh-session-token' });
			reply(response, status, status === 200 ? { data: [], count: 0 } : { message: 'Refused' }, status === 307 ? { Location: `${api.url}/elsewhere` } : {});
		});
		expect(await testCredential({ baseUrl: api.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '' })).toEqual(verdict);
		expect(await testCredential({ baseUrl: api.url, authentication: 'loginPassword', ...LOGIN, loginPath: '/api/login', sessionToken: '' })).toEqual(verdict);
		const withToken: Array<[string, string | undefined]> = [['/api/analytics/0/report', `Bearer ${TOKEN}`]];
		const withLogin: Array<[string, string | undefined]> = [
			['/api/login', undefined],
			['/api/analytics/0/report', 'Bearer fresh-session-token'],
		];
		// After a 401, n8n renews the credential once (a login, for login and password) and repeats the read.
		const again = (sent: Array<[string, string | undefined]>) => (status === 401 ? [...sent, ...sent] : sent);
		expect(api.seen.map((entry) => [entry.path, entry.headers.authorization])).toEqual([...again(withToken), ...again(withLogin)]);
	});
}

describe('the credential test verdicts on n8n 2.10 and later', () => verdictTests('since 2.10'));

describe("the credential test verdicts on n8n below 2.10 (n8n 1.x's request handling)", () => {
	useStatusHandlingBefore2_10();
	verdictTests('before 2.10');
});
