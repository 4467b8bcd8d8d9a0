/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports -- fake, recognisable secrets; zlib makes a corrupt gzip answer */
/**
 * Hostile servers on 127.0.0.1, through n8n-core's real engine: redirects to other hosts, secrets
 * echoed in answers, protocol garbage after the create arrived, unusable campaign IDs, trickling
 * and endless bodies. Each test names what the API host and the "other host" received.
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { runWorkflow, type RunResult } from '../../harness/engine';
import { analyticsNode, campaignNode } from '../../harness/workflowNodes';
import { leakedRuns } from '../support/secretLeaks';
import { drainedOrClosed, reply, trickle, trickleWithStatus, useApiAndOtherHost, type HostileServer, type SeenRequest } from '../support/hostileServer';

const TOKEN = 'TOKEN-HOSTILE-7Q4W-must-not-leak';
const PASSWORD = 'PASS-HOSTILE-8E5R-must-not-leak';
const SESSION = 'SESSION-HOSTILE-9T6Y-must-not-leak';
const items = [{ phone: '+79125000001', name: 'A' }];
const REPORT_PATH = '/api/analytics/1/report';

// The other host would happily accept anything: a campaign, a report, a login.
const hosts = useApiAndOtherHost((request, response) =>
	reply(response, 200, request.path.includes('login') ? { token: 'other-host-token' } : request.path.includes('report') ? { data: [{ from: 'other host' }] } : { campaign: { id: 999 } }),
);
let api: HostileServer;
let other: HostileServer;
beforeEach(() => {
	api = hosts.api();
	other = hosts.other();
});

const tokenCredential = () => ({ baseUrl: api.url, authentication: 'accessToken', accessToken: TOKEN, sessionToken: '' });
const loginCredential = () => ({ baseUrl: api.url, authentication: 'loginPassword', login: 'operator', password: PASSWORD, loginPath: '/api/login', sessionToken: '' });
// A Timeout of 30 s, so no normal answer races it on a loaded machine; the tests that wait one out give 1 s.
const fastCampaign = (options: Record<string, unknown> = {}) => campaignNode({ options: { timeoutSeconds: 30, ...options } });
const fastReport = (parameters: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	analyticsNode({ output: 'rows', ...parameters, options: { timeoutSeconds: 30, maxRetries: 0, initialRetryDelayMs: 10, ...options } });

function errorText(result: RunResult): string {
	return `${result.error?.message ?? ''} | ${String(result.error?.description ?? '')}`;
}

const paths = (seen: SeenRequest[]) => seen.map((entry) => `${entry.method} ${entry.path}`);

describe('1. credentials never follow a redirect to another host', () => {
	test('a 307 on the create is not followed: the other host receives nothing, the error names the location', async () => {
		api.answer((_request, response) => reply(response, 307, '', { Location: `${other.url}/api/campaigns` }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(paths(other.seen)).toEqual([]);
		expect(paths(api.seen)).toEqual(['POST /api/campaigns']);
		expect(result.output['IS74 Campaign'] ?? []).toEqual([]);
		expect(result.error?.message).toBe(`IS74 API could not create the campaign "Survey": HTTP 307 — redirected to ${other.url}/api/campaigns`);
		expect(result.error?.description).toContain('The node does not follow redirects of a create or a login');
		expect(result.error?.description).toContain('Nothing was created.');
	});

	test('a 303 on the create is not followed and says the campaign may exist', async () => {
		api.answer((_request, response) => reply(response, 303, '', { Location: '/api/campaigns/77' }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(paths(api.seen)).toEqual(['POST /api/campaigns']);
		expect(result.error?.message).toBe(`IS74 API could not create the campaign "Survey": HTTP 303 — redirected to ${api.url}/api/campaigns/77`);
		expect(result.error?.description).toContain('the campaign may exist');
	});

	test('a 302 on the report to another host is not followed: no token there, no rows from there', async () => {
		api.answer((_request, response) => reply(response, 302, '', { Location: `${other.url}/steal` }));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: tokenCredential() });
		expect(paths(other.seen)).toEqual([]);
		expect(paths(api.seen)).toEqual([`POST ${REPORT_PATH}`]);
		expect(result.output['IS74 Analytics'] ?? []).toEqual([]);
		expect(result.error?.message).toBe(`IS74 API could not get the report of campaign 1001: HTTP 302 — redirected to ${other.url}/steal`);
		expect(result.error?.description).toContain('another address');
	});

	test('a same-origin 302 on the report is followed, re-sending the same request with the token', async () => {
		api.answer((request, response) => {
			if (request.path === REPORT_PATH) return reply(response, 302, '', { Location: '/api/v2/report' });
			if (request.method === 'POST' && request.path === '/api/v2/report') return reply(response, 200, { data: [{ phone_number: '79120000001' }], count: 1 });
			return reply(response, 405, { message: 'POST only' });
		});
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: tokenCredential() });
		expect(result.error).toBeUndefined();
		expect(result.output['IS74 Analytics'].map((item) => item.json)).toEqual([{ phone_number: '79120000001' }]);
		expect(paths(api.seen)).toEqual([`POST ${REPORT_PATH}`, 'POST /api/v2/report']);
		expect(api.seen[1].body).toBe(api.seen[0].body);
		expect(api.seen.map((entry) => entry.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
	});

	test('a 307 on the login path is not followed: login and password never reach the other host', async () => {
		api.answer((_request, response) => reply(response, 307, '', { Location: `${other.url}/api/login` }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: loginCredential() });
		expect(paths(other.seen)).toEqual([]);
		expect(paths(api.seen)).toEqual(['POST /api/login']);
		expect(result.error?.message).toContain(`IS74 login was redirected (HTTP 307) to ${other.url}/api/login`);
		expect(errorText(result)).not.toContain(PASSWORD);
	});
});

describe('1b. a redirect target is shown as origin and path only, without secrets', () => {
	const WORDY = 'p@ss word!';
	const wordyCredential = (login: string) => ({ baseUrl: api.url, authentication: 'loginPassword', login, password: WORDY, loginPath: '/api/login', sessionToken: '' });

	test('a create redirected with the password in the path, query and fragment shows neither query nor fragment, and the password nowhere', async () => {
		api.answer((request, response) =>
			request.path === '/api/login'
				? reply(response, 200, { token: SESSION })
				: reply(response, 307, '', { Location: `${other.url}/api/${WORDY}/campaigns?password=${WORDY}&session=${SESSION}#${WORDY}` }),
		);
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: wordyCredential('operator') });
		expect(paths(other.seen)).toEqual([]);
		expect(paths(api.seen)).toEqual(['POST /api/login', 'POST /api/campaigns']);
		expect(result.error?.message).toBe(`IS74 API could not create the campaign "Survey": HTTP 307 — redirected to ${other.url}/api/***/campaigns`);
		for (const spelling of [WORDY, encodeURIComponent(WORDY), 'p@ss%20word!', SESSION]) expect(errorText(result)).not.toContain(spelling);
	});

	test('a login redirected with the password in the query shows the path only', async () => {
		api.answer((_request, response) => reply(response, 307, '', { Location: `${other.url}/api/login?password=${WORDY}` }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: wordyCredential('operator') });
		expect(paths(other.seen)).toEqual([]);
		expect(result.error?.message).toContain(`IS74 login was redirected (HTTP 307) to ${other.url}/api/login. `);
		expect(errorText(result)).not.toContain('p@ss');
	});

	test('a login under 8 characters is not masked: a login "api" leaves /api/x readable, the password is still hidden', async () => {
		api.answer((request, response) =>
			request.path === '/api/login' ? reply(response, 200, { token: SESSION }) : reply(response, 307, '', { Location: `/api/x/${WORDY}` }),
		);
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: wordyCredential('api') });
		expect(result.error?.message).toBe(`IS74 API could not create the campaign "Survey": HTTP 307 — redirected to ${api.url}/api/x/***`);
	});
});

describe('2. secrets never appear in an excerpt of an answer', () => {
	test('a 200 create answer without an ID that echoes the token', async () => {
		api.answer((_request, response) => reply(response, 200, { ok: true, debug: `token=${TOKEN}` }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.error?.description).toContain('{"ok":true,"debug":"token=***"}');
		expect(errorText(result)).not.toContain(TOKEN);
	});

	test('a token cut in half by the excerpt is still hidden', async () => {
		// The token starts 10 characters before the excerpt's 200-character end.
		const pad = 'x'.repeat(200 - 10 - '{"ok":true,"pad":"","debug":"'.length);
		api.answer((_request, response) => reply(response, 200, `{"ok":true,"pad":"${pad}","debug":"${TOKEN}"}`));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.error?.description).toContain('The answer was:');
		expect(errorText(result)).not.toContain(TOKEN.slice(0, 10));
	});

	test('the start of an unparsable report that echoes the token', async () => {
		api.answer((_request, response) => reply(response, 200, `${TOKEN} is not JSON`));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: tokenCredential() });
		expect(result.error?.description).toContain('The start of the answer: *** is not JSON.');
		expect(errorText(result)).not.toContain(TOKEN);
	});

	test('a create answer that echoes the login session token', async () => {
		api.answer((request, response) =>
			request.path === '/api/login' ? reply(response, 200, { token: SESSION }) : reply(response, 200, { ok: true, debug: `session ${SESSION}` }),
		);
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: loginCredential() });
		expect(paths(api.seen)).toEqual(['POST /api/login', 'POST /api/campaigns']);
		expect(result.error?.description).toContain('"debug":"session ***"');
		expect(errorText(result)).not.toContain(SESSION);
	});
});

describe('2b. a secret is hidden in every spelling a server gives it (issue 21)', () => {
	const withPassword = (password: string) => ({ baseUrl: api.url, authentication: 'loginPassword', login: 'operator', password, loginPath: '/api/login', sessionToken: '' });
	const withToken = (accessToken: string) => ({ baseUrl: api.url, authentication: 'accessToken', accessToken, sessionToken: '' });
	const noRun = (result: RunResult, secret: string) => expect(leakedRuns(errorText(result), secret)).toEqual([]);

	test('a password HTML-escaped in the login error page', async () => {
		const password = `P&ss<w0rd>"7Q'x-hostile`;
		api.answer((_request, response) => {
			response.writeHead(401, { 'Content-Type': 'text/html' });
			response.end('<html><head><title>Wrong password P&amp;ss&lt;w0rd&gt;&quot;7Q&#39;x-hostile</title></head><body>P&#38;ss&#x3c;w0rd&#62;</body></html>');
		});
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: withPassword(password) });
		expect(result.error?.message).toContain('IS74 login was rejected (HTTP 401). Check the login and password. The server said: Wrong password ***');
		noRun(result, password);
	});

	test('a password form-encoded, and a login of 8 characters or more, in a login error', async () => {
		const password = 'my pass word 42';
		api.answer((_request, response) => reply(response, 400, 'login=operator&password=my+pass+word+42', { 'Content-Type': 'text/plain' }));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: withPassword(password) });
		expect(result.error?.message).toContain('IS74 login was rejected (HTTP 400). Check the Base URL and Login Path. The server said: login=***&password=***');
		noRun(result, password);
		noRun(result, 'operator');
	});

	test("a login of 8 characters or more in a node's error", async () => {
		api.answer((request, response) =>
			request.path === '/api/login' ? reply(response, 200, { token: SESSION }) : reply(response, 400, { message: 'user OPERATOR may not create campaigns' }),
		);
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: withPassword('a-password-1') });
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 400 — user *** may not create campaigns');
	});

	test('a token URL-encoded with lower-case hex, and with its slashes kept', async () => {
		const token = 'TOKEN/HOSTILE+7Q4W=must/not/leak';
		api.answer((_request, response) => reply(response, 400, { message: 'token TOKEN%2fHOSTILE%2b7Q4W%3dmust%2fnot%2fleak or TOKEN/HOSTILE%2B7Q4W%3Dmust/not/leak refused' }));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: withToken(token) });
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: HTTP 400 — token *** or *** refused');
		noRun(result, token);
	});

	test('the first 20 of 32 characters of a token, left by the 64 KB cut of an error page', async () => {
		api.answer((_request, response) => reply(response, 400, `${' '.repeat(64 * 1024 - 20)}${TOKEN}`, { 'Content-Type': 'text/plain' }));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: tokenCredential() });
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: HTTP 400 — ***');
		noRun(result, TOKEN);
	});

	test("a malformed report: JSON.parse's message, which quotes the body, is not the error", async () => {
		api.answer((_request, response) => reply(response, 200, `{"data": [}${TOKEN}`));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: tokenCredential() });
		expect(result.error?.message).toBe('IS74 API answered the report request with an unusable body: the report is not valid JSON (at byte 10)');
		expect(result.error?.description).toContain('The start of the answer: {"data": [}***.');
		noRun(result, TOKEN);
	});

	test('a token with , \' " } after Bearer, echoed in an error', async () => {
		const token = `TOKEN,HOSTILE'7Q4W"must}not-leak`;
		api.answer((request, response) => reply(response, 400, `rejected Authorization: ${request.headers.authorization}`, { 'Content-Type': 'text/plain' }));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: withToken(token) });
		expect(api.seen[0].headers.authorization).toBe(`Bearer ${token}`);
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: HTTP 400 — rejected Authorization: Bearer ***');
		noRun(result, token);
	});

	test('a redirect to a host that spells the token (lower-cased by the URL parser)', async () => {
		const token = 'Tok3nAsHostName-7Q4W';
		api.answer((_request, response) => reply(response, 302, '', { Location: `http://${token}.example/x` }));
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: withToken(token) });
		expect(paths(api.seen)).toEqual([`POST ${REPORT_PATH}`]);
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: HTTP 302 — redirected to http://***.example/x');
		noRun(result, token);
	});

	test('a redirect to a host that spells a Cyrillic password percent-encoded: the URL parser turns it into Punycode (xn--…), masked too', async () => {
		const password = 'СекретныйПароль';
		const punycode = new URL(`http://${password}.example/`).hostname.split('.')[0];
		expect(punycode).toBe('xn--80ajaqdjlkhgfdr1kva');
		api.answer((request, response) =>
			request.path === '/api/login' ? reply(response, 200, { token: SESSION }) : reply(response, 302, '', { Location: `http://${encodeURIComponent(password)}.example/x` }),
		);
		const result = await runWorkflow({ items: [{}], nodes: [fastReport()], credential: withPassword(password) });
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: HTTP 302 — redirected to http://***.example/x');
		expect(errorText(result)).not.toContain(punycode);
		noRun(result, password);
	});
});

describe('5. a failure after the create reached the server says the campaign may exist', () => {
	const garbage: Array<[string, (response: import('node:http').ServerResponse, socket: import('node:net').Socket) => void]> = [
		['a corrupt gzip answer', (response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
			response.end(Buffer.concat([Buffer.from('not gzip at all, '), gzipSync('{"campaign":{"id":1}}').subarray(5)]));
		}],
		['bytes that are not HTTP', (_response, socket) => {
			socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
		}],
		['an oversized header', (response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'X-Padding': 'p'.repeat(100_000) });
			response.end('{"campaign":{"id":1}}');
		}],
	];

	test.each(garbage)('%s', async (_case, misbehave) => {
		api.answer((_request, response, socket) => misbehave(response, socket));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(paths(api.seen)).toEqual(['POST /api/campaigns']);
		expect(JSON.parse(api.seen[0].body).phones).toEqual([{ phone: '+79125000001', add_data: { name: 'A' } }]);
		expect(result.error?.message).toMatch(/^IS74 API could not create the campaign "Survey": /);
		expect(result.error?.description).toContain('the campaign may exist');
		expect(result.error?.description).not.toContain('Nothing was sent');
	});
});

describe('6. the campaign ID must be a positive safe integer', () => {
	const unusable: Array<[string, string]> = [
		['a word', '{"campaign":{"id":"abc"}}'],
		['blanks', '{"campaign":{"id":"   "}}'],
		['negative', '{"campaign":{"id":-5}}'],
		['zero', '{"campaign":{"id":0}}'],
		['a fraction', '{"campaign":{"id":1.5}}'],
		['infinite', '{"campaign":{"id":1e400}}'],
		['20 digits (rounded by JSON)', '{"campaign":{"id":12345678901234567890}}'],
		['20 digits as a string', '{"campaign":{"id":"12345678901234567890"}}'],
	];

	test.each(unusable)('%s is an error that says the campaign may exist and quotes the answer', async (_case, body) => {
		api.answer((_request, response) => reply(response, 200, body));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.output['IS74 Campaign'] ?? []).toEqual([]);
		expect(result.error?.message).toBe('IS74 API accepted the campaign "Survey" but its answer holds no usable campaign ID');
		expect(result.error?.description).toContain('may exist');
		expect(result.error?.description).toContain(`The answer was: ${body.replace(/\s+/g, " ")}`);
	});

	test.each([
		['a number', '{"campaign":{"id":9007199254740991}}', 9007199254740991],
		['a string of digits', '{"campaign":{"id":"4242"}}', 4242],
	])('%s is the campaign ID', async (_case, body, id) => {
		api.answer((_request, response) => reply(response, 200, body));
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.error).toBeUndefined();
		expect(result.output['IS74 Campaign'][0].json.campaignId).toBe(id);
	});
});

describe('7. the timeout is a deadline for the whole answer, and answers are bounded', () => {
	const rows = (count: number) => `{"data":[${Array.from({ length: count }, (_, index) => `{"n":${index}}`).join(',')}]}`;
	// Each trickled answer below is at least 100 bytes, one every 200 ms: 20 s or more to send. A run that
	// ends within 6 s ended at the 1 s Timeout, with room for the engine on a loaded machine, not at the body.
	const WITHIN_TIMEOUT_MS = 6_000;
	const slowly = (text: string) => text.padStart(100);

	test('a report body trickling a byte every 200 ms times out after Timeout, not after the body', async () => {
		let finished: Promise<boolean> = Promise.resolve(true);
		api.answer((_request, response) => {
			finished = trickle(response, rows(20), 200);
		});
		const started = Date.now();
		const result = await runWorkflow({ items: [{}], nodes: [fastReport({}, { timeoutSeconds: 1 })], credential: tokenCredential() });
		const elapsed = Date.now() - started;
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: no answer before the timeout');
		expect(elapsed).toBeLessThan(WITHIN_TIMEOUT_MS);
		expect(await finished).toBe(false);
	});

	test('a trickling create answer times out and says the campaign may exist', async () => {
		api.answer((_request, response) => void trickle(response, slowly('{"campaign":{"id":123456}}'), 200));
		const started = Date.now();
		const result = await runWorkflow({ items, nodes: [fastCampaign({ timeoutSeconds: 1 })], credential: tokenCredential() });
		expect(Date.now() - started).toBeLessThan(WITHIN_TIMEOUT_MS);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": no answer before the timeout');
		expect(result.error?.description).toContain('the campaign may exist');
	});

	test('a 401 whose body trickles does not hold the create past Timeout, and says the campaign may exist', async () => {
		let finished: Promise<boolean> = Promise.resolve(true);
		api.answer((_request, response) => {
			finished = trickleWithStatus(response, 401, slowly('{"message":"Unauthenticated, slowly."}'), 200);
		});
		const started = Date.now();
		const result = await runWorkflow({ items, nodes: [fastCampaign({ timeoutSeconds: 1 })], credential: tokenCredential() });
		expect(Date.now() - started).toBeLessThan(WITHIN_TIMEOUT_MS);
		// n8n itself sends a request once more after a 401 (its re-login step; a token has none).
		expect(paths(api.seen)).toEqual(['POST /api/campaigns', 'POST /api/campaigns']);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": no answer before the timeout');
		expect(result.error?.description).toContain('the campaign may exist');
		expect(await finished).toBe(false);
	});

	test('a 401 whose body trickles does not hold the report past Timeout', async () => {
		let finished: Promise<boolean> = Promise.resolve(true);
		api.answer((_request, response) => {
			finished = trickleWithStatus(response, 401, slowly('{"message":"Unauthenticated, slowly."}'), 200);
		});
		const started = Date.now();
		const result = await runWorkflow({ items: [{}], nodes: [fastReport({}, { timeoutSeconds: 1 })], credential: tokenCredential() });
		expect(Date.now() - started).toBeLessThan(WITHIN_TIMEOUT_MS);
		expect(paths(api.seen)).toEqual([`POST ${REPORT_PATH}`, `POST ${REPORT_PATH}`]);
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: no answer before the timeout');
		expect(await finished).toBe(false);
	});

	test('a 400 whose body trickles does not hold the create past Timeout either', async () => {
		api.answer((_request, response) => void trickleWithStatus(response, 400, slowly('{"message":"Bad request, slowly."}'), 200));
		const started = Date.now();
		const result = await runWorkflow({ items, nodes: [fastCampaign({ timeoutSeconds: 1 })], credential: tokenCredential() });
		expect(Date.now() - started).toBeLessThan(WITHIN_TIMEOUT_MS);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": no answer before the timeout');
		expect(result.error?.description).toContain('the campaign may exist');
	});

	test('with a Limit, the report stops being read once the rows are there and the connection is closed', async () => {
		let written = 0;
		let finished: Promise<boolean> = Promise.resolve(true);
		const chunk = Buffer.from(Array.from({ length: 1000 }, (_, index) => `{"n":${index},"pad":"${'p'.repeat(40)}"}`).join(',') + ',');
		api.answer((_request, response) => {
			finished = (async () => {
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.write('{"data":[');
				// 50 MB of rows, written as fast as the client reads.
				for (let index = 0; index < 1000; index++) {
					if (response.destroyed) return false;
					written += chunk.length;
					if (!response.write(chunk)) await drainedOrClosed(response);
				}
				response.end('{"n":-1}]}');
				return true;
			})();
		});
		const result = await runWorkflow({ items: [{}], nodes: [fastReport({ returnAll: false, limit: 5 }, { timeoutSeconds: 30 })], credential: tokenCredential() });
		expect(result.error).toBeUndefined();
		expect(result.output['IS74 Analytics'].map((item) => item.json.n)).toEqual([0, 1, 2, 3, 4]);
		expect(await finished).toBe(false);
		expect(written).toBeLessThan(10 * 1024 * 1024);
	});

	test('a report declaring a body over the size cap fails at once with a clear error', async () => {
		api.answer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(600 * 1024 * 1024) });
			response.write('{"data":[');
		});
		const result = await runWorkflow({ items: [{}], nodes: [fastReport({}, { timeoutSeconds: 10 })], credential: tokenCredential() });
		expect(result.error?.message).toBe('IS74 API could not get the report of campaign 1001: the answer is larger than 512 MiB');
	});

	test('a create answer over 1 MiB is refused and says the campaign may exist', async () => {
		api.answer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(`{"campaign":{"id":5},"pad":"${'p'.repeat(2 * 1024 * 1024)}"}`);
		});
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": the answer is larger than 1 MiB');
		expect(result.error?.description).toContain('the campaign may exist');
	});

	describe.each([
		['identity', (body: Buffer) => body],
		['gzip', (body: Buffer) => gzipSync(body)],
		['deflate', (body: Buffer) => deflateSync(body)],
		['br', (body: Buffer) => brotliCompressSync(body)],
	] as const)('the 1 MiB create cap, answer sent with Content-Encoding %s', (encoding, encode) => {
		/** A create answer of exactly `bytes` bytes once decoded: the campaign ID, then padding. */
		const answerOf = (bytes: number) => {
			const head = '{"campaign":{"id":5},"pad":"';
			return Buffer.from(`${head}${'p'.repeat(bytes - head.length - 2)}"}`);
		};
		const answerWith = (bytes: number) =>
			api.answer((_request, response) => {
				response.writeHead(200, { 'Content-Type': 'application/json', ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }) });
				response.end(encode(answerOf(bytes)));
			});

		test('exactly 1 MiB is accepted: the campaign is created', async () => {
			answerWith(1024 * 1024);
			const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
			expect(result.error).toBeUndefined();
			expect(result.output['IS74 Campaign'].map((item) => item.json.campaignId)).toEqual([5]);
		});

		test.each([1024 * 1024 + 1, 50 * 1000 * 1000])('%i bytes are refused and say the campaign may exist', async (bytes) => {
			answerWith(bytes);
			const result = await runWorkflow({ items, nodes: [fastCampaign({ timeoutSeconds: 30 })], credential: tokenCredential() });
			expect(paths(api.seen)).toEqual(['POST /api/campaigns']);
			expect(result.output['IS74 Campaign'] ?? []).toEqual([]);
			expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": the answer is larger than 1 MiB');
			expect(result.error?.description).toContain('the campaign may exist');
		});
	});

	test('a Content-Length over 1 MiB is refused at once, even when the answer it encodes is 1 MiB', async () => {
		// Stored, not compressed (gzip level 0): on the wire a little longer than the answer it carries.
		const answer = Buffer.from(`{"campaign":{"id":6},"pad":"${randomBytes(800 * 1024).toString('base64').slice(0, 1024 * 1024 - 30)}"}`);
		expect(answer.length).toBe(1024 * 1024);
		const wire = gzipSync(answer, { level: 0 });
		expect(wire.length).toBeGreaterThan(1024 * 1024);
		api.answer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(wire.length) });
			response.end(wire);
		});
		const result = await runWorkflow({ items, nodes: [fastCampaign()], credential: tokenCredential() });
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": the answer is larger than 1 MiB');
		expect(result.error?.description).toContain('the campaign may exist');
	});

	test('a Timeout far too large is refused before anything is sent, naming the option and the value', async () => {
		api.answer((_request, response) => reply(response, 200, { campaign: { id: 31 } }));
		const result = await runWorkflow({ items, nodes: [campaignNode({ options: { timeoutSeconds: 3_000_000 } })], credential: tokenCredential() });
		expect(paths(api.seen)).toEqual([]);
		expect(result.error?.message).toBe('Invalid Options → Timeout (Seconds): must be a whole number from 1 to 3600');
		expect(result.error?.description).toContain('3000000');
		expect(result.error?.description).toContain('Use 1 to 3600 seconds.');
	});
});
