/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the packed tarball and loads its files in a child process */
/**
 * What `npm pack` (and so `npm publish`) ships: the compiled nodes and credential with their icons and
 * codex files, README.md, LICENSE and CHANGELOG.md. Nothing else: no tests, simulator, harness, source
 * maps or type declarations, no stale file left in dist/ by an earlier build, and only English
 * documentation (n8n's verification guidelines). npm ships every README* at the package's root whatever
 * "files" says, so the Russian guide lives in docs/ (docs/README.ru.md), linked from README.md by its
 * GitHub address.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, unpackPackage, type Unpacked } from './unpacked';

/** Every file the tarball may hold. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^dist\/(nodes|credentials)\/[\w/.-]+\.js$/,
	/^dist\/nodes\/[\w/.-]+\.node\.json$/,
	/^dist\/(nodes|credentials)\/[\w/.-]+\.(svg|png)$/,
];

// The working tree as git sees it (new files included): what `npm run build` and `npm pack` read.
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

let packed: Unpacked;
beforeAll(() => {
	packed = unpackPackage();
});
afterAll(() => packed?.remove());

test('the tarball holds only allowed files: beside dist/, exactly CHANGELOG.md, LICENSE, README.md and package.json', () => {
	expect(packed.files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
	expect(packed.files.filter((file) => !file.startsWith('dist/'))).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
});

test('the documentation it ships is English: the Russian guide and the repository’s other documents stay out', () => {
	const documents = tracked.filter((file) => /\.md$|^LICENSE$/.test(file));
	expect(documents).toEqual(expect.arrayContaining(['docs/README.ru.md', 'CONTRIBUTING.md', 'docs/api.md']));
	expect(documents.filter((file) => packed.files.includes(file))).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md']);
	// Cyrillic in a shipped document is only the API's own values and examples README.md quotes (quoted or in code), never prose.
	const cyrillicProse = (file: string) =>
		readFileSync(join(packed.dir, file), 'utf8')
			.replace(/`[^`]*`|"[^"\n]*"|«[^»]*»/g, '')
			.split('\n')
			.filter((line) => /\p{Script=Cyrillic}/u.test(line) && !line.startsWith('Русская версия: ['));
	expect(['CHANGELOG.md', 'LICENSE', 'README.md'].flatMap(cyrillicProse)).toEqual([]);
});

test("dist/ in the tarball is the build of nodes/ and credentials/: every source compiled, every asset copied, nothing stale", () => {
	const built = tracked
		.filter((file) => /^(nodes|credentials)\//.test(file))
		.map((file) => (file.endsWith('.ts') ? `dist/${file.slice(0, -'.ts'.length)}.js` : `dist/${file}`))
		.sort();
	expect(packed.files.filter((file) => file.startsWith('dist/'))).toEqual(built);
});

test('package.json names no "main" (there is no entry point: n8n loads the files under "n8n"), and each of those loads from the tarball', () => {
	const manifest = JSON.parse(readFileSync(join(packed.dir, 'package.json'), 'utf8')) as { main?: string; files: string[]; n8n: { nodes: string[]; credentials: string[] } };
	expect(manifest.main).toBeUndefined();
	const entries = [...manifest.n8n.credentials, ...manifest.n8n.nodes];
	expect(entries.filter((entry) => !packed.files.includes(entry))).toEqual([]);
	// Each file exports the class its name promises; n8n-workflow, zod and luxon come from n8n at run
	// time, here from the repository's node_modules, while relative requires must resolve in the tarball.
	const loaded = execFileSync(
		process.execPath,
		[
			'-e',
			`const { basename } = require('node:path');
			console.log(JSON.stringify(process.argv.slice(1).map((file) => {
				const className = basename(file).split('.')[0];
				const type = new (require(require('node:path').resolve(file))[className])();
				return [file, type.description?.name ?? type.name];
			})));`,
			...entries,
		],
		{ cwd: packed.dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } },
	);
	expect(JSON.parse(loaded)).toEqual([
		['dist/credentials/Is74Api.credentials.js', 'is74Api'],
		['dist/nodes/Is74/Is74Campaign.node.js', 'is74Campaign'],
		['dist/nodes/Is74/Is74Analytics.node.js', 'is74Analytics'],
		['dist/nodes/Is74/Is74Trigger.node.js', 'is74Trigger'],
	]);
});

test('`npm run build` empties dist/ first (a moved module would leave its old file to ship), with no npm lifecycle hook', () => {
	const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	expect(scripts.build).toBe('gulp clean && tsc -p tsconfig.build.json && gulp build:assets');
	// ignore-scripts=true turns hooks off in npm, so the build must not rely on one (release.sh says why).
	expect(Object.keys(scripts).filter((name) => /^(pre|post)|^(prepare|prepack|prepublish|prepublishOnly|postpack|install)$/.test(name))).toEqual([]);
	const dir = mkdtempSync(join(tmpdir(), 'is74-clean-'));
	try {
		mkdirSync(join(dir, 'dist/nodes/Is74/helpers'), { recursive: true });
		writeFileSync(join(dir, 'dist/nodes/Is74/helpers/campaignPayload.js'), 'module.exports = {};');
		execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'gulpfile.js'))}).clean(() => {})`], { cwd: dir });
		expect(existsSync(join(dir, 'dist'))).toBe(false);
		expect(existsSync(dir)).toBe(true);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
