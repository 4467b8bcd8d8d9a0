/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- the simulator is a test server, not node code: it needs node:http and timers */
/**
 * A faithful simulator of the IS74 AI Assistant API (docs/api.md) on 127.0.0.1, for tests,
 * benchmarks and the demo. It validates every request with its own reading of the document
 * (apiRules.ts, independent of the nodes' contract), keeps a log of
 * what it received, and can be told to misbehave (latency, scripted statuses, broken bodies, resets,
 * token expiry, huge reports).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { API_PATHS, REPORT_PATH, checkCampaignRequest, checkReportRequest, type CampaignRequest, type ReportRequest } from './apiRules';
import { ReportRequestError, runReport, type DialogRow, type StoredCampaign, type Visibility } from './dialogs';

export type Route = 'login' | 'campaigns' | 'report';

/** One scripted misbehaviour, used by the next request to its route. */
export interface FaultStep {
	/** Answer with this status (and body/headers) instead of handling the request. */
	status?: number;
	body?: string;
	headers?: Record<string, string>;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Handle the request for real first (a campaign is created), then misbehave with the answer. */
	handle?: boolean;
	/** Close the connection without an answer. */
	reset?: boolean;
	/** Send only the first half of the answer body, then close. */
	truncate?: boolean;
}

/**
 * How the report writes its rows' values, which a real server may vary from one answer to the next:
 * `types` answers a field as a JSON number (when its text is a number) or as text (a number as the
 * text JSON writes for it); `reverseKeys` writes every object's keys in reverse order.
 */
export interface ReportShape {
	types?: Record<string, 'number' | 'text'>;
	reverseKeys?: boolean;
}

export interface LogEntry {
	route: Route | 'unknown';
	method: string;
	path: string;
	headers: Record<string, string>;
	/** Parsed JSON body, or undefined when it was not JSON. */
	body: unknown;
	rawBody: string;
	status: number;
	receivedAt: Date;
}

export interface Account {
	login: string;
	password: string;
}

export interface SimulatorOptions {
	port?: number;
	/** Tokens that are always valid, as if issued by IS74 support. */
	staticTokens?: string[];
	accounts?: Account[];
	/** Where the login answer puts the token: `token` (default), `access_token`, `accessToken`, `data.token`… */
	loginTokenKey?: string;
	/** A login token stops working after this many authenticated calls (0: never). */
	tokenLifetimeCalls?: number;
	/** Only dialogs whose call time has passed on this clock are reported (for polling tests). */
	clock?: () => Date;
	firstCampaignId?: number;
	/** Keep request bodies in the log (turn off for very large benchmark runs). */
	logBodies?: boolean;
	maxBodyBytes?: number;
}

