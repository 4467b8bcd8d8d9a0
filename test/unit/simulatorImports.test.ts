/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the simulator's source files */
/**
 * The simulator must read the API document on its own: if it shared code with the nodes, a
 * misreading of the document would be the same on both sides and no test could see it.
 * (An eslint rule cannot say this: `n8n-node lint` runs in strict mode and refuses any
 * eslint.config.mjs other than the default one.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SIMULATOR = join(ROOT, 'simulator');

/** Every module a TypeScript source names: import/export … from, side-effect imports, import(), require(). */
function importedModules(source: string): string[] {
	const patterns = [
		/\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
		/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

/** The relative imports of `file` that leave the simulator's folder, as paths from the repository root. */
function importsLeavingSimulator(file: string, source: string): string[] {
	return importedModules(source)
		.filter((module) => module.startsWith('.'))
		.map((module) => resolve(dirname(file), module))
		.filter((target) => target !== SIMULATOR && !target.startsWith(SIMULATOR + sep))
		.map((target) => relative(ROOT, target));
}

describe('the simulator imports nothing from the nodes', () => {
	test('the import scanner sees every form of import', () => {
		const source = [
			"import { campaignRequestSchema } from '../nodes/shared/api/contract';",
			"import type {\n\tReportColumn,\n} from '../nodes/shared/api/contract';",
			"export { x } from '../credentials/Is74Api.credentials';",
			"import '../nodes/side-effect';",
			"const lazy = await import('../nodes/lazy');",
			"const old = require('../nodes/old');",
			"import { createServer } from 'node:http';",
			"import { runReport } from './dialogs';",
		].join('\n');
		expect(importsLeavingSimulator(join(SIMULATOR, 'server.ts'), source).sort()).toEqual([
			join('nodes', 'shared', 'api', 'contract'),
			join('nodes', 'shared', 'api', 'contract'),
			join('credentials', 'Is74Api.credentials'),
			join('nodes', 'lazy'),
			join('nodes', 'old'),
			join('nodes', 'side-effect'),
		].sort());
	});

	test('no file of simulator/ imports anything outside simulator/ but packages', () => {
		const files = readdirSync(SIMULATOR, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
		expect(files).toEqual(expect.arrayContaining(['server.ts', 'dialogs.ts', 'apiRules.ts']));
		const leaving = files.flatMap((name) => {
			const file = join(SIMULATOR, name);
			return importsLeavingSimulator(file, readFileSync(file, 'utf8')).map((target) => `${name} → ${target}`);
		});
		expect(leaving).toEqual([]);
	});
});
