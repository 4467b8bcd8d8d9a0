/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the repository's workflow files and changelog, runs .ci/run with a stand-in npm */
/**
 * The release path's files: the CI and publish workflows and dependabot's settings parse as YAML and
 * say what they must (publish only from a version tag, after CI, with an OIDC token for npm's
 * provenance statement), CHANGELOG.md keeps Keep a Changelog's shape with an entry for the version
 * in package.json, and .ci/run runs README's test command in a clone with nothing beside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

import { ROOT } from './unpacked';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	'runs-on'?: string;
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps?: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

/** The file parsed strictly: any YAML error or warning (duplicate keys among them) fails. */
function yamlFile<T>(path: string): T {
	const document = parseDocument(readFileSync(join(ROOT, path), 'utf8'), { uniqueKeys: true, prettyErrors: true });
	expect([...document.errors, ...document.warnings].map((problem) => `${path}: ${problem.message}`)).toEqual([]);
	return document.toJS() as T;
}

const steps = (job: Job): Step[] => job.steps ?? [];
const runs = (job: Job): string[] => steps(job).flatMap((step) => (step.run ? step.run.split('\n').map((line) => line.trim()).filter(Boolean) : []));

test('every step of every workflow either runs a command or uses an action pinned to a release', () => {
	for (const path of ['.github/workflows/ci.yml', '.github/workflows/publish.yml']) {
		for (const [name, job] of Object.entries(yamlFile<Workflow>(path).jobs)) {
			for (const step of steps(job)) {
				expect([path, name, Boolean(step.run) !== Boolean(step.uses)]).toEqual([path, name, true]);
				if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
			}
		}
	}
});

test("ci.yml installs, typechecks, lints, builds and runs README's test command on Node 20, on pushes, pull requests and when publish.yml calls it", () => {
	const ci = yamlFile<Workflow>('.github/workflows/ci.yml');
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
	expect(ci.permissions).toEqual({ contents: 'read' });
	const jobs = Object.values(ci.jobs);
	for (const job of jobs) {
		expect(job['runs-on']).toBe('ubuntu-latest');
		const setup = steps(job).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['node-version']).toBe('20.x');
		expect(runs(job)[0]).toBe('npm ci');
	}
	expect(jobs.flatMap(runs)).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm run build', 'npm test']));
});

