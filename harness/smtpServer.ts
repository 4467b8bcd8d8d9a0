/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a local SMTP server for tests and `npm start`; run alone it reads its port from the environment */
/**
 * A mailbox on 127.0.0.1 for the human-review example: just enough SMTP (no TLS, no authentication) for
 * n8n's Send Email node to deliver to, keeping every message so a test (or a person, through
 * the page on its HTTP side) can read what the reviewer was sent and follow its links.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface MailMessage {
	from: string;
	to: string[];
	/** Header names in lower case, values unfolded and decoded. */
	headers: Record<string, string>;
	subject: string;
	/** The body, its transfer encoding undone (a single-part message, as Send Email sends). */
	body: string;
}

/** Undoes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
function decodeWords(value: string): string {
	return value.replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_word, encoding: string, text: string) =>
		encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
	);
}

function decodeQuotedPrintable(text: string): string {
	const bytes: number[] = [];
	const source = text.replace(/=\r?\n/g, '');
	for (let index = 0; index < source.length; index++) {
		if (source[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(index + 1, index + 3))) {
			bytes.push(parseInt(source.slice(index + 1, index + 3), 16));
			index += 2;
		} else {
			bytes.push(...Buffer.from(source[index], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** Reads one message as it came after DATA (dot-stuffing already undone). */
export function parseMessage(raw: string, from: string, to: string[]): MailMessage {
	const split = raw.indexOf('\r\n\r\n');
	const head = split < 0 ? raw : raw.slice(0, split);
	const content = split < 0 ? '' : raw.slice(split + 4);
	const headers: Record<string, string> = {};
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
	}
	const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
	const body = encoding === 'base64' ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(content) : content;
	return { from, to, headers, subject: headers.subject ?? '', body };
}

export class SmtpServer {
	readonly messages: MailMessage[] = [];
	private server?: Server;
	private http?: HttpServer;
	private readonly sockets = new Set<Socket>();
	private waiters: Array<() => void> = [];
	port = 0;
	/** The mailbox in a browser (only when started with an HTTP port): the messages newest first, each as it renders. */
	httpUrl = '';

	/** Starts on 127.0.0.1 (a free port unless one is given); `httpPort`, when given, serves the mailbox page and GET /messages (JSON). */
	async start(port = 0, httpPort?: number): Promise<this> {
		this.server = createServer((socket) => this.session(socket));
		await new Promise<void>((ready, fail) => {
			this.server!.once('error', fail);
			this.server!.listen(port, '127.0.0.1', ready);
		});
		this.port = (this.server.address() as AddressInfo).port;
		if (httpPort !== undefined) {
			this.http = createHttpServer((request, response) => {
				if ((request.url ?? '/').split('?')[0] === '/messages') {
					response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
					response.end(JSON.stringify(this.messages, null, 2));
					return;
				}
				response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
				response.end(this.page());
			});
			await new Promise<void>((ready, fail) => {
				this.http!.once('error', fail);
				this.http!.listen(httpPort, '127.0.0.1', ready);
			});
			this.httpUrl = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/`;
		}
		return this;
	}

	/** Each message in a sandboxed frame (its links open in a new tab: the reviewer's click). */
	private page(): string {
		const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
		const items = [...this.messages].reverse().map(
			(message) =>
				`<section><h2>${escape(message.subject)}</h2><p>To ${escape(message.to.join(', '))}, ${escape(message.headers.date ?? '')}</p>` +
				`<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escape(message.body)}"></iframe></section>`,
		);
		return (
			'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Local mailbox</title>' +
			'<style>body{font-family:sans-serif;margin:24px}iframe{width:100%;height:420px;border:1px solid #ccc}</style></head><body>' +
			`<h1>Local mailbox (${this.messages.length})</h1><p>Mail sent to the SMTP server on 127.0.0.1:${this.port}. Reload to see new messages.</p>` +
			`${items.join('') || '<p>No messages yet.</p>'}</body></html>`
		);
	}

	/** The `count`-th message (1 = the first), once it has arrived; undefined after `ms`. */
	async waitForMessage(count: number, ms: number): Promise<MailMessage | undefined> {
		const deadline = Date.now() + ms;
		while (this.messages.length < count && Date.now() < deadline) {
			await new Promise<void>((arrived) => {
				const timer = setTimeout(arrived, Math.min(1000, Math.max(0, deadline - Date.now())));
				this.waiters.push(() => {
					clearTimeout(timer);
					arrived();
				});
			});
		}
		return this.messages[count - 1];
	}

	reset(): void {
		this.messages.length = 0;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		if (this.http) {
			this.http.closeAllConnections();
			await new Promise((done) => this.http!.close(done));
		}
		if (this.server) await new Promise((done) => this.server!.close(done));
	}

	private session(socket: Socket): void {
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		const say = (line: string) => socket.write(`${line}\r\n`);
		let buffer = '';
		let from = '';
		let to: string[] = [];
		let data: string[] | undefined;
		say('220 127.0.0.1 IS74 test mailbox');
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (data) {
					if (line !== '.') {
						data.push(line.startsWith('.') ? line.slice(1) : line);
						continue;
					}
					this.messages.push(parseMessage(data.join('\r\n'), from, to));
					for (const wake of this.waiters.splice(0)) wake();
					data = undefined;
					say('250 OK: message kept');
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') say('250-127.0.0.1\r\n250-8BITMIME\r\n250 SMTPUTF8');
				else if (verb === 'HELO') say('250 127.0.0.1');
				else if (verb === 'MAIL') {
					from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					to = [];
					say('250 OK');
				} else if (verb === 'RCPT') {
					to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					say('250 OK');
				} else if (verb === 'DATA') {
					data = [];
					say('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'QUIT') {
					say('221 Bye');
					socket.end();
				} else if (verb === 'RSET' || verb === 'NOOP') say('250 OK');
				else say('502 Command not implemented');
			}
		});
	}
}

// `node -r ts-node/register/transpile-only harness/smtpServer.ts`: the mailbox on IS74_SMTP_PORT, read at IS74_MAILBOX_PORT (npm start).
if (require.main === module) {
	const port = Number(process.env.IS74_SMTP_PORT ?? 5692);
	const httpPort = Number(process.env.IS74_MAILBOX_PORT ?? 5693);
	void new SmtpServer().start(port, httpPort).then((mailbox) => {
		process.stdout.write(`SMTP mailbox listening on 127.0.0.1:${mailbox.port}; read it at ${mailbox.httpUrl}\n`);
		const stop = () => void mailbox.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
