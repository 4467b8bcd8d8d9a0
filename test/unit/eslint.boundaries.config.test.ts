/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- runs ESLint's command line on files of this repository */
/**
 * The boundaries of eslint.boundaries.config.mjs refuse what they must: n8n in domain/, the nodes'
 * code in the simulator (a shared misreading of the API document would be invisible), test/ in the
 * benchmark, any part of the nodes in the credential but its one entry point and domain/. `npm run lint` applies them to the tree; this shows each one biting, and the tree clean.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** The command `npm run lint` runs, on stdin as `file` or on the given folders (jest cannot load ESLint's .mjs config in-process). */
async function eslint(args: string[], stdin?: string): Promise<Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; message: string }> }>> {
	return await new Promise((resolveRun, reject) => {
		const child = execFile(
			resolve(ROOT, 'node_modules/.bin/eslint'),
			['--no-inline-config', '-c', 'eslint.boundaries.config.mjs', '--format', 'json', ...args],
			{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout) => {
				// Exit code 1 means "problems found": the JSON still says which.
				if (error && error.code !== 1) return reject(error);
				resolveRun(JSON.parse(stdout));
			},
		);
		child.stdin?.end(stdin ?? '');
	});
}

async function refusals(file: string, source: string): Promise<string[]> {
	const [result] = await eslint(['--stdin', '--stdin-filename', file], source);
	return result.messages.map((message) => `${message.ruleId}: ${message.message.split(' import is restricted')[0]}`);
}

test.each([
	['nodes/Is74/domain/phone.ts', "import { NodeOperationError } from 'n8n-workflow';", "'n8n-workflow'"],
	['nodes/Is74/domain/phone.ts', "import type { IExecuteFunctions } from 'n8n-workflow';", "'n8n-workflow'"],
	['nodes/Is74/domain/phone.ts', "import { WorkflowExecute } from 'n8n-core';", "'n8n-core'"],
	['nodes/Is74/domain/phone.ts', "import { is74Request } from '../transport';", "'../transport'"],
	['nodes/Is74/domain/campaignPlan.ts', "import { atItem } from '../helpers/nodeErrors';", "'../helpers/nodeErrors'"],
	['nodes/Is74/domain/pollState.ts', "import type { IPollFunctions } from 'n8n-workflow';", "'n8n-workflow'"],
	['nodes/Is74/domain/pollState.ts', "import { toNodeError } from '../helpers/nodeErrors';", "'../helpers/nodeErrors'"],
	['nodes/Is74/domain/pollState.ts', "import { fetchReport } from '../transport/fetchReport';", "'../transport/fetchReport'"],
	['simulator/server.ts', "import { campaignRequestSchema } from '../nodes/Is74/domain/apiContract';", "'../nodes/Is74/domain/apiContract'"],
	['simulator/server.ts', "export { API_PATHS } from '../nodes/Is74/domain/apiContract';", "'../nodes/Is74/domain/apiContract'"],
	['bench/run.ts', "import { TOKEN } from '../test/support/simulator';", "'../test/support/simulator'"],
	['credentials/Is74Api.credentials.ts', "import { readBodyText } from '../nodes/Is74/transport/answer';", "'../nodes/Is74/transport/answer'"],
	['credentials/Is74Api.credentials.ts', "import { SessionRejected } from '../nodes/Is74/compat/sessionRenewal';", "'../nodes/Is74/compat/sessionRenewal'"],
	['credentials/Is74Api.credentials.ts', "import { itemReader } from '../nodes/Is74/helpers/itemParameter';", "'../nodes/Is74/helpers/itemParameter'"],
])('%s may not say %s', async (file, source, module) => {
	expect(await refusals(file, source)).toEqual([`no-restricted-imports: ${module}`]);
});

test.each([
	['nodes/Is74/domain/pollState.ts', "import { DateTime } from 'luxon';\nimport { createHash } from 'crypto';\nimport type { ReportResponse } from './apiContract';"],
	['nodes/Is74/domain/phone.ts', "import { DateTime } from 'luxon';\nimport { z } from 'zod';\nimport { createHash } from 'crypto';\nimport { parseId } from './numbers';"],
	['simulator/server.ts', "import { createServer } from 'node:http';\nimport { runReport } from './dialogs';"],
	['bench/run.ts', "import { runWorkflow } from '../harness/engine';\nimport { startSimulator } from '../simulator/server';"],
	['credentials/Is74Api.credentials.ts', "import { logIn } from '../nodes/Is74/transport/credentialHooks';\nimport { API_PATHS } from '../nodes/Is74/domain/apiContract';"],
])('%s may import packages and its own neighbours', async (file, source) => {
	expect(await refusals(file, source)).toEqual([]);
});

test('the tree keeps every boundary, whatever its comments say', async () => {
	const results = await eslint(['nodes', 'credentials', 'simulator', 'bench']);
	expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line} ${message.message}`))).toEqual([]);
});
