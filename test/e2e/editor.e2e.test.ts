/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- drives a browser against a local n8n; fake credentials for the local simulator */
/**
 * The editor, as a user sees it: Debian's Chromium driven by playwright-core against a real n8n with
 * the package installed. Screenshots go to .tmp/screenshots (the best ones are copied to docs/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as unflatten } from 'flatted';
import { DateTime } from 'luxon';
import { chromium, selectors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { REAL_CALLS_NOTICE } from '../../nodes/Is74/actions/campaign/create.operation';
import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { N8N_LINE, N8N_VERSION, N8nInstance, ROOT } from '../../harness/n8nInstance';
import { reply, startHostileServer, type HostileServer } from '../support/hostileServer';

const OWNER = { email: 'owner@example.com', password: 'Is74-e2e-Owner1' };
const TOKEN = 'editor-token-77a1';
// The 2.x line's screenshots are the ones docs/ shows; another line's go beside them.
const SHOTS = join(ROOT, '.tmp', N8N_LINE === 2 ? 'screenshots' : `screenshots-n8n-${N8N_VERSION}`);

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
	// Transitions finished: a list opening or closing is shown as it ends, not half-faded.
	await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
}

/** Saves a workflow through n8n's REST API, as the editor does, and returns its ID. */
async function saveWorkflow(workflow: Record<string, unknown>): Promise<string> {
	const created = await fetch(`${url}/rest/workflows`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(workflow) });
	expect(created.status).toBe(200);
	return ((await created.json()) as { data: { id: string } }).data.id;
}

type Is74NodeSpec = { name: string; type: string; typeVersion?: number; parameters: Record<string, unknown> };

/**
 * Saves a workflow of one IS74 node with the simulator's credential, after a manual Start (none for the
 * trigger, which starts its workflow itself), and returns its ID.
 */
async function saveIs74Workflow(name: string, node: Is74NodeSpec, start = true): Promise<string> {
	const is74 = { id: 'n', typeVersion: 1, position: [220, 0], credentials: { is74Api: { id: 'is74demo00000001', name: 'IS74 Simulator' } }, ...node };
	return await saveWorkflow({
		name,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'Asia/Yekaterinburg' },
		nodes: start ? [{ id: 'm', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, is74] : [is74],
		connections: start ? { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } } : {},
		pinData: {},
	});
}

/** Waits until `condition` holds or `ms` have passed (the assertion after it says which). */
async function until(condition: () => boolean, ms = 30_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition() && Date.now() < deadline) await page.waitForTimeout(250);
}

/** The run data of the workflow's latest execution (n8n stores it as flatted JSON). */
async function lastExecution(workflowId: string): Promise<{ runData: Record<string, Array<{ data: { main: unknown[][] } }>> }> {
	const listed = (await (await fetch(`${url}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`, { headers: { cookie } })).json()) as {
		data: { results: Array<{ id: string }> };
	};
	const latest = listed.data.results.map((execution) => execution.id).sort((a, b) => Number(b) - Number(a))[0];
	const answer = (await (await fetch(`${url}/rest/executions/${latest}`, { headers: { cookie } })).json()) as { data: { data: string } };
	return (unflatten(answer.data.data) as { resultData: { runData: never } }).resultData;
}

/** The entries of the dropdown list open now (n8n keeps closed lists in the page, hidden). */
const openList = () => page.locator('.el-select-dropdown__item:visible');

/** Waits until no dropdown list is shown: a screenshot taken while one fades out shows it over the panel. */
async function listsClosed(): Promise<void> {
	await openList().first().waitFor({ state: 'hidden' });
}

/**
 * Opens `field`'s dropdown list and waits until it shows an entry. A click that lands while the panel is
 * still opening can be lost, so it is clicked again (at most three times).
 */
async function openDropdown(field: Locator, entry?: string): Promise<void> {
	const shown = entry ? openList().filter({ hasText: entry }).first() : openList().first();
	for (let attempt = 1; attempt < 3; attempt++) {
		await field.click();
		if (await shown.waitFor({ timeout: 10_000 }).then(() => true, () => false)) return;
	}
	await field.click();
	await shown.waitFor({ timeout: 10_000 });
}

