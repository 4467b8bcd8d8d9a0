/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a local HTTP server for tests and `npm start`; run alone it reads its port from the environment */
/**
 * A stand-in for an OpenAI-compatible model, so AI agents can be tested without one: it speaks the Chat
 * Completions API (`POST /v1/chat/completions`, plain or streamed, and `GET /v1/models`), records every
 * request, and answers from a script: tool calls, then text. No model, no network beyond 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

/** One answer of the model: tools to call, or its final text. */
export type ModelReply = { toolCalls: ToolCall[] } | { text: string };

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ToolSchema {
	properties?: Record<string, ToolSchema>;
	required?: string[];
}

export interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: ToolSchema };
}

export interface ChatRequest {
	model?: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
}

/** Chooses the reply to a request; `turn` counts the chat requests answered so far (0 first). */
export type ModelScript = (request: ChatRequest, turn: number) => ModelReply;

export interface RecordedRequest {
	method: string;
	path: string;
	body?: unknown;
}

export const MOCK_MODEL = 'is74-mock-model';

/** Text of a message's content, whether a string or a list of parts. */
export function messageText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	if (Array.isArray(message.content)) return message.content.map((part: { text?: string }) => part?.text ?? '').join('');
	return '';
}

/**
 * A tool's own parameters, and whether n8n's human review wraps them: a tool behind a review node takes
 * `{ toolParameters: <the tool's>, hitlParameters: <the review node's> }`.
 */
function ownParameters(tool: ChatTool): { schema: ToolSchema; reviewed: boolean } {
	const wrapped = tool.function.parameters?.properties?.toolParameters;
	return wrapped?.properties ? { schema: wrapped, reviewed: true } : { schema: tool.function.parameters ?? {}, reviewed: false };
}

/**
 * The model `npm start` serves, for the agent examples: it calls the tool that takes phones with every
 * phone number in the prompt (and, if the tool asks for them, the prompt's date and its first two times
 * as the call window), then reports what the tool said.
 */
export const demoModel: ModelScript = (request) => {
	const last = request.messages[request.messages.length - 1];
	if (last?.role === 'tool') return { text: `Done. The tool answered: ${messageText(last).slice(0, 1000)}` };
	const prompt = request.messages.filter((message) => message.role === 'user').map(messageText).join('\n');
	const phones = prompt.match(/\+\d[\d ()-]{8,}\d/g) ?? [];
	const [start, end] = prompt.match(/\b\d{1,2}:\d{2}\b/g) ?? [];
	const found: Array<[RegExp, string | undefined]> = [
		[/^phones?$/i, phones.map((phone) => phone.replace(/[ ()-]/g, '')).join(', ')],
		[/date/i, /\b\d{4}-\d{2}-\d{2}\b/.exec(prompt)?.[0]],
		[/start|from/i, start],
		[/end|until/i, end],
	];
	const tool = request.tools?.find((candidate) => Object.keys(ownParameters(candidate).schema.properties ?? {}).some((key) => /^phones?$/i.test(key)));
	if (!tool || phones.length === 0) return { text: 'I found no phone numbers to call, or no tool that calls them.' };
	const { schema, reviewed } = ownParameters(tool);
	const values: Record<string, string> = {};
	for (const key of Object.keys(schema.properties ?? {})) {
		const value = found.find(([name]) => name.test(key))?.[1];
		if (value !== undefined) values[key] = value;
	}
	return { toolCalls: [{ name: tool.function.name, arguments: reviewed ? { toolParameters: values, hitlParameters: {} } : values }] };
};

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export class OpenAiMock {
	readonly requests: RecordedRequest[] = [];
	private server?: Server;
	private turn = 0;
	url = '';

	constructor(private readonly script: ModelScript = demoModel) {}

	/** The chat requests, in order. */
	get chats(): ChatRequest[] {
		return this.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => request.body as ChatRequest);
	}

	/** Starts on 127.0.0.1 (a free port unless one is given); `url` is the Base URL to give n8n, ending in /v1. */
	async start(port = 0): Promise<this> {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((ready, fail) => {
			this.server!.once('error', fail);
			this.server!.listen(port, '127.0.0.1', ready);
		});
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
		return this;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = (request.url ?? '').split('?')[0];
		const text = await readBody(request);
		let body: unknown;
		try {
			body = text === '' ? undefined : JSON.parse(text);
		} catch {
			body = text;
		}
		this.requests.push({ method: request.method ?? '', path, body });
		const json = (status: number, value: unknown) => {
			response.writeHead(status, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(value));
		};
		if (request.method === 'GET' && path === '/v1/models') {
			json(200, { object: 'list', data: [{ id: MOCK_MODEL, object: 'model', created: 0, owned_by: 'local' }] });
			return;
		}
		if (request.method !== 'POST' || path !== '/v1/chat/completions' || typeof body !== 'object' || body === null) {
			json(404, { error: { message: `The mock model answers POST /v1/chat/completions and GET /v1/models, not ${request.method} ${path}`, type: 'invalid_request_error' } });
			return;
		}
		const chat = body as ChatRequest;
		const turn = this.turn++;
		let reply: ModelReply;
		try {
			reply = this.script(chat, turn);
		} catch (error) {
			json(500, { error: { message: `The mock model's script failed: ${(error as Error).message}`, type: 'server_error' } });
			return;
		}
		const message =
			'text' in reply
				? { role: 'assistant', content: reply.text }
				: {
						role: 'assistant',
						content: null,
						tool_calls: reply.toolCalls.map((call, index) => ({
							id: `call_${turn}_${index}`,
							type: 'function',
							function: { name: call.name, arguments: JSON.stringify(call.arguments) },
						})),
					};
		const finishReason = 'text' in reply ? 'stop' : 'tool_calls';
		const id = `chatcmpl-mock-${turn}`;
		const model = chat.model ?? MOCK_MODEL;
		const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
		if (!chat.stream) {
			json(200, { id, object: 'chat.completion', created: 0, model, choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }], usage });
			return;
		}
		// Streamed: the whole message in one delta, then the finish reason, then [DONE].
		response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
		const chunk = (delta: object, finish: string | null, extra: object = {}) =>
			`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
		const delta = 'tool_calls' in message ? { ...message, tool_calls: message.tool_calls!.map((call, index) => ({ index, ...call })) } : message;
		response.write(chunk(delta, null));
		response.write(chunk({}, finishReason, { usage }));
		response.end('data: [DONE]\n\n');
	}
}

// `node -r ts-node/register/transpile-only harness/openAiMock.ts`: the demo model on IS74_MODEL_PORT (npm start).
if (require.main === module) {
	const port = Number(process.env.IS74_MODEL_PORT ?? 5691);
	void new OpenAiMock().start(port).then((mock) => {
		process.stdout.write(`OpenAI-compatible mock model listening on ${mock.url}\n`);
		const stop = () => void mock.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
