/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- runs scripts/release.sh in a copy of the repository, with npm's publish replaced by a recorder */
/**
 * `npm run release` (scripts/release.sh) is the only way the package is published: .npmrc's
 * ignore-scripts=true means npm's own prepublishOnly/prepack hooks never run, so the guard is invoked
 * by the script itself. Here it runs as publish.yml runs it, in a copy of the repository, with a
 * stand-in `npm` that records `npm publish` instead of publishing (nothing leaves this machine):
 * a scanner violation or a tag that is not the package's version stops it before any publish, and a
 * clean tree reaches the publish of the very tarball the guard checked, with provenance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { ROOT } from './unpacked';

jest.setTimeout(15 * 60 * 1000);

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A copy of the working tree (tracked and new files, as git sees them) sharing node_modules. */
function copyRepository(): string {
	const copy = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-release-'));
	const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n')
		// node_modules here is a symlink to a shared install, which .gitignore's "node_modules/" does not match.
		.filter((file) => file && file !== 'node_modules' && existsSync(join(ROOT, file)));
	for (const file of files) {
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		cpSync(join(ROOT, file), join(copy, file));
	}
	symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'));
	// A checkout, as in publish.yml: the package tests ask git which files the repository holds, and
	// .ci/run's test clones its commit.
	execFileSync('git', ['init', '-q'], { cwd: copy });
	execFileSync('git', ['add', '--', ...files], { cwd: copy });
	execFileSync('git', ['-c', 'user.name=release test', '-c', 'user.email=release-test@localhost', 'commit', '-q', '--no-verify', '-m', 'the working tree'], { cwd: copy });
	return copy;
}

/** scripts/release.sh as GitHub Actions runs it on a tag push; `npm publish` only records its arguments. */
function releaseInActions(copy: string, tag: string): { code: number | null; output: string; publishes: string[] } {
	const bin = join(copy, '.tmp/fake-bin');
	const log = join(copy, '.tmp/npm-publish.log');
	mkdirSync(bin, { recursive: true });
	const realNpm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
	writeFileSync(join(bin, 'npm'), `#!/usr/bin/env bash\nif [ "$1" = publish ]; then echo "$*" >> ${JSON.stringify(log)}; exit 0; fi\nexec ${JSON.stringify(realNpm)} "$@"\n`);
	chmodSync(join(bin, 'npm'), 0o755);
	appendFileSync(log, '');
	// Temporary files of the run (packs, unpacked tarballs) stay in the copy and go with it.
	const temporary = join(copy, '.tmp/tmp');
	mkdirSync(temporary, { recursive: true });
	const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: temporary, PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: tag, NPM_CONFIG_PROVENANCE: 'true' };
	// Jest's NODE_ENV=test is not Actions': under it eslint-plugin-n8n-nodes-base lints in its own test mode.
	delete env.NODE_ENV;
	const run = spawnSync('bash', ['scripts/release.sh'], { cwd: copy, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
	const publishes = readFileSync(log, 'utf8').split('\n').filter(Boolean);
	return { code: run.status, output: `${run.stdout}\n${run.stderr}`, publishes };
}

let copy: string;
beforeAll(() => {
	copy = copyRepository();
});
afterAll(() => copy && rmSync(copy, { recursive: true, force: true }));

test("a tag that is not package.json's version stops the release before anything is built", () => {
	const { code, output, publishes } = releaseInActions(copy, 'v9.9.9');
	expect(output).toContain(`[release] the tag v9.9.9 is not package.json's version ${VERSION}: tag v${VERSION}, or set the version and tag again`);
	expect(code).toBe(1);
	expect(publishes).toEqual([]);
	expect(existsSync(join(copy, 'dist'))).toBe(false);
});

test('a console.log in the nodes stops the release at the scanner step of the guard; nothing is published', () => {
	const text = join(copy, 'nodes/Is74/domain/text.ts');
	const original = readFileSync(text, 'utf8');
	writeFileSync(text, `${original}\nexport function debugLine(value: string): void {\n\tconsole.log(value);\n}\n`);
	try {
		const { code, output, publishes } = releaseInActions(copy, `v${VERSION}`);
		expect(output).toMatch(/source\s+nodes\/Is74\/domain\/text\.ts:\d+:\d+\s+error\s+no-console/);
		expect(output).toMatch(/packed\s+dist\/nodes\/Is74\/domain\/text\.js:\d+:\d+\s+error\s+no-console/);
		expect(output).toContain('[release] stopped: the scan of the sources and the packed tarball failed; nothing was published');
		expect(code).toBe(1);
		expect(publishes).toEqual([]);
	} finally {
		writeFileSync(text, original);
	}
});

test('a clean tree passes the whole guard and publishes the tarball it checked, with provenance and public access', () => {
	const { code, output, publishes } = releaseInActions(copy, `v${VERSION}`);
	for (const step of ['release notes', 'build', 'scan', 'typecheck', 'lint', 'package tests']) expect(output).toContain(`[release] ${step}: passed`);
	expect(publishes).toEqual([`publish ${copy}/.tmp/release/n8n-nodes-is74-${VERSION}.tgz --provenance --access public`]);
	expect(code).toBe(0);
});
