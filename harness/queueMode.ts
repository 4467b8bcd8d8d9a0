/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- the queue-mode harness drives real servers: child processes, files, the environment, plain errors */
/**
 * n8n 2.41.1 in queue mode on one machine: Debian's Redis and PostgreSQL 15 started in throwaway folders
 * on free ports of 127.0.0.1, one main process and workers (`n8n worker`), each with its own user folder
 * holding the packed package under ~/.n8n/nodes, as on separate hosts. Everything started here is
 * stopped by stop(), and killed when the test process exits anyway.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseFlatted } from 'flatted';

import { ROOT, ensureRuntime, freePort, packPackage, withinMs, type Runtime } from './n8nInstance';

export interface Services {
	redisServer: string;
	pgBin: string;
}

/** scripts/ensure-services.sh: installs Redis and PostgreSQL when missing (as root), or stops with the command. */
export function ensureServices(): Services {
	const output = execFileSync('bash', [join(ROOT, 'scripts/ensure-services.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const value = (name: string): string => {
		const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
		if (!line) throw new Error(`scripts/ensure-services.sh printed no ${name}:\n${output}`);
		return line.slice(name.length + 1);
	};
	return { redisServer: value('IS74_REDIS_SERVER'), pgBin: value('IS74_PG_BIN') };
}

// Every child started here, so that a test process that dies still takes them with it.
const children = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of children) killGroup(child, 'SIGKILL');
});

