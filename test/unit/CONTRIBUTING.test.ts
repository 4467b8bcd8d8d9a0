/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the repository's files and asks git which it tracks */
/**
 * CONTRIBUTING.md's layout picture is the tree as git tracks it: no file missing, none invented. Unit
 * tests mirror the source: test/unit/<path>.test.ts tests <path>. And the repository stands alone (its
 * boundaries): no tracked file of the code, tests, tools or CI refers to a path outside the clone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

/** The paths the picture names: two spaces of indent a level, folders end with "/", "*" stands for any name. */
function picturedPaths(markdown: string): string[] {
	const block = /## Layout[\s\S]*?```text\n([\s\S]*?)```/.exec(markdown)?.[1];
	if (!block) throw new Error('CONTRIBUTING.md has no ```text block under "## Layout"');
	const folders: string[] = [];
	const paths: string[] = [];
	for (const line of block.split('\n')) {
		if (line.trim() === '') continue;
		const depth = (line.length - line.trimStart().length) / 2;
		const name = line.trim().split(/\s{2,}/)[0];
		folders.length = depth;
		if (name.endsWith('/')) folders.push(name);
		else paths.push(folders.join('') + name);
	}
	return paths;
}

function matches(pattern: string, path: string): boolean {
	const expression = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
	return expression.test(path);
}

test('the layout picture in CONTRIBUTING.md names exactly the files git tracks', () => {
	const pictured = picturedPaths(readFileSync(resolve(ROOT, 'CONTRIBUTING.md'), 'utf8'));
	expect(tracked.filter((path) => !pictured.some((pattern) => matches(pattern, path)))).toEqual([]);
	expect(pictured.filter((pattern) => !tracked.some((path) => matches(pattern, path)))).toEqual([]);
});

test('every unit test mirrors a source file: test/unit/<path>.test.ts tests <path>', () => {
	const units = tracked.filter((path) => path.startsWith('test/unit/') && path.endsWith('.test.ts'));
	expect(units.length).toBeGreaterThan(10);
	const orphans = units.filter((path) => {
		const source = path.slice('test/unit/'.length, -'.test.ts'.length);
		return !['.ts', '.mjs', '.md'].some((extension) => existsSync(resolve(ROOT, source + extension)));
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
