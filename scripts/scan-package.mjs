// n8n's verification scan, offline, before a publish rather than after it. n8n's scanner
// (@n8n/scan-community-package) lints two things: the sources of the commit named in the package's
// provenance statement (package.json, nodes/, credentials/) and the published tarball (package.json
// and every .js file), with eslint.scanner.config.mjs's rules and every eslint-disable comment
// ignored. This does the same. Any finding, error or warning, fails.
//
//   node scripts/scan-package.mjs [--source <folder>] [--packed <folder or .tgz>] [--json]
//
// With neither leg given: the sources of this repository and a fresh `npm pack` of it (build first).
// Exit 0: no finding; 1: findings; 2: a leg found nothing to lint, or the command was wrong.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// eslint-plugin-n8n-nodes-base switches to its own test mode (every file is "Test.node.ts") when
// NODE_ENV is "test", as it is under jest: the rules must load as they do in n8n's scanner.
delete process.env.NODE_ENV;
const { default: config } = await import('../eslint.scanner.config.mjs');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = {
	source: ['package.json', '{nodes,credentials}/**/*.{ts,js,json}'],
	packed: ['package.json', '**/*.js'],
};

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

async function lint(leg, folder) {
	const eslint = new ESLint({ cwd: folder, overrideConfigFile: true, overrideConfig: config, allowInlineConfig: false, errorOnUnmatchedPattern: false });
	const results = await eslint.lintFiles(FILES[leg]);
	if (results.length === 0) fail(`the ${leg} leg found no file to lint in ${folder}`);
	const findings = results.flatMap((result) =>
		result.messages.map((message) => ({
			leg,
			file: relative(folder, result.filePath),
			line: message.line ?? 0,
			column: message.column ?? 0,
			ruleId: message.ruleId,
			severity: message.severity === 2 ? 'error' : 'warning',
			message: message.message,
		})),
	);
	return { linted: results.length, findings };
}

const temporary = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-scan-'));
try {
	const { legs, json } = parseArguments(process.argv.slice(2));
	if (legs.length === 0) legs.push({ leg: 'source', target: ROOT }, { leg: 'packed', target: packRepository(temporary) });
	const report = { linted: {}, findings: [] };
	for (const { leg, target } of legs) {
		const { linted, findings } = await lint(leg, folderOf(target, temporary));
		report.linted[leg] = linted;
		report.findings.push(...findings);
	}
	if (json) console.log(JSON.stringify(report, null, 2));
	else {
		for (const finding of report.findings) {
			console.log(`${finding.leg}  ${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${finding.ruleId ?? '(parse)'}  ${finding.message}`);
		}
		const counts = Object.entries(report.linted).map(([leg, count]) => `${leg} ${count} files`).join(', ');
		console.log(`[scan] n8n's scanner rules, comments ignored: ${counts}; ${report.findings.length} findings`);
	}
	process.exitCode = report.findings.length === 0 ? 0 : 1;
} catch (error) {
	if (!(error instanceof ScanStopped)) throw error;
	console.error(`[scan] ${error.message}`);
	process.exitCode = 2;
} finally {
	rmSync(temporary, { recursive: true, force: true });
}
