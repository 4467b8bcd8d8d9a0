/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- runs README's start command as a user does: a child process, its files and the environment */
/**
 * README's start command, as a newcomer runs it: `npm start` serves an editor with the nodes, the
 * simulator credential and the example workflows; Ctrl-C (SIGINT to the whole foreground process
 * group, as a terminal sends it) stops everything it started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, freePort, withinMs } from '../../harness/n8nInstance';

jest.setTimeout(900_000);

/** Processes whose environment holds this exact assignment (everything `npm start` started inherits it). */
function processesWith(assignment: string): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(assignment)) found.push(Number(entry));
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return found;
}

async function listening(port: number): Promise<boolean> {
	try {
		await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
		return true;
	} catch {
		return false;
	}
}

test('npm start serves the editor with the nodes, the credential and the examples; Ctrl-C leaves no process behind', async () => {
	const demoDir = join(tmpdir(), `n8n-nodes-is74-start-${randomBytes(4).toString('hex')}`);
	const [n8nPort, simPort, modelPort, smtpPort, mailboxPort, brokerPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')));
	Object.assign(env, { IS74_DEMO_DIR: demoDir, N8N_PORT: String(n8nPort), IS74_SIM_PORT: String(simPort), IS74_MODEL_PORT: String(modelPort), IS74_SMTP_PORT: String(smtpPort), IS74_MAILBOX_PORT: String(mailboxPort), N8N_RUNNERS_BROKER_PORT: String(brokerPort) });
	const startedAt = Date.now();
	const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

	try {
		// The URL is printed once the owner exists, that is once the REST API answers.
		const deadline = Date.now() + 600_000;
		let url: string | undefined;
		while (!url) {
			url = /n8n editor:\s+(http:\/\/\S+)/.exec(output)?.[1];
			if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before printing the URL:\n${output}`);
			if (Date.now() > deadline) throw new Error(`npm start printed no URL in 10 minutes:\n${output}`);
			await new Promise((wait) => setTimeout(wait, 500));
		}
		process.stdout.write(`npm start printed ${url} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s (runtime already cached)\n`);
		expect(url).toBe(`http://127.0.0.1:${n8nPort}`);

		const page = await fetch(url);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toContain('text/html');

		const login = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: 'owner@example.com', password: 'Is74-demo-pass1' }),
		});
		expect(login.status).toBe(200);
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

		const nodes = (await (await fetch(`${url}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{ name: string }>;
		expect(nodes.map((node) => node.name).filter((name) => name.startsWith('n8n-nodes-is74.')).sort()).toEqual([
			'n8n-nodes-is74.is74Analytics',
			'n8n-nodes-is74.is74AnalyticsTool',
			'n8n-nodes-is74.is74Campaign',
			'n8n-nodes-is74.is74CampaignTool',
			'n8n-nodes-is74.is74Trigger',
		]);

		const credentials = (await (await fetch(`${url}/rest/credentials`, { headers: { cookie } })).json()) as {
			data: Array<{ name: string; type: string }>;
		};
		expect(credentials.data.map(({ name, type }) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
			{ name: 'IS74 Simulator', type: 'is74Api' },
			{ name: 'Local mailbox (SMTP)', type: 'smtp' },
			{ name: 'OpenAI (local mock model)', type: 'openAiApi' },
		]);

		const examples = readdirSync(join(ROOT, 'examples'))
			.filter((file) => file.endsWith('.json'))
			.map((file) => (JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as { name: string }).name);
		const workflows = (await (await fetch(`${url}/rest/workflows`, { headers: { cookie } })).json()) as { data: Array<{ name: string }> };
		expect(workflows.data.map((workflow) => workflow.name).sort()).toEqual(examples.sort());

		// The simulator the credential points at answers the demo token with a report.
		const report = await fetch(`http://127.0.0.1:${simPort}/api/analytics/1/report`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-token' },
			body: JSON.stringify({
				analytics_filter: { scenario_id: 1, start_block_id: 10, outgoing_campaign_id: 1, date_start: '2000-01-01T00:00:00.000Z', date_end: '2000-01-01T00:00:00.001Z' },
				columns: [],
			}),
		});
		expect(report.status).toBe(200);
		// So does the mock model the agent example's credential points at.
		expect((await fetch(`http://127.0.0.1:${modelPort}/v1/models`)).status).toBe(200);
		// And the mailbox the human-review example's SMTP credential points at, with its page.
		expect(await (await fetch(`http://127.0.0.1:${mailboxPort}/messages`)).json()).toEqual([]);
		expect(output).toContain(`mailbox:     http://127.0.0.1:${mailboxPort}`);

		expect(processesWith(`IS74_DEMO_DIR=${demoDir}`).length).toBeGreaterThanOrEqual(3); // npm, the script, n8n, the simulator…
	} finally {
		// Ctrl-C in a terminal: SIGINT to every process of the foreground group.
		if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
		// The exit code is null after a signal: wrap it, so only a timeout reads as "hung".
		const ended = await withinMs(exited.then((code) => ({ code })), 60_000);
		const left = processesWith(`IS74_DEMO_DIR=${demoDir}`);
		for (const pid of left) process.kill(pid, 'SIGKILL');
		rmSync(demoDir, { recursive: true, force: true });
		expect(ended).toBeDefined();
		expect(left).toEqual([]);
	}
	expect(await listening(n8nPort)).toBe(false);
	expect(await listening(simPort)).toBe(false);
	expect(await listening(modelPort)).toBe(false);
	expect(await listening(mailboxPort)).toBe(false);
});
