/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- writes fixture packages, asks git for the sources and runs scripts/scan-package.mjs on them */
/**
 * n8n's verification scanner (@n8n/scan-community-package) checks a package's provenance, then runs its
 * analyzePackage() on two legs: package.json, nodes/ and credentials/ of the commit the provenance
 * names (its SOURCE_FILE_PATTERNS), and the JavaScript and package.json of the published tarball, with
 * eslint-disable comments ignored. scripts/scan-package.mjs runs that very function here, offline, on
 * this repository and on its packed tarball: zero findings, and fixture copies show it refusing what it
 * must, comments or not. The script adds two checks n8n's verdict does not make (warnings fail, a leg
 * with no file fails); they are shown here too.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { ROOT, scan, unpackPackage, type Unpacked } from './unpacked';

const SCANNER = join(ROOT, 'node_modules/@n8n/scan-community-package');
const describeFindings = (findings: Array<{ leg: string; file: string; line: number; ruleId: string | null; severity: string }>) =>
	findings.map(({ leg, file, line, ruleId, severity }) => `${leg} ${file}:${line} ${severity} ${ruleId}`);

let packed: Unpacked;
const fixtures: string[] = [];
function fixture(): string {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-scan-fixture-'));
	fixtures.push(folder);
	return folder;
}
beforeAll(() => {
	packed = unpackPackage();
});
afterAll(() => {
	packed?.remove();
	for (const folder of fixtures) rmSync(folder, { recursive: true, force: true });
});

/** package.json and every tracked file of nodes/ and credentials/ (icons included); `linted` keeps those the source leg lints. */
const tracked = () => execFileSync('git', ['ls-files', 'package.json', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const linted = (files: string[]) => files.filter((file) => /\.(ts|js|json)$/.test(file));

test('the scan runs n8n’s scanner as published: version 0.32.0, its source patterns, and the tarball leg its analyzePackageByName runs', () => {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
	expect(manifest.devDependencies['@n8n/scan-community-package']).toBe('0.32.0');
	expect((JSON.parse(readFileSync(join(SCANNER, 'package.json'), 'utf8')) as { version: string }).version).toBe('0.32.0');
	const scanner = readFileSync(join(SCANNER, 'scanner/scanner.mjs'), 'utf8');
	expect(scanner).toContain("export const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];");
	expect(scanner).toContain('const sourceResult = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);');
	expect(scanner).toContain("const distResult = await analyzePackage(packageDir, ['**/*.js', 'package.json']);");
	const script = readFileSync(join(ROOT, 'scripts/scan-package.mjs'), 'utf8');
	expect(script).toContain("const PATTERNS = { source: SOURCE_FILE_PATTERNS, packed: ['**/*.js', 'package.json'] };");
	expect(script).toMatch(/await analyzePackage\(folder, PATTERNS\[leg\]\)/);
});

test('n8n’s scanner finds nothing in package.json, nodes/ and credentials/, nor in the packed tarball, and lints every file of both', () => {
	const { code, report } = scan(['--source', ROOT, '--packed', packed.tarball]);
	expect(report.findings).toEqual([]);
	expect(report.passed).toEqual({ source: true, packed: true });
	expect(code).toBe(0);
	expect(report.linted).toEqual({ source: linted(tracked()).length, packed: packed.files.filter((file) => file.endsWith('.js')).length + 1 });
});

describe('a copy of this package with a console.log planted, its eslint-disable comment included', () => {
	const source = fixture();
	const tarball = fixture();
	const planted = '\n// eslint-disable-next-line no-console\nconsole.log("debug");\n';
	for (const file of tracked()) {
		mkdirSync(dirname(join(source, file)), { recursive: true });
		cpSync(join(ROOT, file), join(source, file));
	}
	appendFileSync(join(source, 'nodes/Is74/domain/text.ts'), planted);
	const sourceLine = readFileSync(join(source, 'nodes/Is74/domain/text.ts'), 'utf8').split('\n').length - 1;

	test('is refused by n8n’s scanner in its sources and in its tarball, naming only the planted line', () => {
		cpSync(packed.dir, tarball, { recursive: true });
		appendFileSync(join(tarball, 'dist/nodes/Is74/domain/text.js'), planted);
		const packedLine = readFileSync(join(tarball, 'dist/nodes/Is74/domain/text.js'), 'utf8').split('\n').length - 1;
		const { code, report } = scan(['--source', source, '--packed', tarball]);
		expect(describeFindings(report.findings)).toEqual([`source nodes/Is74/domain/text.ts:${sourceLine} error no-console`, `packed dist/nodes/Is74/domain/text.js:${packedLine} error no-console`]);
		expect(report.passed).toEqual({ source: false, packed: false });
		expect(code).toBe(1);
	});
});

describe('a package that breaks the rules', () => {
	const folder = fixture();
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
		mkdirSync(dirname(join(folder, file)), { recursive: true });
		writeFileSync(join(folder, file), leak);
	}
	cpSync(join(ROOT, 'package.json'), join(folder, 'package.json'));

	test('is refused in its sources and in its packed JavaScript, whatever its comments say', () => {
		const { code, report } = scan(['--source', folder, '--packed', folder]);
		expect(describeFindings(report.findings)).toEqual([
			'source nodes/Is74/leak.ts:2 error no-console',
			'source nodes/Is74/leak.ts:2 error @n8n/community-nodes/no-restricted-globals',
			'source nodes/Is74/leak.ts:4 error @n8n/community-nodes/no-restricted-imports',
			'source nodes/Is74/leak.ts:5 error @n8n/community-nodes/no-dangerous-functions',
			'packed dist/nodes/Is74/leak.js:2 error no-console',
			'packed dist/nodes/Is74/leak.js:2 error @n8n/community-nodes/no-restricted-globals',
			'packed dist/nodes/Is74/leak.js:4 error @n8n/community-nodes/no-restricted-imports',
			'packed dist/nodes/Is74/leak.js:5 error @n8n/community-nodes/no-dangerous-functions',
		]);
		expect(report.passed).toEqual({ source: false, packed: false });
		expect(code).toBe(1);
	});
});

describe('the two checks added to n8n’s verdict', () => {
	test('a warning of the scanner’s own rules fails the scan, though n8n’s verdict lets it pass (package.json without "homepage")', () => {
		const folder = fixture();
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
		delete manifest.homepage;
		writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
		const { code, report } = scan(['--source', folder, '--packed', folder]);
		expect(describeFindings(report.findings)).toEqual(['source package.json:1 warning @n8n/community-nodes/require-homepage', 'packed package.json:1 warning @n8n/community-nodes/require-homepage']);
		expect(report.passed).toEqual({ source: true, packed: true });
		expect(code).toBe(1);
	});

	test('a leg with no file to lint stops the scan, where n8n’s verdict would pass it', () => {
		const empty = fixture();
		const run = execFileSync('bash', ['-c', `node scripts/scan-package.mjs --source ${JSON.stringify(empty)} 2>&1; echo "exit $?"`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: '' } });
		expect(run).toBe(`[scan] the source leg found no file to lint in ${empty}\nexit 2\n`);
	});
});
