/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- runs a repository script in a child process, in a throwaway folder */
/**
 * scripts/ensure-services.sh on a machine with no PostgreSQL at all (no /usr/lib/postgresql): it must
 * stop with the one command that fixes it, never exit silently (a from-nothing CI run once ended with
 * "exit 2" and no word, because the lookup of the newest server failed under `set -o pipefail`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

test('no PostgreSQL installed and Redis given elsewhere: stops with the fix, before any test runs', () => {
	const empty = mkdtempSync(join(tmpdir(), 'is74-no-postgresql-'));
	try {
		const run = spawnSync('bash', ['scripts/ensure-services.sh'], {
			cwd: ROOT,
			encoding: 'utf8',
			// Redis named by the caller: the script must not try to install anything, only say what is missing.
			env: { ...process.env, IS74_PG_LIB: empty, IS74_REDIS_SERVER: join(empty, 'redis-server'), IS74_PG_BIN: '' },
		});
		expect(run.status).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain(`The queue-mode tests need Redis and PostgreSQL (${join(empty, 'redis-server')}, `);
		expect(run.stderr).toContain('Nothing was run. Fix it with:');
	} finally {
		rmSync(empty, { recursive: true, force: true });
	}
});
