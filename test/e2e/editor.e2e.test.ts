/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- drives a browser against a local n8n; fake credentials for the local simulator */
/**
 * The editor, as a user sees it: Debian's Chromium driven by playwright-core against a real n8n with
 * the package installed. Screenshots go to .tmp/screenshots (the best ones are copied to docs/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { N8nInstance, ROOT } from './n8nInstance';

const OWNER = { email: 'owner@example.com', password: 'Is74-e2e-Owner1' };
const TOKEN = 'editor-token-77a1';
const SHOTS = join(ROOT, '.tmp', 'screenshots');

let sim: Is74Simulator;
let n8n: N8nInstance;
let url: string;
let cookie: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

jest.setTimeout(180_000);
// n8n marks elements with data-test-id (Playwright's default is data-testid).
selectors.setTestIdAttribute('data-test-id');

async function shot(name: string): Promise<void> {
	await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	sim = await startSimulator({ staticTokens: [TOKEN] });
	n8n = await N8nInstance.create('editor');
	await n8n.importCredentials([
		{ id: 'is74demo00000001', name: 'IS74 Simulator', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } },
	]);
	await n8n.importWorkflows([JSON.parse(readFileSync(join(ROOT, 'examples/contacts-to-campaign.json'), 'utf8'))]);
	url = await n8n.start(OWNER);
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	expect(login.status).toBe(200);
	cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
	page = await context.newPage();
	page.setDefaultTimeout(30_000);
}, 900_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await sim?.stop();
});

test('n8n registers both nodes, their AI-tool variants and the credential', async () => {
	const nodes = (await (await fetch(`${url}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{ name: string; usableAsTool?: boolean }>;
	const names = nodes.map((node) => node.name).filter((name) => name.startsWith('n8n-nodes-is74.'));
	expect(names.sort()).toEqual(['n8n-nodes-is74.is74Analytics', 'n8n-nodes-is74.is74AnalyticsTool', 'n8n-nodes-is74.is74Campaign', 'n8n-nodes-is74.is74CampaignTool']);
	const credentials = (await (await fetch(`${url}/types/credentials.json`, { headers: { cookie } })).json()) as Array<{ name: string }>;
	expect(credentials.map((credential) => credential.name)).toContain('is74Api');
});

test('typing "IS74" in the node creator finds both nodes', async () => {
	await page.goto(`${url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('IS74');
	const items = page.getByTestId('node-creator-item-name');
	await items.filter({ hasText: 'IS74 Campaign' }).first().waitFor();
	await items.filter({ hasText: 'IS74 Analytics' }).first().waitFor();
	await shot('node-creator');
});

test('the Campaign panel renders its parameters and switching the recipients mode shows the right fields', async () => {
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'IS74 Campaign' }).first().click();
	await page.getByText('Create a call campaign').first().click();
	await page.getByTestId('parameter-input-projectId').waitFor();
	for (const parameter of ['startBlockId', 'phoneId', 'campaignName', 'date', 'startTime', 'endTime', 'attempts', 'intervalMinutes', 'phone']) {
		await page.getByTestId(`parameter-input-${parameter}`).waitFor();
	}
	expect(await page.getByTestId('parameter-input-phoneList').count()).toBe(0);
	await shot('campaign-panel');
	await page.getByTestId('parameter-input-recipientsMode').click();
	await page.getByRole('option', { name: 'One Campaign per Item' }).click();
	await page.getByTestId('parameter-input-phoneList').waitFor();
	expect(await page.getByTestId('parameter-input-phone').count()).toBe(0);
	await page.getByTestId('parameter-input-scenarioDataMode').click();
	await page.getByRole('option', { name: 'All Fields of the Item' }).click();
	await page.getByTestId('parameter-input-excludeFields').waitFor();
	await shot('campaign-panel-per-item');
	await page.keyboard.press('Escape');
});

test('the Analytics panel shows custom dates and the row limit only when they apply', async () => {
	await page.goto(`${url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('IS74 Analytics');
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'IS74 Analytics' }).first().click();
	await page.getByText('Get a campaign report').first().click();
	await page.getByTestId('parameter-input-campaignId').waitFor();
	expect(await page.getByTestId('parameter-input-start').count()).toBe(0);
	await page.getByTestId('parameter-input-period').click();
	await page.getByRole('option', { name: 'Custom' }).click();
	await page.getByTestId('parameter-input-start').waitFor();
	await page.getByTestId('parameter-input-end').waitFor();
	await page.getByTestId('parameter-input-returnAll').waitFor();
	expect(await page.getByTestId('parameter-input-limit').count()).toBe(0);
	await page.getByTestId('parameter-input-output').click();
	await page.getByRole('option', { name: 'Summary' }).click();
	await page.getByTestId('parameter-input-period').waitFor();
	expect(await page.getByTestId('parameter-input-returnAll').count()).toBe(0);
	await shot('analytics-panel');
	await page.keyboard.press('Escape');
});

test('the example workflow runs from the editor and its output shows the created campaign', async () => {
	await page.goto(`${url}/workflow/is74ExContacts01`);
	await page.getByTestId('execute-workflow-button').click();
	const deadline = Date.now() + 60_000;
	while (sim.requests('campaigns').length === 0 && Date.now() < deadline) await page.waitForTimeout(250);
	expect(sim.requests('campaigns')).toHaveLength(1);
	const campaignId = [...sim.campaigns.keys()].pop();
	await page.locator('[data-test-id="canvas-node"][data-node-name="Create call campaign"]').dblclick();
	const output = page.getByTestId('output-panel');
	await output.getByText(String(campaignId)).first().waitFor();
	await shot('campaign-output');
});
