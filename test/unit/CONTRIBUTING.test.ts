/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the repository's files and asks git which it tracks */
/**
 * CONTRIBUTING.md's layout: the folders as git tracks them, and the rules that say which file goes
 * where (a new file in a pictured folder needs no edit). Unit tests mirror the source:
 * test/unit/<path>.test.ts tests <path>. And the repository stands alone (its boundaries): no tracked
 * file of the code, tests, tools or CI refers to a path outside the clone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, posix, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const guide = readFileSync(resolve(ROOT, 'CONTRIBUTING.md'), 'utf8');

/** The folders the picture names: two spaces of indent a level, each ending with "/". */
function picturedFolders(markdown: string): string[] {
	const block = /## Layout[\s\S]*?```text\n([\s\S]*?)```/.exec(markdown)?.[1];
	if (!block) throw new Error('CONTRIBUTING.md has no ```text block under "## Layout"');
	const parents: string[] = [];
	const folders: string[] = [];
	for (const line of block.split('\n')) {
		if (line.trim() === '') continue;
		const depth = (line.length - line.trimStart().length) / 2;
		const name = line.trim().split(/\s{2,}/)[0];
		if (!name.endsWith('/')) throw new Error(`The layout pictures folders only: "${name}"`);
		parents.length = depth;
		parents.push(name);
		folders.push(parents.join(''));
	}
	return folders;
}

const folderOf = (path: string): string => (path.includes('/') ? `${dirname(path)}/` : '');
const UNIT = 'test/unit/';

test('the layout pictures exactly the folders git tracks (test/unit/ mirrors the source tree)', () => {
	const pictured = picturedFolders(guide);
	const trackedFolders = new Set(tracked.map(folderOf).filter((folder) => folder !== ''));
	// A folder with no file of its own but pictured sub-folders (nodes/, test/) counts as tracked.
	for (const folder of [...trackedFolders]) for (let up = posix.dirname(folder.slice(0, -1)); up !== '.'; up = posix.dirname(up)) trackedFolders.add(`${up}/`);
	const mirrored = (folder: string) => folder.startsWith(UNIT) && (folder === UNIT || existsSync(resolve(ROOT, folder.slice(UNIT.length))));
	expect([...trackedFolders].filter((folder) => !pictured.includes(folder) && !mirrored(folder)).sort()).toEqual([]);
	expect(pictured.filter((folder) => !trackedFolders.has(folder))).toEqual([]);
});

test('nodes/Is74/ itself holds only the nodes, their codex files and the icons', () => {
	const own = tracked.filter((path) => folderOf(path) === 'nodes/Is74/');
	expect(own.filter((path) => !/^nodes\/Is74\/(\w+\.node\.(ts|json)|[\w.]+\.svg)$/.test(path))).toEqual([]);
	const nodes = own.filter((path) => path.endsWith('.node.ts'));
	expect(nodes.length).toBeGreaterThanOrEqual(3);
	expect(nodes.filter((path) => !own.includes(path.replace(/\.ts$/, '.json')))).toEqual([]);
});

test('one file per operation, actions/<resource>/<operation>.operation.ts, each resource listing its operations in index.ts', () => {
	const actions = tracked.filter((path) => path.startsWith('nodes/Is74/actions/'));
	const resources = [...new Set(actions.filter((path) => path.split('/').length === 5).map(folderOf))];
	expect(resources.length).toBeGreaterThanOrEqual(2);
	for (const resource of resources) {
		const operations = actions.filter((path) => folderOf(path) === resource && path.endsWith('.operation.ts'));
		expect({ resource, hasOperations: operations.length > 0, hasIndex: actions.includes(`${resource}index.ts`) }).toEqual({ resource, hasOperations: true, hasIndex: true });
		const index = readFileSync(resolve(ROOT, resource, 'index.ts'), 'utf8');
		for (const operation of operations) expect({ operation, listed: index.includes(`./${posix.basename(operation, '.ts')}'`) }).toEqual({ operation, listed: true });
	}
	expect(actions.filter((path) => path.endsWith('.operation.ts') && path.split('/').length !== 5)).toEqual([]);
});