/** Each server runs in its own process group: a signal reaches it and what it started (n8n's task runners). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

async function stopChild(child: ChildProcess | undefined, graceMs = 20_000): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	killGroup(child, 'SIGTERM');
	if ((await withinMs(exited, graceMs)) === undefined) {
		killGroup(child, 'SIGKILL');
		await withinMs(exited, 5_000);
	}
	children.delete(child);
}

class Server {
	readonly output: string[] = [];
	child?: ChildProcess;

	start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
		const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		children.add(child);
		child.on('exit', () => children.delete(child));
		child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		this.child = child;
		return child;
	}

	get text(): string {
		return this.output.join('');
	}

	get running(): boolean {
		return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
	}
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, logs: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s:\n${logs().slice(-4000)}`);
		await new Promise((wait) => setTimeout(wait, 250));
	}
}

export type Role = 'main' | 'worker-1' | 'worker-2';

export interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
	finished: boolean;
	workflowId: string;
}

export class QueueCluster {
	readonly folder: string;
	readonly redis = new Server();
	readonly postgres = new Server();
	readonly n8n: Record<string, Server> = {};
	private readonly encryptionKey = randomBytes(16).toString('hex');
	private readonly runtime: Runtime;
	private redisPort = 0;
	private pgPort = 0;
	private readonly ports: Record<string, { http: number; broker: number; health: number }> = {};
	/** Settings on top of env()'s, on every process and command (n8n's opt-in features). */
	readonly extraEnv: Record<string, string> = {};

	private constructor(readonly services: Services, readonly workers: number, readonly mode: 'queue' | 'regular') {
		this.runtime = ensureRuntime();
		this.folder = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-queue-'));
		// PostgreSQL, running as its own user, keeps its data below this folder.
		chmodSync(this.folder, 0o755);
	}

	/**
	 * Redis, PostgreSQL and the user folders; n8n itself starts with startMain() and startWorker().
	 * `regular` (the benchmark's comparison, Engine 2.0): the same PostgreSQL, no Redis, no workers.
	 * `env`: settings added on every process (extraEnv; more may be added before the processes start).
	 */
	static async create(workers = 2, mode: 'queue' | 'regular' = 'queue', env: Record<string, string> = {}): Promise<QueueCluster> {
		const cluster = new QueueCluster(ensureServices(), mode === 'queue' ? workers : 0, mode);
		Object.assign(cluster.extraEnv, env);
		try {
			await cluster.startDatabases();
			cluster.installPackage();
			for (const role of cluster.roles()) {
				cluster.ports[role] = { http: await freePort(), broker: await freePort(), health: await freePort() };
				cluster.n8n[role] = new Server();
			}
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	roles(): Role[] {
		return ['main', ...Array.from({ length: this.workers }, (_, index) => `worker-${index + 1}` as Role)];
	}

	get mainUrl(): string {
		return `http://127.0.0.1:${this.ports.main.http}`;
	}

	private async startDatabases(): Promise<void> {
		if (this.mode === 'queue') await this.startRedis();
		await this.startPostgres();
	}

	private async startRedis(): Promise<void> {
		this.redisPort = await freePort();
		const redisDir = join(this.folder, 'redis');
		mkdirSync(redisDir);
		this.redis.start(this.services.redisServer, ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], process.env);
		await waitFor('Redis did not start', () => this.redis.text.includes('Ready to accept connections'), 30_000, () => this.redis.text);
	}

	private async startPostgres(): Promise<void> {
		this.pgPort = await freePort();
		const pgDir = join(this.folder, 'postgres');
		mkdirSync(pgDir);
		// PostgreSQL refuses to run as root: as root, its data folder belongs to the `postgres` user it runs
		// as; anyone else (a CI runner's user) runs it as themselves.
		const run = (command: string, args: string[]): [string, string[]] => {
			if (process.getuid?.() !== 0) return [command, args];
			const { uid, gid } = postgresUser();
			chownSync(pgDir, uid, gid);
			return ['setpriv', ['--reuid', String(uid), '--regid', String(gid), '--init-groups', '--', command, ...args]];
		};
		execFileSync(...run(join(this.services.pgBin, 'initdb'), ['-D', join(pgDir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']), { stdio: ['ignore', 'pipe', 'pipe'] });
		this.postgres.start(...run(join(this.services.pgBin, 'postgres'), ['-D', join(pgDir, 'data'), '-p', String(this.pgPort), '-k', pgDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']), process.env);
		await waitFor('PostgreSQL did not start', () => this.sqlOk('select 1'), 60_000, () => this.postgres.text);
		this.sql('create database n8n', 'postgres');
	}

	/** Another database on the same PostgreSQL (Engine 2.0's data plane), as a connection URL. */
	createDatabase(name: string): string {
		this.sql(`create database ${name}`, 'postgres');
		return `postgres://postgres@127.0.0.1:${this.pgPort}/${name}`;
	}

	private sqlOk(query: string): boolean {
		try {
			this.sql(query, 'postgres');
			return true;
		} catch {
			return false;
		}
	}

	/** One query through psql, the answer as text (unaligned, tuples only). */
	sql(query: string, database = 'n8n'): string {
		return execFileSync(join(this.services.pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'postgres', '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
	}

	/** Rows as JSON objects (the query's columns). */
	rows<T>(query: string, database = 'n8n'): T[] {
		const text = this.sql(`select coalesce(json_agg(row_to_json(q)), '[]') from (${query}) q`, database);
		return JSON.parse(text) as T[];
	}

	/** The packed package installed once under ~/.n8n/nodes, then copied into every user folder. */
	private installPackage(): void {
		const first = join(this.folder, 'main', '.n8n', 'nodes');
		mkdirSync(first, { recursive: true });
		writeFileSync(join(first, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		execFileSync('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', packPackage()], {
			cwd: first,
			stdio: 'inherit',
			env: { ...process.env, PATH: `${this.runtime.nodeBin}:${process.env.PATH}` },
		});
		for (const role of this.roles().filter((name) => name !== 'main')) cpSync(first, join(this.folder, role, '.n8n', 'nodes'), { recursive: true });
	}

	/** The settings queue mode needs, the same on every process but for the ports and the user folder. */
	env(role: Role, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_') && !key.startsWith('npm_')));
		const ports = this.ports[role];
		return {
			...inherited,
			NODE_ENV: 'production',
			PATH: `${this.runtime.nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: join(this.folder, role),
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			EXECUTIONS_MODE: this.mode,
			...(this.mode === 'queue' ? { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.redisPort) } : {}),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			N8N_PORT: String(ports.http),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(ports.health),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			GENERIC_TIMEZONE: 'Asia/Yekaterinburg',
			...this.extraEnv,
			...extra,
		};
	}

	/** An n8n command (import, publish) against the shared database, run as the main would. */
	async cli(args: string[]): Promise<string> {
		return await new Promise((resolveRun, reject) => {
			const child = spawn(this.runtime.n8nBin, args, { env: this.env('main'), stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.on('close', (code) => (code === 0 ? resolveRun(output) : reject(new Error(`n8n ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`))));
		});
	}

	async importFile(kind: 'credentials' | 'workflow', data: unknown): Promise<void> {
		const file = join(this.folder, `${kind}-${randomBytes(4).toString('hex')}.json`);
		writeFileSync(file, JSON.stringify(data));
		await this.cli([`import:${kind}`, `--input=${file}`]);
	}

	/** Starts the main process and waits until it answers; the owner is set up on the first start. */
	async startMain(): Promise<void> {
		const server = this.n8n.main;
		server.output.push(`\n--- main started ${new Date().toISOString()}\n`);
		server.start(this.runtime.n8nBin, ['start'], this.env('main'));
		await waitFor('the n8n main did not answer /healthz/readiness', () => this.ready(`${this.mainUrl}/healthz/readiness`) , 240_000, () => server.text);
	}

	async startWorker(role: Role): Promise<void> {
		const server = this.n8n[role];
		server.output.push(`\n--- ${role} started ${new Date().toISOString()}\n`);
		server.start(this.runtime.n8nBin, ['worker', '--concurrency=10'], this.env(role));
		await waitFor(`${role} did not become ready`, () => this.ready(`http://127.0.0.1:${this.ports[role].health}/healthz/readiness`), 240_000, () => server.text);
	}

	private async ready(url: string): Promise<boolean> {
		try {
			return (await fetch(url)).status === 200;
		} catch {
			return false;
		}
	}

	async stopProcess(role: Role): Promise<void> {
		await stopChild(this.n8n[role].child);
	}

	/** The process and everything it started, killed at once, as when a container is killed. */
	async killProcess(role: Role): Promise<void> {
		const child = this.n8n[role].child;
		if (!child) return;
		const exited = new Promise((done) => child.once('exit', done));
		killGroup(child, 'SIGKILL');
		await withinMs(exited, 10_000);
	}

	/** Which worker ran each execution, from the line each worker logs when it starts one. */
	executionsByWorker(): Record<string, number[]> {
		const result: Record<string, number[]> = {};
		for (const role of this.roles().filter((name) => name !== 'main')) {
			result[role] = [...this.n8n[role].text.matchAll(/Worker started execution (\d+) /g)].map((match) => Number(match[1]));
		}
		return result;
	}

	executions(workflowId: string): ExecutionRow[] {
		return this.rows<ExecutionRow>(`select id::int, status, mode, finished, "workflowId" from execution_entity where "workflowId" = '${workflowId.replace(/'/g, "''")}' order by id`);
	}

	/** An execution's run data, as n8n stores it (flatted JSON). */
	executionData(id: number): { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string; description?: string } }>>; error?: { message: string; description?: string } } } {
		const text = this.sql(`select data from execution_data where "executionId" = ${Number(id)}`);
		return parseFlatted(text);
	}

	async stop(): Promise<void> {
		for (const role of this.roles().reverse()) await stopChild(this.n8n[role]?.child);
		await stopChild(this.postgres.child);
		await stopChild(this.redis.child);
		if (!process.env.IS74_KEEP_E2E) rmSync(this.folder, { recursive: true, force: true });
	}

	logs(): string {
		return Object.entries(this.n8n)
			.map(([role, server]) => `===== ${role}\n${server.text.slice(-3000)}`)
			.join('\n');
	}
}

/** The system user Debian's postgresql package creates. */
function postgresUser(): { uid: number; gid: number } {
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}
