/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- the e2e harness drives a real n8n: it needs child processes, files and the environment */
/**
 * A throwaway real n8n (cached outside the repo by scripts/ensure-runtime.sh) with this package
 * installed the way users install it: the packed tarball under ~/.n8n/nodes. IS74_N8N_VERSION chooses
 * the n8n: 2.41.1 (on Node 24) unless it says otherwise, e.g. 1.123.81 (on Node 22).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
// Throwaway n8n folders live outside the repository, where linters and watchers do not walk them; one
// folder per checkout, so two checkouts testing at once never pack over each other's tarball.
const WORK = join(tmpdir(), `n8n-nodes-is74-e2e-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);

/** The n8n the end-to-end tests run in, and its major version ("line"): 1 or 2. */
export const N8N_VERSION = process.env.IS74_N8N_VERSION || '2.41.1';
export const N8N_LINE = Number(N8N_VERSION.split('.')[0]);

/**
 * n8n's durable scheduler for polling triggers, all four switches (2.x; off by default on 2.41.1, names
 * from @n8n/config's scheduler.config.js and workflows.config.js).
 */
export const DURABLE_SCHEDULER = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
}

let runtime: Runtime | undefined;
let tarball: string | undefined;

/** Installs Node and n8n N8N_VERSION once (minutes on a fresh machine), then reuses them. */
export function ensureRuntime(): Runtime {
	if (runtime) return runtime;
	const output = execFileSync('bash', [join(ROOT, 'scripts/ensure-runtime.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, IS74_N8N_VERSION: N8N_VERSION },
	});
	// The script ends with two lines, IS74_NODE_BIN=<path> and IS74_N8N_BIN=<path>.
	const value = (name: string): string => {
		const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
		if (!line) throw new Error(`scripts/ensure-runtime.sh printed no ${name}:\n${output}`);
		return line.slice(name.length + 1);
	};
	runtime = { nodeBin: value('IS74_NODE_BIN'), n8nBin: value('IS74_N8N_BIN') };
	return runtime;
}

/** `npm pack` of the built package (npm test builds first). */
export function packPackage(): string {
	if (tarball) return tarball;
	if (!existsSync(join(ROOT, 'dist/nodes/Is74/Is74Campaign.node.js'))) {
		execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
	}
	mkdirSync(WORK, { recursive: true });
	for (const file of readdirSync(WORK)) if (file.endsWith('.tgz')) rmSync(join(WORK, file));
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', WORK], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop() as string;
	tarball = join(WORK, name);
	return tarball;
}

/** `work`'s value, or undefined once `ms` have passed; the timer never outlives the race (jest waits for timers). */
export async function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms)));
	try {
		return await Promise.race([work, expired]);
	} finally {
		clearTimeout(timer);
	}
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface ExecutionResult extends CliResult {
	/** The execution n8n printed with --rawOutput (undefined when it printed none). */
	run?: {
		status: string;
		data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> } }>>; error?: { message: string; description?: string } } };
	};
}

export class N8nInstance {
	readonly folder: string;
	private server?: ChildProcess;
	private brokerPort = 0;
	private readonly encryptionKey = randomBytes(16).toString('hex');
	readonly logs: string[] = [];

	private constructor(readonly runtime: Runtime, name: string) {
		this.folder = join(WORK, `${name}-${randomBytes(4).toString('hex')}`);
	}

