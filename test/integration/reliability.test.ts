/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- fake, recognisable secrets; the fault table is written to a file for the README */
/**
 * What happens when things go wrong: every fault the simulator can produce on every route, a corpus
 * of bad inputs, and recognisable secrets driven through every error path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';

import { faults, type FaultStep, type Route } from '../../simulator/server';
import { loggedLines, runWorkflow, type RunResult } from '../../harness/engine';
import { LOGIN, loginCredential, tokenCredential, useSimulator } from '../support/simulator';
import { FUTURE_DATE, analyticsNode, campaignNode } from '../../harness/workflowNodes';
import { reply, trickle, useApiAndOtherHost, type HostileServer } from '../support/hostileServer';
import { leakedRuns } from '../support/secretLeaks';

const sim = useSimulator();
const items = [{ phone: '+79125000001', name: 'A' }];
/**
 * Timeouts: 1 s where a case waits one out (a quick test), else 30 s, so that no normal answer must
 * arrive within a second of real time (a loaded machine could miss it and fail the case for nothing).
 */
const WAITED_OUT = 1;
const ROOM = 30;
/** The Analytics retry options of every case; each case sets its Timeout (WAITED_OUT or ROOM). */
const fast = { initialRetryDelayMs: 10 };

interface FaultCase {
	route: Route;
	fault: string;
	steps: FaultStep[] | ((sim: ReturnType<typeof useSimulator>) => void);
	/** Requests the route received. */
	attempts: number;
	/** undefined: the run succeeds; otherwise a substring of the final error message. */
	error?: string;
	/** Campaigns that exist afterwards (campaign route only). */
	created?: number;
	/** The Timeout (s) when the case waits one out. */
	timeoutSeconds?: number;
}

const CASES: FaultCase[] = [
	{ route: 'campaigns', fault: 'latency past the timeout (campaign created server-side)', steps: [faults.slow(1500)], attempts: 1, error: 'no answer before the timeout', created: 1, timeoutSeconds: WAITED_OUT },
	{ route: 'campaigns', fault: '429 with Retry-After: 0', steps: [faults.rateLimited(0)], attempts: 2, created: 1 },
	{ route: 'campaigns', fault: '429 without Retry-After (backoff)', steps: [faults.rateLimited()], attempts: 2, created: 1 },
	{ route: 'campaigns', fault: '429 with Retry-After: 3600', steps: [faults.rateLimited(3600)], attempts: 1, error: 'HTTP 429', created: 0 },
	{ route: 'campaigns', fault: '500', steps: [faults.serverError(500)], attempts: 1, error: 'HTTP 500 — Server Error', created: 0 },
	{ route: 'campaigns', fault: '502 HTML page', steps: [faults.htmlError(502)], attempts: 1, error: 'HTTP 502 — 502 Bad Gateway', created: 0 },
	{ route: 'campaigns', fault: '503 plain text', steps: [faults.textError(503, 'maintenance')], attempts: 1, error: 'HTTP 503 — maintenance', created: 0 },
	{ route: 'campaigns', fault: 'connection reset before handling', steps: [faults.reset(false)], attempts: 1, error: 'the connection was closed', created: 0 },
	{ route: 'campaigns', fault: 'connection reset after handling', steps: [faults.reset(true)], attempts: 1, error: 'the connection was closed', created: 1 },
	{ route: 'campaigns', fault: 'truncated JSON answer', steps: [faults.truncated()], attempts: 1, error: 'the connection was closed', created: 1 },
	{ route: 'campaigns', fault: 'malformed JSON answer (200)', steps: [faults.malformedJson()], attempts: 1, error: 'holds no campaign ID', created: 0 },
	{ route: 'campaigns', fault: 'empty 200', steps: [faults.empty200()], attempts: 1, error: 'holds no campaign ID', created: 0 },
	{ route: 'campaigns', fault: 'expired token (401, token credential)', steps: [{ status: 401, body: '{"message":"Token expired."}' }, { status: 401, body: '{"message":"Token expired."}' }], attempts: 2, error: 'HTTP 401 — Token expired.', created: 0 },
	// 3 s: the retry's normal answer must arrive within it.
	{ route: 'report', fault: 'latency past the timeout', steps: [faults.slow(10_000, false)], attempts: 2, timeoutSeconds: 3 },
	{ route: 'report', fault: '429 with Retry-After: 0', steps: [faults.rateLimited(0)], attempts: 2 },
	{ route: 'report', fault: '429 without Retry-After (backoff)', steps: [faults.rateLimited()], attempts: 2 },
	{ route: 'report', fault: '500 ×4 (retries exhausted)', steps: [faults.serverError(500), faults.serverError(500), faults.serverError(500), faults.serverError(500)], attempts: 4, error: 'HTTP 500 — Server Error' },
	{ route: 'report', fault: '502 HTML page', steps: [faults.htmlError(502)], attempts: 2 },
	{ route: 'report', fault: '503 plain text', steps: [faults.textError(503)], attempts: 2 },
	{ route: 'report', fault: 'connection reset', steps: [faults.reset()], attempts: 2 },
	{ route: 'report', fault: 'truncated JSON answer', steps: [faults.truncated()], attempts: 2 },
	{ route: 'report', fault: 'malformed JSON answer (200)', steps: [faults.malformedJson()], attempts: 1, error: 'the report is not valid JSON' },
	{ route: 'report', fault: 'empty 200', steps: [faults.empty200()], attempts: 1 },
	{ route: 'report', fault: '400 with a 3 MB body (read to 64 KB, rest dropped)', steps: [{ status: 400, body: JSON.stringify({ message: 'Bad filter', trace: 'x'.repeat(3_000_000) }) }], attempts: 1, error: 'HTTP 400 — {"message":"Bad filter","trace":"xxx' },
	{ route: 'report', fault: 'expired token (401, token credential)', steps: [{ status: 401, body: '{"message":"Token expired."}' }, { status: 401, body: '{"message":"Token expired."}' }], attempts: 2, error: 'HTTP 401 — Token expired.' },
	{ route: 'login', fault: '500 on login', steps: [faults.serverError(500)], attempts: 1, error: 'IS74 login was rejected (HTTP 500)' },
	{ route: 'login', fault: '502 HTML page on login', steps: [faults.htmlError(502)], attempts: 1, error: 'IS74 login was rejected (HTTP 502)' },
	{ route: 'login', fault: 'connection reset on login', steps: [faults.reset()], attempts: 1, error: 'IS74 login failed: could not reach' },
	{ route: 'login', fault: 'malformed JSON on login (200)', steps: [faults.malformedJson()], attempts: 1, error: 'IS74 login answered without a token' },
	{ route: 'login', fault: 'empty 200 on login', steps: [faults.empty200()], attempts: 1, error: 'IS74 login answered without a token' },
	{ route: 'login', fault: 'token expired after 1 call', steps: (get) => get().expireTokensAfter(1), attempts: 2 },
];

