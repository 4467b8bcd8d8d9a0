/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- writes fixture packages, asks git for the sources and runs scripts/scan-package.mjs on them */
/**
 * n8n's verification scanner (@n8n/scan-community-package) lints package.json, nodes/ and credentials/
 * of the commit named in the provenance statement, and the JavaScript of the published tarball, with
 * the rules of @n8n/eslint-plugin-community-nodes (recommended), eslint-plugin-n8n-nodes-base and
 * no-console, ignoring eslint-disable comments. scripts/scan-package.mjs does the same here, offline:
 * zero findings on this package, and a fixture shows it catching what it must, comments or not.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { ROOT, scan, unpackPackage, type Unpacked } from './unpacked';

let packed: Unpacked;
beforeAll(() => {
	packed = unpackPackage();
});
afterAll(() => packed?.remove());

test('the scanner finds nothing in package.json, nodes/ and credentials/, nor in the packed tarball, and lints every file of both', () => {
	const { code, report } = scan(['--source', ROOT, '--packed', packed.tarball]);
	expect(report.findings).toEqual([]);
	expect(code).toBe(0);
	const sources = execFileSync('git', ['ls-files', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' })
		.split('\n')
		.filter((file) => /\.(ts|js|json)$/.test(file));
	expect(report.linted).toEqual({ source: sources.length + 1, packed: packed.files.filter((file) => file.endsWith('.js')).length + 1 });
});

describe('a package that breaks the rules', () => {
	const fixture = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-scan-fixture-'));
	// Each rule switched off by a comment, as a package trying to pass the scan would.
	const leak = [
		'// eslint-disable-next-line no-console',
		"console.log('token', process.env.IS74_TOKEN);",
		'/* eslint-disable */',
		"const { execSync } = require('child_process');",
		"module.exports = { whoami: () => execSync('id').toString() };",
		'',
	].join('\n');
	for (const file of ['nodes/Is74/leak.ts', 'dist/nodes/Is74/leak.js']) {
		mkdirSync(dirname(join(fixture, file)), { recursive: true });
		writeFileSync(join(fixture, file), leak);
	}
	copyFileSync(join(ROOT, 'package.json'), join(fixture, 'package.json'));
	afterAll(() => rmSync(fixture, { recursive: true, force: true }));

	test('is refused in its sources and in its packed JavaScript, whatever its comments say', () => {
		const { code, report } = scan(['--source', fixture, '--packed', fixture]);
		expect(report.findings.map(({ leg, file, line, ruleId }) => `${leg} ${file}:${line} ${ruleId}`)).toEqual([
			'source nodes/Is74/leak.ts:2 no-console',
			'source nodes/Is74/leak.ts:2 @n8n/community-nodes/no-restricted-globals',
			'source nodes/Is74/leak.ts:4 @n8n/community-nodes/no-restricted-imports',
			'source nodes/Is74/leak.ts:5 @n8n/community-nodes/no-dangerous-functions',
			'packed dist/nodes/Is74/leak.js:2 no-console',
			'packed dist/nodes/Is74/leak.js:2 @n8n/community-nodes/no-restricted-globals',
			'packed dist/nodes/Is74/leak.js:4 @n8n/community-nodes/no-restricted-imports',
			'packed dist/nodes/Is74/leak.js:5 @n8n/community-nodes/no-dangerous-functions',
		]);
		expect(code).toBe(1);
	});
});
