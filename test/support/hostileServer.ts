/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test server on 127.0.0.1, with timers to trickle answers */
/**
 * A deliberately misbehaving HTTP server on 127.0.0.1 for tests: each test says how it answers,
 * and every request it receives is recorded (method, path, headers, body, and whether the client
 * closed the connection before the answer was finished).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
}

export type HostileHandler = (request: SeenRequest, response: ServerResponse, socket: Socket) => void | Promise<void>;

export interface HostileServer {
	url: string;
	/** Requests received, in order. */
	seen: SeenRequest[];
	/** Sets how the next requests are answered (the default answers 404). */
	answer(handler: HostileHandler): void;
	/** Forgets the requests seen and answers 404 again. */
	reset(): void;
	stop(): Promise<void>;
}

const notFound: HostileHandler = (_request, response) => {
	response.writeHead(404, { 'Content-Type': 'application/json' });
	response.end('{"message":"not found"}');
};

export async function startHostileServer(): Promise<HostileServer> {
	const seen: SeenRequest[] = [];
	let handler: HostileHandler = notFound;
	const sockets = new Set<Socket>();
	const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(request.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
			const entry: SeenRequest = { method: request.method ?? '', path: request.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
			seen.push(entry);
			Promise.resolve(handler(entry, response, request.socket)).catch(() => request.socket.destroy());
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		answer(next) {
			handler = next;
		},
		reset() {
			seen.length = 0;
			handler = notFound;
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** Answers with a status, JSON (or text) body and headers. */
export function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	response.end(text);
}

/** Writes `text` one byte every `everyMs`, stopping when the client goes away. Resolves with whether it finished. */
export async function trickle(response: ServerResponse, text: string, everyMs: number): Promise<boolean> {
	return await trickleWithStatus(response, 200, text, everyMs);
}

/** As `trickle`, answering `status` (an error page dripped byte by byte). */
export async function trickleWithStatus(response: ServerResponse, status: number, text: string, everyMs: number): Promise<boolean> {
	response.writeHead(status, { 'Content-Type': 'application/json' });
	for (const byte of Buffer.from(text, 'utf8')) {
		if (response.destroyed || response.socket?.destroyed) return false;
		response.write(Buffer.from([byte]));
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
	response.end();
	return true;
}

/** Resolves when `response` can take more data, or the client went away. */
export async function drainedOrClosed(response: ServerResponse): Promise<void> {
	await new Promise<void>((resolve) => {
		const done = () => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.on('drain', done);
		response.on('close', done);
	});
}

/**
 * For a test file: a hostile "API" server and an "other host" that a redirect may point to and that
 * answers everything with `otherAnswers`. Before each test the API forgets its requests and answers
 * 404 again, and the other host forgets its requests.
 */
export function useApiAndOtherHost(otherAnswers: HostileHandler): { api: () => HostileServer; other: () => HostileServer } {
	let api: HostileServer;
	let other: HostileServer;
	beforeAll(async () => {
		api = await startHostileServer();
		other = await startHostileServer();
		other.answer(otherAnswers);
	});
	afterAll(async () => {
		await api.stop();
		await other.stop();
	});
	beforeEach(() => {
		api.reset();
		other.seen.length = 0;
	});
	return { api: () => api, other: () => other };
}
