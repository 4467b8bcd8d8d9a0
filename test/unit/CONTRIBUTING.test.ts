/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the repository's files and asks git which it tracks */
/**
 * CONTRIBUTING.md's layout picture is the tree as git tracks it: no file missing, none invented. And
 * unit tests mirror the source: test/unit/<path>.test.ts tests <path>.
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