/** Waits `ms`, or less: until `cut` aborts (the request's test has ended), so no timer outlives it. */
const sleepMs = (ms: number, cut: AbortSignal) =>
	new Promise<void>((resolve) => {
		if (cut.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			cut.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		cut.addEventListener('abort', done, { once: true });
	});

export class Is74Simulator {
	readonly log: LogEntry[] = [];
	readonly campaigns = new Map<number, StoredCampaign>();
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private readonly faults: Record<Route, FaultStep[]> = { login: [], campaigns: [], report: [] };
	private readonly latency: Record<Route, number> = { login: 0, campaigns: 0, report: 0 };
	private readonly issuedTokens = new Map<string, number>();
	private readonly staticTokens: Set<string>;
	private nextCampaignId: number;
	private largeReportRows = 0;
	private arrivalDelay?: (row: DialogRow) => number;
	private reportLatency?: (periodMs: number) => number;
	private reportShape?: ReportShape;
	private tokenLifetimeCalls: number;
	/** Aborted by each reset (and stop): a request that arrived before belongs to a test that has ended. */
	private generation = new AbortController();

	constructor(readonly options: SimulatorOptions = {}) {
		this.staticTokens = new Set(options.staticTokens ?? ['test-token']);
		this.nextCampaignId = options.firstCampaignId ?? 1001;
		this.tokenLifetimeCalls = options.tokenLifetimeCalls ?? 0;
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The simulator is not running');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			this.handle(request, response).catch((error: unknown) => {
				if (!response.headersSent) this.send(response, 500, { message: `Simulator failure: ${String(error)}` });
			});
		});
		this.server.keepAliveTimeout = 5_000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve);
		});
		return this;
	}

	async stop(): Promise<void> {
		this.endGeneration();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
		this.server = undefined;
	}

	/** The requests that arrived so far belong to a test that has ended: each is dropped at its next wait. */
	private endGeneration(): void {
		this.generation.abort();
		this.generation = new AbortController();
	}

	/**
	 * Forget the log, scripted faults and latencies (campaigns and tokens stay). A request that arrived
	 * before and is still being received or waiting out a latency is dropped at once, acting on
	 * nothing: it belongs to the test that has ended, not to the next one.
	 */
	reset(): void {
		this.endGeneration();
		this.log.length = 0;
		for (const route of Object.keys(this.faults) as Route[]) {
			this.faults[route] = [];
			this.latency[route] = 0;
		}
		this.largeReportRows = 0;
		this.arrivalDelay = undefined;
		this.reportLatency = undefined;
		this.reportShape = undefined;
		this.tokenLifetimeCalls = this.options.tokenLifetimeCalls ?? 0;
	}

	/** Queue misbehaviours for the next requests to arrive at `route`, one step per request. */
	script(route: Route, ...steps: FaultStep[]): void {
		this.faults[route].push(...steps);
	}

	setLatency(route: Route, ms: number): void {
		this.latency[route] = ms;
	}

	/**
	 * A platform slow on long periods: each report request waits `latency(period)` ms, the period
	 * being date_end − date_start of its analytics_filter (undefined: no such wait).
	 */
	setReportLatency(latency: ((periodMs: number) => number) | undefined): void {
		this.reportLatency = latency;
	}

	/** Login tokens stop working after `calls` authenticated calls (0: never). */
	expireTokensAfter(calls: number): void {
		this.tokenLifetimeCalls = calls;
	}

	/** Every login token issued so far stops working now, as if it had expired. */
	expireIssuedTokens(): void {
		for (const token of this.issuedTokens.keys()) this.issuedTokens.set(token, Number.POSITIVE_INFINITY);
	}

	/**
	 * Results reach the platform `delay(row)` ms after the call (default: at once). Only matters
	 * with a `clock`: a row is reported once call time + delay has passed on it.
	 */
	setArrivalDelay(delay: ((row: DialogRow) => number) | undefined): void {
		this.arrivalDelay = delay;
	}

	/** From the next report on, its rows are written in this shape (undefined: as stored). */
	setReportShape(shape: ReportShape | undefined): void {
		this.reportShape = shape;
	}

	/** Every report answers with `rows` synthetic rows, written as a stream (0: normal reports). */
	setLargeReport(rows: number): void {
		this.largeReportRows = rows;
	}

	requests(route?: Route): LogEntry[] {
		return route ? this.log.filter((entry) => entry.route === route) : [...this.log];
	}

	/** Create a campaign directly (for demos and report tests), bypassing HTTP. */
	seedCampaign(body: unknown): StoredCampaign {
		const problems = checkCampaignRequest(body);
		if (problems.length > 0) throw new Error(`Not a valid campaign request: ${problems.join('; ')}`);
		return this.storeCampaign(body as CampaignRequest);
	}

	private storeCampaign(body: StoredCampaign['body']): StoredCampaign {
		const campaign: StoredCampaign = {
			id: this.nextCampaignId++,
			projectId: body.campaign.project_id,
			startBlockId: body.campaign.start_block_id,
			body,
			createdAt: new Date(),
		};
		this.campaigns.set(campaign.id, campaign);
		return campaign;
	}

	private routeOf(method: string, path: string): { route: Route | 'unknown'; projectId?: string } {
		if (method === 'POST' && path === API_PATHS.login) return { route: 'login' };
		if (method === 'POST' && path === API_PATHS.campaigns) return { route: 'campaigns' };
		const match = REPORT_PATH.exec(path);
		if (method === 'POST' && match) return { route: 'report', projectId: match[1] };
		return { route: 'unknown' };
	}

	private async readBody(request: IncomingMessage): Promise<string> {
		const limit = this.options.maxBodyBytes ?? 512 * 1024 * 1024;
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of request) {
			size += (chunk as Buffer).length;
			if (size > limit) throw new Error('body too large');
			chunks.push(chunk as Buffer);
		}
		return Buffer.concat(chunks).toString('utf8');
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const ended = this.generation.signal;
		/** After each wait: whether a reset came meanwhile; then the connection is closed and nothing done. */
		const droppedByReset = (): boolean => {
			if (!ended.aborted) return false;
			request.socket.destroy();
			return true;
		};
		/** Waits `ms` (cut short by a reset); true when the request was dropped meanwhile. */
		const waitDropped = async (ms: number): Promise<boolean> => {
			await sleepMs(ms, ended);
			return droppedByReset();
		};
		const path = (request.url ?? '/').split('?')[0];
		const method = request.method ?? 'GET';
		const { route, projectId } = this.routeOf(method, path);
		const rawBody = await this.readBody(request);
		if (droppedByReset()) return;
		let body: unknown;
		try {
			body = rawBody === '' ? undefined : JSON.parse(rawBody);
		} catch {
			body = undefined;
		}
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(request.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
		const keep = this.options.logBodies ?? true;
		const entry: LogEntry = { route, method, path, headers, body: keep ? body : undefined, rawBody: keep ? rawBody : '', status: 0, receivedAt: new Date() };
		this.log.push(entry);

		if (route === 'unknown') return this.finish(entry, response, 404, { message: `No route ${method} ${path}` });
		// The next scripted step belongs to this request as it arrives: one still waiting out a latency
		// below must not take a step scripted meanwhile for a later request (a later test's, after a reset).
		const fault = this.faults[route].shift();
		if (this.latency[route] > 0 && (await waitDropped(this.latency[route]))) return;
		if (route === 'report' && this.reportLatency) {
			const filter = (body as { analytics_filter?: { date_start?: unknown; date_end?: unknown } } | undefined)?.analytics_filter;
			const period = Date.parse(String(filter?.date_end)) - Date.parse(String(filter?.date_start));
			if (Number.isFinite(period) && (await waitDropped(this.reportLatency(period)))) return;
		}
		if (fault && !fault.handle) {
			if (fault.delayMs && (await waitDropped(fault.delayMs))) return;
			if (fault.reset) {
				entry.status = -1;
				request.socket.destroy();
				return;
			}
			return this.finishRaw(entry, response, fault.status ?? 500, fault.body ?? '', fault.headers, fault.truncate);
		}

		const answer = this.answer(route, projectId, headers, rawBody, body);
		if (fault?.handle) {
			if (fault.delayMs && (await waitDropped(fault.delayMs))) return;
			if (fault.reset) {
				entry.status = -1;
				request.socket.destroy();
				return;
			}
			// A streamed large report, cut off: half its rows are sent, then the connection closes.
			if (answer.stream && fault.truncate && fault.body === undefined) return this.streamLargeReport(entry, response, answer.stream, Math.floor(answer.stream / 2));
			const status = fault.status ?? answer.status;
			const text = fault.body ?? (typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
			return this.finishRaw(entry, response, status, text, fault.headers, fault.truncate);
		}
		if (answer.stream) return this.streamLargeReport(entry, response, answer.stream);
		return this.finish(entry, response, answer.status, answer.body);
	}

	private answer(route: Route, projectId: string | undefined, headers: Record<string, string>, rawBody: string, body: unknown): { status: number; body: unknown; stream?: number } {
		if (rawBody !== '' && body === undefined) return { status: 400, body: { message: 'The request body is not valid JSON.' } };
		if (route === 'login') return this.login(body);
		const auth = this.authenticate(headers.authorization);
		if (!auth) return { status: 401, body: { message: 'Unauthenticated.' } };
		if (route === 'campaigns') {
			const problems = checkCampaignRequest(body);
			if (problems.length > 0) return invalid(problems);
			const campaign = this.storeCampaign(body as CampaignRequest);
			return { status: 200, body: { campaign: { id: campaign.id } } };
		}
		if (!/^\d+$/.test(projectId ?? '')) return invalid([`project_id: must be an integer, got "${projectId}"`]);
		const problems = checkReportRequest(body);
		if (problems.length > 0) return invalid(problems);
		const report = body as ReportRequest;
		if (this.largeReportRows > 0) return { status: 200, body: undefined, stream: this.largeReportRows };
		const campaign = this.campaigns.get(report.analytics_filter.outgoing_campaign_id);
		const mine = campaign && String(campaign.projectId) === projectId ? campaign : undefined;
		try {
			const result = runReport(report, mine, this.visibility());
			const shape = this.reportShape;
			return { status: 200, body: shape ? { ...result, data: result.data.map((row) => reshapeRow(row, shape)) } : result };
		} catch (error) {
			if (error instanceof ReportRequestError) return invalid([error.message]);
			return { status: 500, body: { message: `Simulator failure: ${String(error)}` } };
		}
	}

	private visibility(): Visibility | undefined {
		const clock = this.options.clock;
		if (!clock) return undefined;
		const now = clock().getTime();
		return (row) => Date.parse(String(row.call_time)) + (this.arrivalDelay?.(row) ?? 0) <= now;
	}

	private login(body: unknown): { status: number; body: unknown } {
		const { login, password } = (body ?? {}) as { login?: unknown; password?: unknown };
		const missing = [typeof login !== 'string' || login === '' ? 'login: is required' : '', typeof password !== 'string' || password === '' ? 'password: is required' : ''].filter(Boolean);
		if (missing.length > 0) return invalid(missing);
		const account = (this.options.accounts ?? []).find((entry) => entry.login === login && entry.password === password);
		if (!account) return { status: 401, body: { message: 'Invalid login or password.' } };
		const token = `sim-${randomBytes(12).toString('hex')}`;
		this.issuedTokens.set(token, 0);
		const key = this.options.loginTokenKey ?? 'token';
		return { status: 200, body: key.startsWith('data.') ? { data: { [key.slice(5)]: token } } : { [key]: token, token_type: 'Bearer' } };
	}

	private authenticate(header: string | undefined): boolean {
		const match = /^Bearer (\S+)$/.exec(header ?? '');
		if (!match) return false;
		const token = match[1];
		if (this.staticTokens.has(token)) return true;
		const used = this.issuedTokens.get(token);
		if (used === undefined) return false;
		if (this.tokenLifetimeCalls > 0 && used >= this.tokenLifetimeCalls) return false;
		if (used === Number.POSITIVE_INFINITY) return false;
		this.issuedTokens.set(token, used + 1);
		return true;
	}

	private send(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
		const text = body === undefined ? '' : JSON.stringify(body);
		response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
		response.end(text);
	}

	private finish(entry: LogEntry, response: ServerResponse, status: number, body: unknown): void {
		entry.status = status;
		this.send(response, status, body);
	}

	private finishRaw(entry: LogEntry, response: ServerResponse, status: number, text: string, headers: Record<string, string> | undefined, truncate?: boolean): void {
		entry.status = status;
		const contentType = /^\s*</.test(text) ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
		const full = Buffer.from(text, 'utf8');
		response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': full.length, ...headers });
		if (truncate) {
			response.write(full.subarray(0, Math.floor(full.length / 2)));
			response.socket?.destroy();
			return;
		}
		response.end(full);
	}

	/** A report of `rows` synthetic rows, written in chunks so the simulator itself stays small. */
	private streamLargeReport(entry: LogEntry, response: ServerResponse, rows: number, cutAfterRows?: number): void {
		entry.status = 200;
		response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
		const columns = [
			{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
			{ field: 'call_time', display_name: 'Call Time', type: 'datetime' },
			{ field: 'status', display_name: 'Status', type: 'text' },
			{ field: 'duration', display_name: 'Duration', type: 'number' },
			{ field: 'goal_reached', display_name: 'Goal Reached', type: 'goal' },
		];
		const chunkRows = 5_000;
		let index = 0;
		let total = 0;
		const base = Date.UTC(2026, 0, 1, 4, 0, 0);
		const writeChunk = (): void => {
			let text = index === 0 ? `{"columns":${JSON.stringify(columns)},"data":[` : '';
			const stop = Math.min(rows, index + chunkRows);
			for (; index < stop; index++) {
				const duration = 20 + (index % 280);
				total += duration;
				text += `${index === 0 ? '' : ','}{"phone_number":"+79${String(index).padStart(9, '0')}","call_time":"${new Date(base + index * 1000).toISOString()}","status":"${index % 5 === 0 ? 'no_answer' : 'answered'}","duration":${duration},"goal_reached":${index % 3 === 0}}`;
			}
			if (cutAfterRows !== undefined && index >= cutAfterRows) {
				response.write(text);
				response.socket?.destroy();
				return;
			}
			if (index >= rows) {
				text += `],"total_duration":${total},"avg_duration":${rows === 0 ? 0 : Math.round((total / rows) * 100) / 100},"count":${rows}}`;
				response.end(text);
				return;
			}
			if (response.write(text)) setImmediate(writeChunk);
			else response.once('drain', writeChunk);
		};
		writeChunk();
	}
}

function reshapeValue(value: unknown, type: 'number' | 'text' | undefined, reverseKeys: boolean): unknown {
	if (type === 'number' && typeof value === 'string' && value.trim() !== '' && String(Number(value)) === value) return Number(value);
	if (type === 'text' && typeof value === 'number') return String(value);
	if (reverseKeys && value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reshapeValue(inner, undefined, true)]));
	}
	return value;
}