/** The modules one source file imports (`from '…'`, `import('…')`, `require('…')`). */
const importsOf = (path: string): string[] =>
	[...readFileSync(resolve(ROOT, path), 'utf8').matchAll(/(?:from|import\(|require\()\s*'([^']+)'/g)].map((match) => match[1]);

test('domain/ imports no n8n and nothing outside domain/; helpers/ holds n8n-aware utilities', () => {
	const sources = (folder: string) => tracked.filter((path) => path.startsWith(folder) && path.endsWith('.ts'));
	const domain = sources('nodes/Is74/domain/');
	expect(domain.length).toBeGreaterThan(10);
	expect(domain.flatMap((path) => importsOf(path).filter((module) => module.startsWith('n8n-') || module.startsWith('..')).map((module) => `${path}: ${module}`))).toEqual([]);
	const helpers = sources('nodes/Is74/helpers/');
	expect(helpers.filter((path) => !importsOf(path).includes('n8n-workflow'))).toEqual([]);
});

test('every file path CONTRIBUTING.md names in backticks is a tracked file', () => {
	// What a run writes (.tmp/, results) is not tracked: named as written, never as source.
	const written = /^\.tmp\//;
	// The section on n8n's durable scheduler cites n8n's own compiled files (in the runtime cache), not ours.
	const ours = guide.replace(/### n8n's durable scheduler[\s\S]*?(?=\n### )/, '');
	expect(ours.length).toBeLessThan(guide.length);
	const named = [...ours.matchAll(/`([\w./-]+\.(?:ts|mjs|js|json|md|sh|yml|png))`/g)].map((match) => match[1]);
	expect(named.length).toBeGreaterThan(30);
	const basenames = new Set(tracked.map((path) => posix.basename(path)));
	// A path is read from the root, from the node folder or from test/unit/…; a bare name is any tracked file's.
	const exists = (path: string) =>
		path.includes('/') ? ['', 'nodes/Is74/', 'nodes/Is74/actions/campaign/'].some((base) => tracked.includes(posix.normalize(base + path))) : basenames.has(path);
	expect([...new Set(named.filter((path) => !written.test(path) && !exists(path)))]).toEqual([]);
});

test('every unit test mirrors a source file: test/unit/<path>.test.ts tests <path>', () => {
	const units = tracked.filter((path) => path.startsWith('test/unit/') && path.endsWith('.test.ts'));
	expect(units.length).toBeGreaterThan(10);
	const orphans = units.filter((path) => {
		const source = path.slice('test/unit/'.length, -'.test.ts'.length);
		return !['.ts', '.mjs', '.md', '.sh'].some((extension) => existsSync(resolve(ROOT, source + extension)));
	});
	expect(orphans).toEqual([]);
});

/** Where code, tests, tools and CI live: every tracked file here must work in a clone with nothing beside it. */
const STANDALONE = /^(test|harness|simulator|scripts|bench|\.ci|nodes|credentials|\.github)\/|^[^/]+\.(json|js|mjs)$|^\.npmrc$/;
/** Files whose relative paths are read from the repository root (shell scripts `cd` there first). */
const RUNS_FROM_ROOT = /\.sh$|^\.ci\/|^\.github\/|^package\.json$/;

/**
 * The references to outside the repository in one file: the old home of the API document beside the
 * clone, absolute paths of this machine's work folder, and relative paths with more `..` steps than the
 * file sits deep (imports and `__dirname` paths climb from the file's folder; shell scripts, CI and npm
 * scripts from the root). The patterns are assembled here so that this file does not name itself.
 */
function outsideReferences(path: string, text: string): string[] {
	const up = '\\.\\.';
	const workFolder = `/${'work'}/`;
	const depth = RUNS_FROM_ROOT.test(path) ? 0 : path.split('/').length - 1;
	const found: string[] = [];
	text.split('\n').forEach((line, index) => {
		const where = `${path}:${index + 1}: ${line.trim()}`;
		const climbs = [
			// ../../x, .. and ../.. not glued to a longer path (the `$(dirname "$0")/..` idiom climbs from scripts/ to the root)
			...[...line.matchAll(new RegExp(`(?<![\\w./$-])(?:${up}/)*${up}(?![\\w.])`, 'g'))].map((match) => match[0].split('/').length),
			// '..', '..' as separate arguments of join() or resolve()
			...[...line.matchAll(new RegExp(`(?:(['"\`])${up}\\1\\s*,\\s*)*(['"\`])${up}\\2`, 'g'))].map((match) => match[0].split(',').length),
		];
		if (new RegExp(`${up}/shared\\b|(?<![\\w.:/~-])${workFolder}`).test(line) || climbs.some((steps) => steps > depth)) found.push(where);
	});
	return found;
}

test('the repository stands alone: no tracked file of the code, tests, tools or CI refers to a path outside it', () => {
	const files = tracked.filter((path) => STANDALONE.test(path) && !path.endsWith('package-lock.json'));
	expect(files).toEqual(expect.arrayContaining(['.ci/run', 'scripts/test.sh', 'test/integration/apiDocument.test.ts', 'simulator/apiRules.ts', 'package.json']));
	expect(files.flatMap((path) => outsideReferences(path, readFileSync(resolve(ROOT, path), 'utf8')))).toEqual([]);
});

test('the stand-alone check names what it must: the old API document path, this machine\'s paths, a climb past the root', () => {
	const dots = '..';
	const shared = `${dots}/shared`;
	const work = `/${'work'}/`;
	expect([
		outsideReferences('test/integration/apiDocument.test.ts', `const DOCUMENT_PATH = resolve(__dirname, '${dots}/${dots}/${shared}/is74-api.md');`),
		outsideReferences('simulator/server.ts', ` * follows ${shared}/is74-api.md`),
		outsideReferences('harness/engine.ts', `const cache = '${work}main/node_modules';`),
		outsideReferences('test/support/simulator.ts', `resolve(__dirname, '${dots}', '${dots}', '${dots}', 'docs')`),
		outsideReferences('scripts/test.sh', `cat ${dots}/notes.md`),
		outsideReferences('.ci/run', `cd "$(dirname "$0")/${dots}" && ls ${dots}`),
	]).toEqual([
		[`test/integration/apiDocument.test.ts:1: const DOCUMENT_PATH = resolve(__dirname, '${dots}/${dots}/${shared}/is74-api.md');`],
		[`simulator/server.ts:1: * follows ${shared}/is74-api.md`],
		[`harness/engine.ts:1: const cache = '${work}main/node_modules';`],
		[`test/support/simulator.ts:1: resolve(__dirname, '${dots}', '${dots}', '${dots}', 'docs')`],
		[`scripts/test.sh:1: cat ${dots}/notes.md`],
		[`.ci/run:1: cd "$(dirname "$0")/${dots}" && ls ${dots}`],
	]);
	// What stays inside: imports as deep as the file, the root from a script, a URL with a work folder in it.
	expect([
		outsideReferences('test/unit/nodes/Is74/domain/phone.test.ts', `import { x } from '${dots}/${dots}/${dots}/${dots}/${dots}/nodes/Is74/domain/phone';`),
		outsideReferences('test/unit/README.test.ts', `const ROOT = resolve(__dirname, '${dots}/${dots}');`),
		outsideReferences('scripts/test.sh', `cd "$(dirname "$0")/${dots}"`),
		outsideReferences('harness/n8nInstance.ts', `export const ROOT = resolve(__dirname, '${dots}');`),
		outsideReferences('nodes/Is74/x.ts', `// https://example.com${work}x and \`${dots}.\` ranges like 1${dots}5 and spread ${dots}.rest`),
	]).toEqual([[], [], [], [], []]);
});