const table: string[] = [];
/** Rows from the hostile servers, written after the simulator's. */
const hostileTable: string[] = [];

/** Faults the simulator cannot produce: a hostile server answers instead, with another host beside it. */
interface HostileCase {
	route: Route;
	fault: string;
	answer: (response: ServerResponse, socket: Socket, otherUrl: string) => void;
	/** Requests the API host received; the other host must receive none. */
	attempts: number;
	error: string;
	/** For a create: whether the error must say the campaign may exist. */
	mayExist?: boolean;
	/** The Timeout (s) when the case waits one out. */
	timeoutSeconds?: number;
}

const ROWS = '{"data":[{"n":1},{"n":2},{"n":3}],"count":3}';
const HOSTILE_CASES: HostileCase[] = [
	{ route: 'campaigns', fault: '307 redirect to another host', answer: (response, _socket, other) => reply(response, 307, '', { Location: `${other}/api/campaigns` }), attempts: 1, error: 'HTTP 307 — redirected to', mayExist: false },
	{ route: 'campaigns', fault: '303 redirect (after acting on the create)', answer: (response) => reply(response, 303, '', { Location: '/api/campaigns/7' }), attempts: 1, error: 'HTTP 303 — redirected to', mayExist: true },
	{ route: 'report', fault: '302 redirect to another host', answer: (response, _socket, other) => reply(response, 302, '', { Location: `${other}/report` }), attempts: 1, error: 'HTTP 302 — redirected to' },
	{ route: 'login', fault: '307 redirect to another host', answer: (response, _socket, other) => reply(response, 307, '', { Location: `${other}/api/login` }), attempts: 1, error: 'IS74 login was redirected (HTTP 307)' },
	{ route: 'campaigns', fault: 'answer trickling a byte every 200 ms', answer: (response) => void trickle(response, '{"campaign":{"id":5}}'.padStart(40), 200), attempts: 1, error: 'no answer before the timeout', mayExist: true, timeoutSeconds: WAITED_OUT },
	{ route: 'report', fault: 'answer trickling a byte every 200 ms (×2)', answer: (response) => void trickle(response, ROWS, 200), attempts: 2, error: 'no answer before the timeout', timeoutSeconds: WAITED_OUT },
	{ route: 'campaigns', fault: 'corrupt gzip answer after the create arrived', answer: (response) => { response.writeHead(200, { 'Content-Encoding': 'gzip' }); response.end('not gzip'); }, attempts: 1, error: 'the answer could not be decompressed', mayExist: true },
	{ route: 'campaigns', fault: 'bytes that are not HTTP after the create arrived', answer: (_response, socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'), attempts: 1, error: 'the answer was not valid HTTP', mayExist: true },
	{ route: 'campaigns', fault: 'oversized header after the create arrived', answer: (response) => reply(response, 200, '{"campaign":{"id":5}}', { 'X-Padding': 'p'.repeat(100_000) }), attempts: 1, error: 'the answer was not valid HTTP', mayExist: true },
	{ route: 'report', fault: 'bytes that are not HTTP (not retried)', answer: (_response, socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'), attempts: 1, error: 'the answer was not valid HTTP' },
];

describe('hostile servers', () => {
	const hosts = useApiAndOtherHost((_request, response) => reply(response, 200, { token: 'x', campaign: { id: 999 }, data: [] }));
	let api: HostileServer;
	let other: HostileServer;
	beforeEach(() => {
		api = hosts.api();
		other = hosts.other();
	});

	describe.each(HOSTILE_CASES)('$route: $fault', (entry) => {
		test(`${entry.attempts} request(s), none to another host, fails clearly`, async () => {
			api.answer((request, response, socket) => {
				// The login of a login-and-password credential is answered normally unless it is the route under test.
				if (entry.route !== 'login' && request.path === '/api/login') return reply(response, 200, { token: 'session' });
				entry.answer(response, socket, other.url);
			});
			const credential = { baseUrl: api.url, authentication: 'accessToken', accessToken: 'hostile-token', sessionToken: '' };
			const login = { baseUrl: api.url, authentication: 'loginPassword', login: 'operator', password: 'hostile-pass', loginPath: '/api/login', sessionToken: '' };
			const timeoutSeconds = entry.timeoutSeconds ?? ROOM;
			const node = entry.route === 'report' ? analyticsNode({ output: 'summary', options: { ...fast, timeoutSeconds, maxRetries: 1 } }) : campaignNode({ options: { timeoutSeconds } });
			const result = await runWorkflow({ items, nodes: [node], credential: entry.route === 'login' ? login : credential });
			expect(other.seen).toEqual([]);
			expect(api.seen).toHaveLength(entry.attempts);
			expect(result.error?.message).toContain(entry.error);
			if (entry.mayExist !== undefined) expect(result.error?.description).toContain(entry.mayExist ? 'the campaign may exist' : 'Nothing was created.');
			hostileTable.push(`| ${entry.route} | ${entry.fault} | ${api.seen.length} | error: ${(result.error?.message ?? '').replace(/\|/g, '/').split(other.url).join('http://other-host').split(api.url).join('http://api-host')} | ${entry.mayExist === undefined ? '–' : entry.mayExist ? 'may exist' : '0'} |`);
		});
	});
});

describe.each(CASES)('$route: $fault', (entry) => {
	test(`${entry.attempts} attempt(s), ${entry.error ? 'fails clearly' : 'succeeds'}`, async () => {
		const before = sim().campaigns.size;
		if (typeof entry.steps === 'function') entry.steps(sim);
		else sim().script(entry.route, ...entry.steps);
		const loginRoute = entry.route === 'login';
		const timeoutSeconds = entry.timeoutSeconds ?? ROOM;
		const node = entry.route === 'report' ? analyticsNode({ output: 'summary', options: { ...fast, timeoutSeconds } }) : campaignNode({ options: { timeoutSeconds } });
		// For "token expired after 1 call" the login token is used twice: a report, then the campaign.
		const nodes = entry.fault.startsWith('token expired')
			? [analyticsNode({ output: 'summary' }), campaignNode({ phone: "={{ $('Test Input').item.json.phone }}", scenarioDataMode: 'none' })]
			: [node];
		const result: RunResult = await runWorkflow({ items, nodes, credential: loginRoute ? loginCredential(sim()) : tokenCredential(sim()) });
		const attempts = sim().requests(entry.route).length;
		expect(attempts).toBe(entry.attempts);
		if (entry.error) expect(result.error?.message).toContain(entry.error);
		else expect(result.error).toBeUndefined();
		if (entry.created !== undefined) expect(sim().campaigns.size - before).toBe(entry.created);
		if (entry.route === 'campaigns' && entry.error) {
			expect(result.error?.description).toMatch(entry.created ? /may exist|probably created/ : /Nothing was created|probably created|may exist/);
		}
		const outcome = result.error ? `error: ${result.error.message.replace(/\|/g, '/')}` : 'success';
		table.push(`| ${entry.route} | ${entry.fault} | ${attempts} | ${outcome} | ${entry.created ?? '–'} |`);
	});
});

afterAll(() => {
	mkdirSync(join(__dirname, '../../.tmp'), { recursive: true });
	writeFileSync(
		join(__dirname, '../../.tmp/fault-table.md'),
		['| route | fault | requests | outcome | campaigns created |', '|---|---|---|---|---|', ...table, ...hostileTable].join('\n') + '\n',
	);
});

describe('bad input corpus: NodeOperationError naming item, field and value; zero requests', () => {
	const huge = 'x'.repeat(100_000);
	const campaignCases: Array<[string, Record<string, unknown>, object[] | undefined, string]> = [
		['phone too short', {}, [{ phone: '8912' }], 'Phone (phones[].phone)'],
		['phone with letters', {}, [{ phone: '8912abc4567' }], 'Phone (phones[].phone)'],
		['phone null', {}, [{ phone: null }], 'Phone (phones[].phone)'],
		['phone as object', {}, [{ phone: { number: '89120000000' } }], 'Phone (phones[].phone)'],
		['phone as array holding a bad phone', {}, [{ phone: ['8912000000', '89120000000'] }], 'Phone (phones[].phone) [0]'],
		['phone huge string', {}, [{ phone: huge }], 'Phone (phones[].phone)'],
		['phone unicode digits', {}, [{ phone: '８９１２０００００００' }], 'Phone (phones[].phone)'],
		['phone +7 with 9 digits', {}, [{ phone: '+7912000000' }], 'Phone (phones[].phone)'],
		['phone 00 prefix', {}, [{ phone: '0079120000000' }], 'Phone (phones[].phone)'],
		['no items with a phone field', { phone: '={{ $json.tel }}' }, [{ phone: '+79120000000' }], 'Phone (phones[].phone)'],
		['project ID zero', { projectId: 0 }, undefined, 'Project ID (project_id)'],
		['project ID negative', { projectId: -3 }, undefined, 'Project ID (project_id)'],
		['project ID fractional', { projectId: 1.5 }, undefined, 'Project ID (project_id)'],
		['start block ID as words', { startBlockId: '={{ "ten" }}' }, undefined, 'Scenario Start Block ID (start_block_id)'],
		['caller phone ID null', { phoneId: '={{ null }}' }, undefined, 'Caller Phone ID (phone_id)'],
		['caller phone ID huge', { phoneId: 1e20 }, undefined, 'Caller Phone ID (phone_id)'],
		['campaign name empty (by expression)', { campaignName: '={{ "" }}' }, undefined, 'Campaign Name (name)'],
		['description as object', { campaignDescription: '={{ { a: 1 } }}' }, undefined, 'Description (description)'],
		['date in the past', { date: '2001-01-01' }, undefined, 'Date (schedule.date)'],
		['date impossible', { date: '2030-02-30' }, undefined, 'Date (schedule.date)'],
		['date words', { date: 'next friday' }, undefined, 'Date (schedule.date)'],
		['date empty (by expression)', { date: '={{ "" }}' }, undefined, 'Date (schedule.date)'],
		['start time 24:00', { startTime: '24:00' }, undefined, 'Start Time (schedule.start_time)'],
		['start time with seconds', { startTime: '09:00:15' }, undefined, 'Start Time (schedule.start_time)'],
		['end time equal to start', { endTime: '09:00' }, undefined, 'End Time (schedule.end_time)'],
		['end time as number', { endTime: '={{ 1800 }}' }, undefined, 'End Time (schedule.end_time)'],
		['attempts 0', { attempts: 0 }, undefined, 'Attempts (schedule.attempts)'],
		['attempts 6', { attempts: 6 }, undefined, 'Attempts (schedule.attempts)'],
		['attempts 2.5', { attempts: 2.5 }, undefined, 'Attempts (schedule.attempts)'],
		['interval negative', { intervalMinutes: -5 }, undefined, 'Minutes Between Attempts (schedule.interval)'],
		['interval fractional', { intervalMinutes: 2.5 }, undefined, 'Minutes Between Attempts (schedule.interval)'],
		['scenario JSON an array', { scenarioDataMode: 'json', scenarioJson: '[1,2]' }, undefined, 'Scenario Data (phones[].add_data)'],
		['scenario JSON broken', { scenarioDataMode: 'json', scenarioJson: '{"name": }' }, undefined, 'Scenario Data (phones[].add_data)'],
		['scenario JSON null', { scenarioDataMode: 'json', scenarioJson: '={{ null }}' }, undefined, 'Scenario Data (phones[].add_data)'],
		['scenario value nested', { scenarioDataMode: 'json', scenarioJson: '{"address": {"city": "Miass"}}' }, undefined, 'Scenario Data (phones[].add_data) → "address"'],
		['scenario parameter without name', { scenarioFields: { values: [{ key: ' ', value: 'x' }] } }, undefined, 'Scenario Data (phones[].add_data)'],
		['max per campaign negative', { options: { maxRecipientsPerCampaign: -1 } }, undefined, 'Options → Max Recipients per Campaign'],
		['per-item list is an object', { recipientsMode: 'perItem', phoneList: '={{ { a: 1 } }}' }, undefined, 'Phone (phones[].phone) [0]'],
		['per-item list empty', { recipientsMode: 'perItem', phoneList: '={{ [] }}' }, undefined, 'Recipients'],
	];
	const analyticsCases: Array<[string, Record<string, unknown>, string]> = [
		['campaign ID missing', { campaignId: '={{ $json.nothing }}' }, 'Campaign ID (outgoing_campaign_id)'],
		['scenario ID as text', { scenarioId: '={{ "951a" }}' }, 'Scenario ID (scenario_id)'],
		['project ID zero', { projectId: 0 }, 'Project ID (path project_id)'],
		['start block ID negative', { startBlockId: -10 }, 'Scenario Start Block ID (start_block_id)'],
		['custom end before start', { start: `${FUTURE_DATE}T12:00:00`, end: `${FUTURE_DATE}T11:00:00` }, 'End (date_end)'],
		['custom start empty (by expression)', { start: '={{ "" }}' }, 'Start (date_start)'],
		['custom end words', { end: 'tomorrow' }, 'End (date_end)'],
		['filter without value', { columns: { column: [{ name: 'status', filterType: 'contains', filterValue: '' }] } }, 'Columns [0] → Filter Value'],
		['column without name or type', { columns: { column: [{ displayName: 'Nameless' }] } }, 'Columns [0]'],
		['columns JSON an object', { columnsMode: 'json', columnsJson: '{"name": "status"}' }, 'Columns (JSON)'],
		['columns JSON broken', { columnsMode: 'json', columnsJson: '[{"name": ' }, 'Columns (JSON)'],
		['columns JSON unknown filter', { columnsMode: 'json', columnsJson: '[{"name": "status", "filter_type": "regex"}]' }, 'Columns (JSON) [0]'],
		['columns JSON unknown key', { columnsMode: 'json', columnsJson: '[{"name": "status", "where": "x"}]' }, 'Columns (JSON) [0]'],
		['columns JSON null entry', { columnsMode: 'json', columnsJson: '[null]' }, 'Columns (JSON) [0]'],
		['columns JSON id as text', { columnsMode: 'json', columnsJson: '[{"id": "1", "name": "status"}]' }, 'Columns (JSON) [0]'],
		['columns JSON unicode name type', { columnsMode: 'json', columnsJson: '[{"name": "статус", "sorting": "вверх"}]' }, 'Columns (JSON) [0]'],
	];

	test.each(campaignCases)('campaign: %s', async (_case, parameters, input, field) => {
		const result = await runWorkflow({ items: (input ?? items) as never, nodes: [campaignNode(parameters as never)], credential: tokenCredential(sim()) });
		expect(sim().log).toHaveLength(0);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toContain(`Invalid ${field}`);
		expect(result.error?.description).toMatch(/^Item \d+, field ".+", value .+\. .+/);
	});

	test.each(analyticsCases)('analytics: %s', async (_case, parameters, field) => {
		const result = await runWorkflow({ items: [{}], nodes: [analyticsNode(parameters as never)], credential: tokenCredential(sim()) });
		expect(sim().log).toHaveLength(0);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toContain(`Invalid ${field}`);
		expect(result.error?.description).toMatch(/^Item 0, field ".+", value .+\. .+/);
	});

	test('the corpus has at least 40 cases', () => {
		expect(campaignCases.length + analyticsCases.length).toBeGreaterThanOrEqual(40);
	});
});

describe('secret hygiene', () => {
	const TOKEN = 'TOKEN-SECRET-ZX81-must-not-leak';
	const PASSWORD = 'PASS-SECRET-QW72-must-not-leak';
	const secrets = [TOKEN, PASSWORD];

	function serialized(result: RunResult): string {
		return JSON.stringify(result.run, (_key, value: unknown) =>
			value instanceof Error
				? { ...value, message: value.message, stack: value.stack, description: (value as { description?: unknown }).description, cause: (value as { cause?: unknown }).cause }
				: value,
		);
	}

	const echo = (text: string): FaultStep => ({ status: 500, body: JSON.stringify({ message: text }) });
	const paths: Array<[string, () => FaultStep[], 'token' | 'login', 'campaigns' | 'report' | 'login', boolean]> = [
		['rejected token', () => [{ status: 401, body: '{"message":"Unauthenticated."}' }, { status: 401, body: '{"message":"Unauthenticated."}' }], 'token', 'campaigns', false],
		['server echoes the bearer header', () => [echo(`bad header Authorization: Bearer ${TOKEN}`)], 'token', 'campaigns', false],
		['server echoes the raw token', () => [echo(`token ${TOKEN} is not allowed`)], 'token', 'report', false],
		['HTML page with the token', () => [{ status: 502, body: `<html><body>Bearer ${TOKEN}</body></html>` }, { status: 502, body: `<html><body>${TOKEN}</body></html>` }, faults.htmlError(), faults.htmlError()], 'token', 'report', false],
		['login rejected', () => [{ status: 401, body: JSON.stringify({ message: `wrong password ${PASSWORD}` }) }], 'login', 'login', false],
		['login 500 echoing the body', () => [echo(`could not log in {"login":"${LOGIN.login}","password":"${PASSWORD}"}`)], 'login', 'login', false],
		['server echoes the token lower-cased and percent-encoded', () => [echo(`token=${[...TOKEN.toLowerCase()].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('')}`)], 'token', 'campaigns', false],
		['login page with the password as HTML entities', () => [{ status: 401, body: `<html><title>wrong ${[...PASSWORD].map((char) => `&#x${char.charCodeAt(0).toString(16)};`).join('')}</title></html>` }], 'login', 'login', false],
		['connection reset with continue on fail', () => [faults.reset()], 'token', 'campaigns', true],
		['timeout with continue on fail', () => [faults.slow(1500)], 'token', 'campaigns', true],
	];

	test.each(paths)('%s', async (_case, steps, mode, route, continueOnFail) => {
		loggedLines.length = 0;
		sim().script(route, ...steps());
		const credential = mode === 'token' ? tokenCredential(sim(), { accessToken: TOKEN }) : loginCredential(sim(), { password: PASSWORD });
		const options = { options: { ...(route === 'report' ? fast : {}), timeoutSeconds: _case.startsWith('timeout') ? WAITED_OUT : ROOM } };
		const node = route === 'report' ? analyticsNode(options, continueOnFail) : campaignNode(options, continueOnFail);
		const staticToken = mode === 'token' ? [TOKEN] : [];
		const result = await runWorkflow({ items, nodes: [node], credential });
		const text = serialized(result) + loggedLines.join('\n');
		for (const secret of [...secrets, ...staticToken]) expect(leakedRuns(text, secret)).toEqual([]);
		expect(text).not.toMatch(/"config":|"Authorization":/);
		// The path really failed: as the workflow error, or as an error item with continue on fail.
		const nodeName = route === 'report' ? 'IS74 Analytics' : 'IS74 Campaign';
		expect(result.error?.message ?? result.output[nodeName]?.[0]?.json.error).toBeTruthy();
	});
});