/** The entries of the dropdown list open now: each one's shown name. */
async function openListNames(): Promise<string[]> {
	const list = openList();
	await list.first().waitFor();
	return (await list.evaluateAll((options) => options.map((option) => (option.querySelector('.option-headline') ?? option).textContent?.trim() ?? ''))) as string[];
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

test('n8n registers the nodes, their AI-tool variants, the trigger and the credential', async () => {
	const nodes = (await (await fetch(`${url}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{ name: string; usableAsTool?: boolean }>;
	const names = nodes.map((node) => node.name).filter((name) => name.startsWith('n8n-nodes-is74.'));
	expect(names.sort()).toEqual(['n8n-nodes-is74.is74Analytics', 'n8n-nodes-is74.is74AnalyticsTool', 'n8n-nodes-is74.is74Campaign', 'n8n-nodes-is74.is74CampaignTool', 'n8n-nodes-is74.is74Trigger']);
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

test('typing "обзвон" or "отчёт" in the node creator finds the Campaign and the Analytics node', async () => {
	const search = page.getByTestId('node-creator-search-bar');
	const item = (name: string) => page.getByTestId('node-creator-item-name').filter({ hasText: name }).first();
	for (const [word, node] of [
		['обзвон', 'IS74 Campaign'],
		['отчёт', 'IS74 Analytics'],
	]) {
		// A word nothing matches first, so a list left from the previous search cannot pass for a result.
		await search.fill('zzqx-no-such-node');
		await item('IS74').waitFor({ state: 'detached' });
		await search.fill(word);
		await item(node).waitFor();
	}
	await search.fill('IS74');
});

test('the Campaign panel renders its parameters and switching the recipients mode shows the right fields', async () => {
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'IS74 Campaign' }).first().click();
	await page.getByText('Create a call campaign').first().click();
	await page.getByTestId('parameter-input-projectId').waitFor();
	for (const parameter of ['startBlockId', 'phoneId', 'campaignName', 'date', 'startTime', 'endTime', 'attempts', 'intervalMinutes', 'phone']) {
		await page.getByTestId(`parameter-input-${parameter}`).waitFor();
	}
	expect(await page.getByTestId('parameter-input-phoneList').count()).toBe(0);
	await listsClosed();
	await shot('campaign-panel');
	await page.getByTestId('parameter-input-recipientsMode').click();
	await page.getByRole('option', { name: 'One Campaign per Item' }).click();
	await page.getByTestId('parameter-input-phoneList').waitFor();
	expect(await page.getByTestId('parameter-input-phone').count()).toBe(0);
	await page.getByTestId('parameter-input-scenarioDataMode').click();
	await page.getByRole('option', { name: 'All Fields of the Item' }).click();
	await page.getByTestId('parameter-input-excludeFields').waitFor();
	await listsClosed();
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
	await listsClosed();
	await shot('analytics-panel');
	await page.keyboard.press('Escape');
});

describe('column lists loaded from the API (the simulator) in the editor', () => {
	// The report's "today" is the workflow's day (its timezone, the platform's).
	const TODAY = DateTime.now().setZone('Asia/Yekaterinburg').toISODate() as string;
	const COLUMN_NAMES = ['Dialog ID', 'Phone Number', 'Call Time', 'Status', 'Duration', 'Attempts', 'Dialog', 'Goal Reached', 'name'];
	let campaignId: number;
	beforeAll(() => {
		campaignId = sim.seedCampaign({
			campaign: {
				project_id: 1,
				name: 'Columns in the editor',
				start_block_id: 10,
				phone_id: 5,
				state: 'Создано',
				schedule: { date: TODAY, start_time: '09:00', end_time: '12:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
			},
			phones: [{ phone: '+79127000001', add_data: { name: 'Anna' } }, { phone: '+79127000002', add_data: { name: 'Boris' } }],
		}).id;
	});

	test("Analytics: Columns → Name lists the campaign's columns (a why-entry while Campaign ID is empty); a picked column comes back in the run", async () => {
		const workflowId = await saveIs74Workflow('IS74 column list e2e', {
			name: 'Column report',
			type: 'n8n-nodes-is74.is74Analytics',
			parameters: { resource: 'report', operation: 'get', projectId: 1, scenarioId: 951, startBlockId: 10, period: 'today', columnsMode: 'list', columns: { column: [{ name: '' }] } },
		});
		const reportsBefore = sim.requests('report').length;
		await page.goto(`${url}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Column report"]').dblclick();
		const name = page.getByTestId('parameter-input-name');
		await openDropdown(name);
		expect(await openListNames()).toEqual(['Enter the Campaign ID above to list the columns']);
		await shot('analytics-column-list-why');
		// The why-entry sent nothing: the lookup needs the campaign.
		expect(sim.requests('report')).toHaveLength(reportsBefore);
		// Leaving the filled field makes n8n load the list again: one report request reaches the simulator.
		await page.getByTestId('parameter-input-campaignId').locator('input').fill(String(campaignId));
		await page.keyboard.press('Tab');
		await until(() => sim.requests('report').length > reportsBefore);
		await openDropdown(name, 'Goal Reached');
		expect(await openListNames()).toEqual(COLUMN_NAMES);
		await openList().filter({ hasText: 'Phone Number' }).click();
		await page.getByTestId('node-execute-button').click();
		await page.getByTestId('output-panel').getByText('+79127000002').first().waitFor();
		await shot('analytics-column-output');
		// Opened again, the list shows the pick beside its output (the first opening still shows the
		// why-entry's text in the field, which n8n keeps until a column is picked).
		await openDropdown(name, 'Goal Reached');
		expect(await openListNames()).toEqual(COLUMN_NAMES);
		await shot('analytics-column-list');
		await page.keyboard.press('Escape');

		// Two reads: the list's (all columns of the last minute) and the run's (the picked column, today).
		const reports = sim.requests('report').slice(reportsBefore);
		expect(reports.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
			['POST', '/api/analytics/1/report', 200],
			['POST', '/api/analytics/1/report', 200],
		]);
		const [lookup, run] = reports.map((entry) => entry.body as { analytics_filter: Record<string, unknown>; columns: unknown[] });
		const { date_start: lookupStart, date_end: lookupEnd, ...lookupTarget } = lookup.analytics_filter;
		expect(lookupTarget).toEqual({ scenario_id: 951, start_block_id: 10, outgoing_campaign_id: campaignId });
		expect(Date.parse(String(lookupEnd)) - Date.parse(String(lookupStart))).toBe(60_000);
		expect(lookup.columns).toEqual([]);
		const today = DateTime.fromISO(String(run.analytics_filter.date_start)).setZone('Asia/Yekaterinburg');
		expect(run).toEqual({
			analytics_filter: {
				scenario_id: 951,
				start_block_id: 10,
				outgoing_campaign_id: campaignId,
				date_start: today.startOf('day').toUTC().toISO(),
				date_end: today.endOf('day').toUTC().toISO(),
			},
			columns: [{ name: 'phone_number', column_type: 'field' }],
		});
		expect(today.toISODate()).toBe(TODAY);

		// The items n8n got: the picked column's field, one item per dialog.
		const execution = await lastExecution(workflowId);
		expect(execution.runData['Column report'][0].data.main[0]).toEqual([
			{ json: { phone_number: '+79127000001' }, pairedItem: { item: 0 } },
			{ json: { phone_number: '+79127000002' }, pairedItem: { item: 0 } },
		]);
		await page.keyboard.press('Escape');
	});
	test("Trigger v2: De-Duplication Fields list the campaign's columns, the saved ones shown by their display names", async () => {
		const workflowId = await saveIs74Workflow(
			'IS74 de-duplication list e2e',
			{
				name: 'New dialogs',
				type: 'n8n-nodes-is74.is74Trigger',
				typeVersion: 2,
				parameters: { projectId: 1, scenarioId: 951, startBlockId: 10, campaignId, columnsMode: 'list', columns: {}, dedupeBy: 'fields', dedupeFields: ['phone_number', 'call_time'] },
			},
			false,
		);
		const reportsBefore = sim.requests('report').length;
		await page.goto(`${url}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="New dialogs"]').dblclick();
		const fields = page.getByTestId('parameter-input-dedupeFields');
		// The stored fields are shown by their display names once the list has loaded.
		await fields.getByText('Call Time').waitFor();
		await fields.getByText('Phone Number').waitFor();
		await openDropdown(fields, 'Goal Reached');
		expect(await openListNames()).toEqual(COLUMN_NAMES);
		await shot('trigger-dedupe-list');
		const lookups = sim.requests('report').slice(reportsBefore);
		expect(lookups.length).toBeGreaterThanOrEqual(1);
		for (const lookup of lookups) expect((lookup.body as { columns: unknown[] }).columns).toEqual([]);
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
	});
});

test('the example workflow runs from the editor and its output shows the created campaign', async () => {
	await page.goto(`${url}/workflow/is74ExContacts01`);
	await page.getByTestId('execute-workflow-button').click();
	await until(() => sim.requests('campaigns').length > 0, 60_000);
	expect(sim.requests('campaigns')).toHaveLength(1);
	const campaignId = [...sim.campaigns.keys()].pop();
	await page.locator('[data-test-id="canvas-node"][data-node-name="Create call campaign"]').dblclick();
	const output = page.getByTestId('output-panel');
	await output.getByText(String(campaignId)).first().waitFor();
	await shot('campaign-output');
});

test('a Dry Run with a skipped phone: the hints above the output say so, and the panel warns of real calls', async () => {
	const date = DateTime.now().setZone('Asia/Yekaterinburg').plus({ days: 7 }).toISODate();
	const workflowId = await saveIs74Workflow('IS74 Campaign hints e2e', {
		name: 'Try a campaign',
		type: 'n8n-nodes-is74.is74Campaign',
		parameters: {
			resource: 'campaign',
			operation: 'create',
			projectId: 1,
			startBlockId: 10,
			phoneId: 5,
			campaignName: 'Reminder',
			// As n8n's date picker stores it, so the panel shows the date.
			date: `${date}T00:00:00`,
			phone: '+79120000001, 8 912 000-00-02, 12345',
			scenarioDataMode: 'none',
			options: { dryRun: true, invalidPhones: 'skip' },
		},
	});
	const campaignsBefore = sim.requests('campaigns').length;
	await page.goto(`${url}/workflow/${workflowId}`);
	await page.getByTestId('execute-workflow-button').click();
	await page.locator('[data-test-id="canvas-node"][data-node-name="Try a campaign"]').dblclick();
	const output = page.getByTestId('output-panel');
	const hints = output.getByTestId('node-hint');
	await hints.filter({ hasText: 'Dry Run: nothing was sent and nobody was called. 1 campaign for 2 recipients is shown as it would be sent. To create it, turn off Options → Dry Run.' }).waitFor();
	await hints.filter({ hasText: '1 phone was skipped and will not be called: "12345" (item 0, list entry 2). The reason is in rejectedPhones.' }).waitFor();
	expect(await hints.count()).toBe(2);
	await page.getByText(REAL_CALLS_NOTICE).waitFor();
	expect(sim.requests('campaigns')).toHaveLength(campaignsBefore);
	await shot('campaign-hints');
	await page.keyboard.press('Escape');
});

test('an activated workflow with the IS74 Trigger runs for the dialogs it finds', async () => {
	// A campaign whose calls happened during the last hour (platform time, UTC+5).
	const start = DateTime.now().setZone('Asia/Yekaterinburg').minus({ minutes: 60 }).startOf('minute');
	const campaign = sim.seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Polled in n8n',
			start_block_id: 10,
			phone_id: 5,
			state: 'Создано',
			schedule: { date: start.toISODate(), start_time: start.toFormat('HH:mm'), end_time: '23:59', periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
		},
		phones: ['+79126000001', '+79126000002', '+79126000003'].map((phone) => ({ phone })),
	});
	const workflow = {
		id: 'e2eTriggerActive1',
		name: 'IS74 Trigger e2e',
		active: false,
		settings: { executionOrder: 'v1', timezone: 'Asia/Yekaterinburg' },
		nodes: [
			{
				id: 't',
				name: 'IS74 Trigger',
				type: 'n8n-nodes-is74.is74Trigger',
				typeVersion: 1,
				position: [0, 0],
				credentials: { is74Api: { id: 'is74demo00000001', name: 'IS74 Simulator' } },
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					projectId: 1,
					scenarioId: 951,
					startBlockId: 10,
					campaignId: campaign.id,
					columnsMode: 'list',
					columns: { column: [{ name: 'phone_number' }, { name: 'call_time' }] },
					firstPoll: 'lookBack',
					lookBackHours: 3,
				},
			},
			{ id: 'n', name: 'Each new dialog', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'IS74 Trigger': { main: [[{ node: 'Each new dialog', type: 'main', index: 0 }]] } },
		pinData: {},
	};
	const headers = { cookie, 'Content-Type': 'application/json' };
	const created = await fetch(`${url}/rest/workflows`, { method: 'POST', headers, body: JSON.stringify(workflow) });
	expect(created.status).toBe(200);
	const { data } = (await created.json()) as { data: { id: string; versionId: string } };
	const activated = await fetch(`${url}/rest/workflows/${data.id}/activate`, { method: 'POST', headers, body: JSON.stringify({ versionId: data.versionId }) });
	expect(activated.status).toBe(200);

	// Activation runs the first poll at once; it finds the three dialogs and starts one execution.
	const deadline = Date.now() + 90_000;
	let executions: Array<{ status: string; workflowId: string }> = [];
	while (Date.now() < deadline) {
		const listed = (await (await fetch(`${url}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: data.id }))}`, { headers })).json()) as {
			data: { results: Array<{ status: string; workflowId: string }> };
		};
		executions = listed.data.results;
		if (executions.some((execution) => execution.status === 'success')) break;
		await new Promise((wait) => setTimeout(wait, 1000));
	}
	expect(executions.filter((execution) => execution.status === 'success')).toHaveLength(1);
	const polls = sim.requests('report').filter((entry) => (entry.body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id === campaign.id);
	expect(polls.length).toBeGreaterThanOrEqual(1);
	await fetch(`${url}/rest/workflows/${data.id}/deactivate`, { method: 'POST', headers, body: JSON.stringify({}) });
});

describe("the credential's Test button, through n8n's own REST API", () => {
	let api: HostileServer;
	beforeAll(async () => {
		api = await startHostileServer();
	});
	afterAll(async () => await api?.stop());

	async function verdict(data: Record<string, unknown>): Promise<unknown> {
		const response = await fetch(`${url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie },
			body: JSON.stringify({ credentials: { id: 'is74demo00000001', name: 'IS74 Simulator', type: 'is74Api', data: { baseUrl: api.url, loginPath: '/api/login', sessionToken: '', ...data } } }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { data: unknown }).data;
	}

	// The verdict is the same on both lines; the message is the credential's own from n8n 2.10, and
	// n8n's generic one on 1.x (whose error keeps no HTTP status for the credential's rules to match).
	test.each([
		[200, 'OK', 'Connection successful!', 'Connection successful!'],
		[401, 'Error', 'The IS74 API rejected the token (HTTP 401).', 'Authorization failed - please check your credentials'],
		[422, 'Error', "The IS74 API accepted the token and refused only the test's sample request (HTTP 422: it asks for project 0). The credential can be used.", 'Your request is invalid or could not be processed by the service'],
		[503, 'Error', 'Service Unavailable', 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)'],
	])('an answer %d: %s, for an access token and for login and password', async (status, outcome, line2, line1) => {
		const expected = { status: outcome, message: N8N_LINE >= 2 ? line2 : line1 };
		api.reset();
		api.answer((request, response) => {
			if (request.path === '/api/login') return reply(response, 200, { token: 'e2e-session-token' });
			reply(response, status, status === 200 ? { data: [], count: 0 } : { message: 'Refused' });
		});
		expect(await verdict({ authentication: 'accessToken', accessToken: TOKEN })).toEqual(expected);
		expect(await verdict({ authentication: 'loginPassword', login: 'operator', password: 'E2e-Test-Pass-5' })).toEqual(expected);
		const reads = api.seen.filter((entry) => entry.path === '/api/analytics/0/report');
		// A 401 makes n8n renew the credential once and read again; nothing else is ever sent twice.
		expect(reads.map((entry) => entry.headers.authorization)).toEqual(
			status === 401 ? [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, 'Bearer e2e-session-token', 'Bearer e2e-session-token'] : [`Bearer ${TOKEN}`, 'Bearer e2e-session-token'],
		);
	});
});