function reshapeRow(row: DialogRow, shape: ReportShape): DialogRow {
	const entries = Object.entries(row).map(([field, value]): [string, unknown] => [field, reshapeValue(value, shape.types?.[field], shape.reverseKeys === true)]);
	return Object.fromEntries(shape.reverseKeys ? entries.reverse() : entries);
}

function invalid(messages: string[]): { status: number; body: unknown } {
	const errors: Record<string, string[]> = {};
	for (const message of messages) {
		const separator = message.indexOf(': ');
		const field = separator > 0 ? message.slice(0, separator) : 'request';
		(errors[field] ??= []).push(separator > 0 ? message.slice(separator + 2) : message);
	}
	return { status: 422, body: { message: messages[0] ?? 'The given data was invalid.', errors } };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Is74Simulator> {
	return await new Is74Simulator(options).start();
}

/** Ready-made fault steps for the usual failures. */
export const faults = {
	rateLimited: (retryAfterSeconds?: number): FaultStep => ({
		status: 429,
		body: JSON.stringify({ message: 'Too Many Attempts.' }),
		headers: retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
	}),
	serverError: (status = 500, message = 'Server Error'): FaultStep => ({ status, body: JSON.stringify({ message }) }),
	htmlError: (status = 502): FaultStep => ({
		status,
		body: `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
	}),
	textError: (status = 500, text = 'Internal error, try later'): FaultStep => ({ status, body: text, headers: { 'Content-Type': 'text/plain' } }),
	malformedJson: (): FaultStep => ({ status: 200, body: '{"columns": [}, "data": ' }),
	truncated: (): FaultStep => ({ handle: true, truncate: true }),
	empty200: (): FaultStep => ({ status: 200, body: '' }),
	reset: (afterHandling = false): FaultStep => ({ reset: true, handle: afterHandling }),
	slow: (delayMs: number, afterHandling = true): FaultStep => ({ delayMs, handle: afterHandling }),
};
