// n8n's verification scan, offline, before a publish rather than after it. n8n's scanner
// (@n8n/scan-community-package) checks the package's npm provenance, then lints two legs with
// analyzePackage(): the source checkout of the commit the provenance names (its SOURCE_FILE_PATTERNS:
// package.json, nodes/, credentials/) and the downloaded tarball (every .js file and package.json),
// with every eslint-disable comment ignored. This runs that same function on the same legs: this
// repository, and a fresh `npm pack` of it unpacked as the scanner unpacks a download.
//
// Two checks are added to n8n's verdict, which passes a leg with warnings only, or with no file at all:
// - warnings fail too: the scanner's own rules (its buildScanConfig()), warnings included, so the
//   package also keeps the rules n8n only warns about (no dead files, themed icons, homepage, ...);
// - a leg that finds no file to lint fails, so a wrong folder cannot pass as a clean one.
//
//   node scripts/scan-package.mjs [--source <folder>] [--packed <folder or .tgz>] [--json]
//
// With neither leg given: the sources of this repository and a fresh `npm pack` of it (build first).
// Exit 0: no finding; 1: findings; 2: a leg found nothing to lint, or the command was wrong.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-plugin-n8n-nodes-base switches to its own test mode (every file is "Test.node.ts") when
// NODE_ENV is "test", as it is under jest: the rules must load as they do in n8n's scanner.
delete process.env.NODE_ENV;
const SCANNER = import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import(SCANNER);
// The scanner's own ESLint and file globbing, so the warnings are read exactly as its verdict is.
const fromScanner = createRequire(SCANNER);
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The files of each leg. The tarball leg's patterns are written inline in the scanner's
 * analyzePackageByName (`analyzePackage(packageDir, ['**\/*.js', 'package.json'])`), not exported;
 * test/package/scanner.test.ts checks that the installed scanner still says exactly this.
 */
const PATTERNS = { source: SOURCE_FILE_PATTERNS, packed: ['**/*.js', 'package.json'] };
/** What analyzePackage leaves out of every leg. */
const IGNORE = ['node_modules/**', '**/package-lock.json'];

class ScanStopped extends Error {}
function fail(message) {
	throw new ScanStopped(message);
}

function parseArguments(args) {
	const legs = [];
	let json = false;
	for (let index = 0; index < args.length; index++) {
		const flag = args[index];
		if (flag === '--json') json = true;
		else if (flag === '--source' || flag === '--packed') {
			const target = args[++index];
			if (!target) fail(`${flag} needs a folder${flag === '--packed' ? ' or a .tgz file' : ''}`);
			legs.push({ leg: flag.slice(2), target: resolve(target) });
		} else fail(`unknown argument ${flag}; usage: node scripts/scan-package.mjs [--source <folder>] [--packed <folder or .tgz>] [--json]`);
	}
	return { legs, json };
}

/** A fresh `npm pack` of this repository, in a temporary folder. */
function packRepository(temporary) {
	if (!existsSync(join(ROOT, 'dist'))) fail('dist/ is missing: run `npm run build` first');
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', temporary], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
	return join(temporary, name);
}

/** The folder to lint: a folder as it is, a tarball unpacked as the scanner unpacks a download. */
function folderOf(target, temporary) {
	if (!target.endsWith('.tgz')) return target;
	const folder = mkdtempSync(join(temporary, 'packed-'));
	execFileSync('tar', ['-xzf', target, '-C', folder, '--strip-components=1']);
	return folder;
}

/**
 * The errors n8n's verdict names, read from its report (ESLint's "stylish" text: a file's absolute
 * path, then one indented `line:column  error  message  rule` line per problem).
 */
function errorsOf(details, leg, folder) {
	const findings = [];
	let file = '';
	for (const line of (details ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
		if (line.startsWith('/')) file = relative(folder, line.trim());
		const problem = /^\s+(\d+):(\d+)\s+error\s+(.*?)(?:\s{2,}(\S+))?\s*$/.exec(line);
		if (problem) findings.push({ leg, file, line: Number(problem[1]), column: Number(problem[2]), ruleId: problem[4] ?? null, severity: 'error', message: problem[3] });
	}
	return findings;
}

/** The warnings of the scanner's own rules on the same files, which its verdict lets pass. */
async function warningsOf(files, leg, folder) {
	const eslint = new ESLint({ cwd: folder, overrideConfigFile: true, overrideConfig: await buildScanConfig(), allowInlineConfig: false });
	const results = await eslint.lintFiles(files);
	return results.flatMap((result) =>
		result.messages
			.filter((message) => message.severity === 1)
			.map((message) => ({ leg, file: relative(folder, result.filePath), line: message.line ?? 0, column: message.column ?? 0, ruleId: message.ruleId, severity: 'warning', message: message.message })),
	);
}

async function scanLeg(leg, folder) {
	const files = glob.sync(PATTERNS[leg], { cwd: folder, absolute: true, ignore: IGNORE });
	if (files.length === 0) fail(`the ${leg} leg found no file to lint in ${folder}`);
	const verdict = await analyzePackage(folder, PATTERNS[leg]);
	const errors = errorsOf(verdict.details, leg, folder);
	if (!verdict.passed && errors.length === 0) fail(`n8n's scanner failed the ${leg} leg without naming a problem: ${verdict.message}`);
	return { linted: files.length, passed: verdict.passed, findings: [...errors, ...(await warningsOf(files, leg, folder))] };
}

const temporary = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-scan-'));
try {
	const { legs, json } = parseArguments(process.argv.slice(2));
	if (legs.length === 0) legs.push({ leg: 'source', target: ROOT }, { leg: 'packed', target: packRepository(temporary) });
	const report = { linted: {}, passed: {}, findings: [] };
	for (const { leg, target } of legs) {
		const { linted, passed, findings } = await scanLeg(leg, folderOf(target, temporary));
		report.linted[leg] = linted;
		report.passed[leg] = passed;
		report.findings.push(...findings);
	}
	if (json) console.log(JSON.stringify(report, null, 2));
	else {
		for (const finding of report.findings) {
			console.log(`${finding.leg}  ${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${finding.ruleId ?? '(parse)'}  ${finding.message}`);
		}
		const legsRun = Object.entries(report.linted).map(([leg, count]) => `${leg} ${count} files, ${report.passed[leg] ? 'passed' : 'failed'}`).join('; ');
		console.log(`[scan] n8n's scanner (@n8n/scan-community-package analyzePackage), comments ignored: ${legsRun}; ${report.findings.length} findings (warnings fail here too)`);
	}
	process.exitCode = report.findings.length === 0 ? 0 : 1;
} catch (error) {
	if (!(error instanceof ScanStopped)) throw error;
	console.error(`[scan] ${error.message}`);
	process.exitCode = 2;
} finally {
	rmSync(temporary, { recursive: true, force: true });
}