test('publish.yml publishes from v*.*.* tags only, after CI passes, through the release script, with provenance and an OIDC token', () => {
	const publish = yamlFile<Workflow>('.github/workflows/publish.yml');
	expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	expect(publish.permissions).toEqual({ contents: 'read' });
	expect(publish.jobs.ci).toEqual({ uses: './.github/workflows/ci.yml' });
	const job = publish.jobs.publish;
	expect(job.needs).toBe('ci');
	expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	const setup = steps(job).find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup?.with).toEqual({ 'node-version': '20.x', cache: 'npm', 'registry-url': 'https://registry.npmjs.org' });
	const release = steps(job).find((step) => step.run === 'npm run release');
	expect(release?.env).toEqual({ NPM_CONFIG_PROVENANCE: 'true', NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	expect(runs(job)).toEqual(['npm ci', 'npm run release']);
	// The release script publishes, after its guard, with provenance and public access.
	expect(readFileSync(join(ROOT, 'scripts/release.sh'), 'utf8')).toMatch(/^\s*npm publish "\$tarball" --provenance --access public$/m);
});

test('package.json asks npm for provenance and public access, so a bare `npm publish` from a laptop (no OIDC provider) is refused before anything is sent; it names the GitHub repository the provenance comes from', () => {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { publishConfig?: unknown; repository?: unknown };
	expect(manifest.publishConfig).toEqual({ provenance: true, access: 'public' });
	// npm refuses a provenance statement for another repository, and n8n's scanner fetches the sources from GitHub.
	expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/is74/n8n-nodes-is74.git' });
});

test('dependabot watches the npm devDependencies and the workflows’ actions, and leaves the versions pinned to n8n’s alone', () => {
	const dependabot = yamlFile<{ version: number; updates: Array<{ 'package-ecosystem': string; directory: string; schedule: { interval: string }; ignore?: Array<{ 'dependency-name': string }> }> }>('.github/dependabot.yml');
	expect(dependabot.version).toBe(2);
	expect(dependabot.updates.map((update) => [update['package-ecosystem'], update.directory, update.schedule.interval])).toEqual([
		['npm', '/', 'weekly'],
		['github-actions', '/', 'weekly'],
	]);
	// README: dev dependencies are pinned to what n8n 2.41.1 ships; moving them is a decision, not a bump.
	expect(dependabot.updates[0].ignore?.map((rule) => rule['dependency-name'])).toEqual(['n8n-workflow', 'n8n-core', 'zod', 'luxon']);
});

test('CHANGELOG.md keeps Keep a Changelog’s shape: Unreleased on top, then dated versions newest first, each with its link, and an entry for package.json’s version', () => {
	const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
	const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
	const lines = changelog.split('\n');
	expect(lines[0]).toBe('# Changelog');
	expect(changelog).toContain('https://keepachangelog.com/en/1.1.0/');
	expect(changelog).toContain('https://semver.org/spec/v2.0.0.html');

	const headings = lines.filter((line) => line.startsWith('## '));
	expect(headings[0]).toBe('## [Unreleased]');
	const versions = headings.slice(1).map((heading) => /^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(heading)?.slice(1));
	expect(versions.every(Boolean)).toBe(true);
	expect(versions.map((entry) => entry?.[0])).toContain(version);
	expect(versions).toContainEqual(['0.1.0', '2026-11-24']);
	const dates = versions.map((entry) => entry?.[1] ?? '');
	expect(dates).toEqual([...dates].sort().reverse());

	// Every section holds only Keep a Changelog's kinds of change, each kind with at least one entry.
	const sections = changelog.split(/^## /m).slice(1);
	for (const section of sections.slice(1)) {
		const kinds = section.split(/^### /m).slice(1);
		expect(kinds.length).toBeGreaterThan(0);
		for (const kind of kinds) {
			expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(kind.split('\n')[0]);
			expect(kind).toMatch(/^- \S/m);
		}
	}
	expect(changelog).toContain(`[unreleased]: https://github.com/is74/n8n-nodes-is74/compare/v${versions[0]?.[0]}...HEAD`);
	for (const entry of versions) expect(changelog).toMatch(new RegExp(`^\\[${entry?.[0]}\\]: https://github\\.com/is74/n8n-nodes-is74/`, 'm'));
});

test(".ci/run runs README's test command in a bare clone alone in its folder, from an empty runtime cache, and leaves neither behind", () => {
	expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm install && npm test$/m);
	// A stand-in npm records where each command runs and what it can see there, then succeeds.
	const temporary = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-ci-run-'));
	try {
		const bin = join(temporary, 'bin');
		const log = join(temporary, 'npm.log');
		mkdirSync(bin);
		mkdirSync(join(temporary, 'tmp'));
		writeFileSync(
			join(bin, 'npm'),
			`#!/usr/bin/env bash\n[ "$1" = --version ] && { echo 0.0.0; exit 0; }\nprintf '%s\\t%s\\t%s\\t%s\\t%s\\n' "$*" "$PWD" "$(ls -A ..)" "$(ls -A "$IS74_CACHE_DIR")" "$(git rev-parse HEAD)" >> ${JSON.stringify(log)}\n`,
		);
		chmodSync(join(bin, 'npm'), 0o755);
		const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: join(temporary, 'tmp') };
		delete env.IS74_CACHE_DIR;
		const run = spawnSync('bash', [join(ROOT, '.ci/run')], { encoding: 'utf8', env });
		expect([run.status, run.stderr]).toEqual([0, '']);

		const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const calls = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split('\t'));
		expect(calls.map(([command, , beside, cache, commit]) => [command, beside, cache, commit])).toEqual([
			['install', 'n8n-nodes-is74', '', head],
			['test', 'n8n-nodes-is74', '', head],
		]);
		const clone = calls[0][1];
		expect(clone).toMatch(new RegExp(`^${join(temporary, 'tmp')}/n8n-nodes-is74-ci-clone\\.\\w+/n8n-nodes-is74$`));
		expect(existsSync(join(clone, '..', 'shared'))).toBe(false);
		expect(readdirSync(join(temporary, 'tmp'))).toEqual([]);
	} finally {
		rmSync(temporary, { recursive: true, force: true });
	}
});
