/* eslint-disable @n8n/community-nodes/no-restricted-imports -- reads the installed n8n's own codex files */
/**
 * The codex files (how the node creator files and finds the nodes) use only categories that n8n's own
 * nodes use, in the n8n the suite runs, and carry the words Russian-speaking users type.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ROOT, ensureRuntime } from '../../harness/n8nInstance';

function codexFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((entry) => {
		const path = join(folder, entry);
		if (statSync(path).isDirectory()) return codexFiles(path);
		return entry.endsWith('.node.json') ? [path] : [];
	});
}

/** Every category n8n's own nodes are filed under, read from the installed n8n-nodes-base. */
function n8nCategories(): Set<string> {
	const nodeModules = dirname(dirname(ensureRuntime().n8nBin));
	const categories = new Set<string>();
	for (const file of codexFiles(join(nodeModules, 'n8n-nodes-base', 'dist', 'nodes'))) {
		for (const category of (JSON.parse(readFileSync(file, 'utf8')) as { categories?: string[] }).categories ?? []) categories.add(category);
	}
	return categories;
}

const ours = ['Is74Campaign', 'Is74Analytics', 'Is74Trigger'].map((name) => ({
	name,
	codex: JSON.parse(readFileSync(join(ROOT, 'nodes/Is74', `${name}.node.json`), 'utf8')) as { node: string; categories: string[]; alias: string[] },
}));

test('every category is one n8n files its own nodes under', () => {
	const known = n8nCategories();
	expect(known.size).toBeGreaterThan(10);
	for (const { codex } of ours) expect(codex.categories.filter((category) => !known.has(category))).toEqual([]);
});

test.each([
	['Is74Campaign', ['обзвон', 'звонок', 'телефон']],
	['Is74Analytics', ['отчёт', 'отчет', 'аналитика', 'результаты']],
	['Is74Trigger', ['новый диалог', 'результаты', 'звонок']],
])('%s is found by what Russian-speaking users type', (name, words) => {
	const { codex } = ours.find((node) => node.name === name)!;
	expect(codex.node).toBe(`n8n-nodes-is74.${name.charAt(0).toLowerCase()}${name.slice(1)}`);
	expect(words.filter((word) => !codex.alias.includes(word))).toEqual([]);
});
