/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a jest setup file: it makes a folder and sets the environment n8n-core reads */
/**
 * Jest setup of the unit and integration projects. n8n-core keeps its instance settings in
 * `<user folder>/.n8n/config` (an encryption key, written on first use): the user folder is the home
 * folder unless N8N_USER_FOLDER names another. The tests point it at a throwaway folder under the
 * repository's `.tmp/` (gitignored), one per jest worker, so they never read or create the user's ~/.n8n.
 * (The end-to-end and queue harnesses give every n8n they start a user folder of its own.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(__dirname, '..', '..', '.tmp', 'n8n-user-folder', `worker-${process.env.JEST_WORKER_ID ?? '1'}`);
mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
