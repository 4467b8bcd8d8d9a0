/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- packs the package, unpacks it and runs the repository's scripts on it */
/**
 * The package as npm would publish it: `npm pack` of the built tree (harness/n8nInstance.ts builds
 * when dist/ is missing), unpacked the way n8n's scanner unpacks a download.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, packPackage } from '../../harness/n8nInstance';

export { ROOT };

export interface Unpacked {
	tarball: string;
	/** The folder holding the package's files (the tarball's `package/` prefix stripped). */
	dir: string;
	/** Every file in the tarball, relative, sorted. */
	files: string[];
	remove(): void;
}

export function filesUnder(dir: string, prefix = ''): string[] {
	return readdirSync(join(dir, prefix), { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
		.sort();
}

export function unpackPackage(): Unpacked {
	const tarball = packPackage();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-nodes-is74-unpacked-'));
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return { tarball, dir, files: filesUnder(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ScanFinding {
	leg: 'source' | 'packed';
	file: string;
	line: number;
	ruleId: string | null;
	severity: 'error' | 'warning';
	message: string;
}

export interface ScanReport {
	/** How many files each leg linted. */
	linted: { source?: number; packed?: number };
	/** n8n's own verdict on each leg (analyzePackage's `passed`: warnings do not fail it). */
	passed: { source?: boolean; packed?: boolean };
	findings: ScanFinding[];
}

/** scripts/scan-package.mjs with --json (jest cannot load ESLint's .mjs configs in-process). */
export function scan(args: string[]): { code: number | null; report: ScanReport; stderr: string } {
	const run = spawnSync(process.execPath, [join(ROOT, 'scripts/scan-package.mjs'), '--json', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (!run.stdout.trimStart().startsWith('{')) throw new Error(`scripts/scan-package.mjs printed no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
	return { code: run.status, report: JSON.parse(run.stdout) as ScanReport, stderr: run.stderr };
}