	static async create(name: string): Promise<N8nInstance> {
		const instance = new N8nInstance(ensureRuntime(), name);
		instance.brokerPort = await freePort();
		const nodesDir = join(instance.folder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		// --legacy-peer-deps: n8n-workflow must be n8n's own copy, not a second one beside the package.
		execFileSync('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', packPackage()], {
			cwd: nodesDir,
			stdio: 'inherit',
			env: { ...process.env, PATH: `${instance.runtime.nodeBin}:${process.env.PATH}` },
		});
		return instance;
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		// Not jest's environment: under NODE_ENV=test n8n does not keep its database between commands.
		const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')));
		return {
			...inherited,
			NODE_ENV: 'production',
			PATH: `${this.runtime.nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.folder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			GENERIC_TIMEZONE: 'Asia/Yekaterinburg',
			N8N_SECURE_COOKIE: 'false',
			...extra,
		};
	}

	async cli(args: string[]): Promise<CliResult> {
		// stdout goes to a file, not a pipe: n8n exits right after printing, and a large pending write to
		// a pipe would be cut off (writes to files are synchronous).
		const outFile = join(this.folder, `stdout-${randomBytes(4).toString('hex')}.txt`);
		const out = openSync(outFile, 'w');
		return await new Promise((resolveRun) => {
			const child = spawn(this.runtime.n8nBin, args, { env: this.env(), stdio: ['ignore', out, 'pipe'] });
			let stderr = '';
			child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			child.on('close', (code) => {
				closeSync(out);
				const stdout = readFileSync(outFile, 'utf8');
				rmSync(outFile, { force: true });
				this.logs.push(stdout.length > 100_000 ? `${stdout.slice(0, 100_000)}…` : stdout, stderr);
				resolveRun({ code: code ?? -1, stdout, stderr });
			});
		});
	}

	private async importFile(kind: 'credentials' | 'workflow', data: unknown): Promise<void> {
		const file = join(this.folder, `${kind}-${randomBytes(4).toString('hex')}.json`);
		writeFileSync(file, JSON.stringify(data));
		const result = await this.cli([`import:${kind}`, `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		await this.importFile('credentials', credentials);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.importFile('workflow', workflows);
	}

	/** Runs a workflow with `n8n execute --rawOutput` (which prints through n8n's logger, among log lines). */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		// The JSON sits between log lines: from the first line that is "{" to the last that is "}".
		const start = result.stdout.search(/^\{/m);
		const end = result.stdout.lastIndexOf('\n}');
		let run: ExecutionResult['run'];
		if (start >= 0 && end > start) {
			try {
				run = JSON.parse(result.stdout.slice(start, end + 2));
			} catch {
				run = undefined;
			}
		}
		return { ...result, run };
	}

	/**
	 * Starts the n8n server (with `extraEnv`, e.g. feature flags), creates the owner, and returns the editor
	 * URL. `webhookUrl` makes the links n8n sends (a waiting execution's resume links) point at the address
	 * it listens on, not at "localhost".
	 */
	async start(owner: { email: string; password: string }, options: { webhookUrl?: boolean; extraEnv?: Record<string, string> } = {}): Promise<string> {
		const port = await freePort();
		const env = { ...options.extraEnv, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', ...(options.webhookUrl ? { WEBHOOK_URL: `http://127.0.0.1:${port}/` } : {}) };
		this.server = spawn(this.runtime.n8nBin, ['start'], { env: this.env(env), stdio: ['ignore', 'pipe', 'pipe'] });
		this.server.stdout?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
		this.server.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
		const url = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + 180_000;
		for (;;) {
			try {
				const response = await fetch(`${url}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ email: owner.email, firstName: 'IS74', lastName: 'E2E', password: owner.password }),
				});
				if (response.status === 200) return url;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`n8n did not start:\n${this.logs.join('').slice(-3000)}`);
			await new Promise((wait) => setTimeout(wait, 1000));
		}
	}

	async stop(): Promise<void> {
		if (this.server && this.server.exitCode === null) {
			const exited = new Promise((done) => this.server!.once('exit', done));
			this.server.kill('SIGTERM');
			await withinMs(exited, 15_000);
			if (this.server.exitCode === null) this.server.kill('SIGKILL');
		}
		if (!process.env.IS74_KEEP_E2E) rmSync(this.folder, { recursive: true, force: true });
	}
}

/** Items a node output in an execution printed by `n8n execute --rawOutput`. */
export function nodeOutput(result: ExecutionResult, node: string): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
	return result.run?.data.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
}
