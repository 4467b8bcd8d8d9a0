/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- reads the example file, prints timings; a throwaway owner account and fake credentials for local servers */
/**
 * A person approves or declines what an AI agent would do with the IS74 Campaign tool, in a real n8n
 * (each tested line): the example examples/agent-human-review.json, where the tool sits behind Send
 * Email's human review tool ("Human in the loop", n8n 2.6 and later). The agent's call mails the reviewer
 * the phones, date and window with Approve and Decline links and waits; the mail goes to a local SMTP
 * mailbox (harness/smtpServer.ts), and the test follows a link as the reviewer's click would. The model is
 * the demo mock `npm start` serves (harness/openAiMock.ts): it calls the tool with the phones, date and
 * times in the prompt, then repeats the tool's answer, so what the agent is told is asserted exactly.
 * On n8n 1.x the review node does not exist: the test shows the run refused and nothing sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as unflatten } from 'flatted';
import { DateTime } from 'luxon';

import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { N8N_LINE, N8nInstance, ROOT } from '../../harness/n8nInstance';
import { OpenAiMock, demoModel, messageText, type ChatRequest } from '../../harness/openAiMock';
import { SmtpServer, type MailMessage } from '../../harness/smtpServer';

const TOKEN = 'demo-token';
const ZONE = 'Asia/Yekaterinburg';
const TOMORROW = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate() as string;
const OWNER = {
	email: 'review-e2e@example.com',
	password: 'Review-E2e-Pass-3',
};
const WORKFLOW_ID = 'is74ExAgentRevw1';
const TOOL = 'Call_customers_back';

const example = () => JSON.parse(readFileSync(join(ROOT, 'examples/agent-human-review.json'), 'utf8'));
const TRIGGER = 'When clicking ‘Execute workflow’';


let sim: Is74Simulator;
let smtp: SmtpServer;
let model: OpenAiMock;
let n8n: N8nInstance;
let url = '';
let cookie = '';

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN] });
	smtp = await new SmtpServer().start(0, 0);
	model = await new OpenAiMock().start();
	n8n = await N8nInstance.create('review');
	await n8n.importCredentials([
		{
			id: 'is74demo00000001',
			name: 'IS74 Simulator',
			type: 'is74Api',
			data: {
				baseUrl: sim.url,
				authentication: 'accessToken',
				accessToken: TOKEN,
				loginPath: '/api/login',
				sessionToken: '',
			},
		},
		{
			id: 'is74mockmodel001',
			name: 'OpenAI (local mock model)',
			type: 'openAiApi',
			data: { apiKey: 'sk-local-mock', url: model.url, header: false },
		},
		{
			id: 'is74mailbox00001',
			name: 'Local mailbox (SMTP)',
			type: 'smtp',
			data: {
				user: '',
				password: '',
				host: '127.0.0.1',
				port: smtp.port,
				secure: false,
				disableStartTls: true,
			},
		},
	]);
	await n8n.importWorkflows([example()]);
	if (N8N_LINE < 2) return;
	url = await n8n.start(OWNER, { webhookUrl: true });
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		}),
	});
	expect(login.status).toBe(200);
	cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await model?.stop();
	await smtp?.stop();
	await sim?.stop();
});

beforeEach(() => {
	sim.reset();
	smtp.reset();
	model.requests.length = 0;
});

interface Execution {
	status: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
				}>
			>;
			error?: { message: string };
		};
	};
}

/** Starts the example as the editor's "Execute workflow" does; returns the execution's ID. */
async function runFromEditor(): Promise<string> {
	const response = await fetch(`${url}/rest/workflows/${WORKFLOW_ID}/run`, {
		method: 'POST',
		headers: { cookie, 'Content-Type': 'application/json' },
		body: JSON.stringify({ triggerToStartFrom: { name: TRIGGER } }),
	});
	const text = await response.text();
	const executionId = /^\{/.test(text) ? (JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId : undefined;
	if (!executionId) throw new Error(`n8n did not start the run: HTTP ${response.status} ${text.slice(0, 500)}\n${n8n.logs.join('').slice(-3000)}`);
	return executionId;
}

/** The execution once its status is one of `statuses`, or as it is after three minutes. */
async function executionWhen(id: string, statuses: string[]): Promise<Execution> {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const answer = (await (await fetch(`${url}/rest/executions/${id}`, { headers: { cookie } })).json()) as { data: { status: string; data: string } };
		if (statuses.includes(answer.data.status) || Date.now() > deadline)
			return {
				status: answer.data.status,
				data: unflatten(answer.data.data) as Execution['data'],
			};
		await new Promise((wait) => setTimeout(wait, 500));
	}
}

/** The links in the mail, by their label. */
function links(mail: MailMessage): Record<string, string> {
	return Object.fromEntries([...mail.body.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, label]) => [label, href.replace(/&amp;/g, '&')]));
}

/** The reviewer's click: a browser opening the link (n8n ignores link previews and bots). */
async function click(link: string): Promise<{ status: number; page: string }> {
	const response = await fetch(link, {
		headers: {
			'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
		},
	});
	return { status: response.status, page: await response.text() };
}

const agentOutput = (execution: Execution) => execution.data.resultData.runData['AI Agent']?.at(-1)?.data?.main?.[0]?.map((item) => item.json) ?? [];
const toolMessages = (chat: ChatRequest) => chat.messages.filter((message) => message.role === 'tool').map(messageText);

/** Runs the example until it waits for the reviewer, whose mail is sent before the run waits. */
async function untilReviewMail(): Promise<{ id: string; mail: MailMessage }> {
	const startedAt = Date.now();
	const id = await runFromEditor();
	const stopped = await executionWhen(id, ['waiting', 'success', 'error', 'crashed', 'canceled']);
	const mail = await smtp.waitForMessage(1, 5_000);
	process.stdout.write(`human review: the run was ${stopped.status} ${((Date.now() - startedAt) / 1000).toFixed(1)} s after it started\n`);
	if (!mail || stopped.status !== 'waiting') {
		const error = stopped.data.resultData.error?.message;
		throw new Error(`The run is ${stopped.status}${error ? ` (${error})` : ''} with ${smtp.messages.length} mails sent and ${sim.requests('campaigns').length} campaigns created`);
	}
	return { id, mail };
}

/** What the reviewer reads: the mail's message, its lines as sent. */
function reviewText(mail: MailMessage): string {
	const paragraph = /<p style="white-space: pre-line;">([\s\S]*?)<\/p>/.exec(mail.body)?.[1] ?? '';
	return paragraph.replace(/\r\n/g, '\n');
}

const REVIEW_TEXT = [
	'The AI agent asks to create an IS74 call campaign (Call_customers_back). Real people will be phoned.',
	'',
	'Phones: +79125550001, +79125550002',
	`Date: ${TOMORROW}`,
	'Call window: 10:00–12:00 (Asia/Yekaterinburg)',
	'',
	'Approve only if these customers asked to be called, on that day and in those hours.',
].join('\n');

/** The one campaign the approval creates: the model's phones, date and window, the node's other settings. */
const APPROVED_BODY = {
	campaign: {
		project_id: 1,
		name: 'Обратный звонок по просьбе клиента',
		description: '',
		start_block_id: 10,
		schedule: {
			date: TOMORROW,
			start_time: '10:00',
			end_time: '12:00',
			periods: { id: 1, title: 'Однократно' },
			attempts: { id: 2, title: '2' },
			interval: '30',
		},
		state: 'Создано',
		phone_id: 5,
	},
	phones: [
		{ phone: '+79125550001', add_data: {} },
		{ phone: '+79125550002', add_data: {} },
	],
};

/** The reviewer's mail and what was (not) sent while it waits, the same whatever the answer will be. */
async function expectReviewRequested(id: string, mail: MailMessage): Promise<void> {
	expect({ from: mail.from, to: mail.to, subject: mail.subject }).toEqual({
		from: 'n8n@localhost',
		to: ['supervisor@localhost'],
		subject: 'Approve an IS74 call campaign',
	});
	expect(reviewText(mail)).toBe(REVIEW_TEXT);
	expect(Object.keys(links(mail))).toEqual(['Decline', 'Approve the calls']);
	for (const link of Object.values(links(mail))) expect(link.startsWith(`${url}/webhook-waiting/${id}/`)).toBe(true);
	// The mailbox page `npm start` offers shows the mail, links included (as an iframe's escaped srcdoc).
	const page = await (await fetch(smtp.httpUrl)).text();
	expect(page).toContain('<h2>Approve an IS74 call campaign</h2><p>To supervisor@localhost');
	expect(page).toContain(`href=&quot;${links(mail)['Approve the calls'].replace(/&/g, '&amp;')}&quot;`);
	// The run waits for the reviewer; the campaign has not been created, and the model has been asked once.
	expect((await executionWhen(id, ['waiting'])).status).toBe('waiting');
	expect(sim.log).toHaveLength(0);
	expect(model.chats).toHaveLength(1);
	// The model sees the IS74 tool under its own name and description; its parameters sit in "toolParameters".
	const [tool] = model.chats[0].tools ?? [];
	expect(model.chats[0].tools).toHaveLength(1);
	const text = (description: string) => ({ type: 'string', description });
	expect(tool.function.name).toBe(TOOL);
	expect(tool.function.description).toMatch(/^Creates an outbound call campaign on the IS74 voice platform: it places REAL phone calls/);
	expect(tool.function.parameters).toEqual({
		type: 'object',
		properties: {
			toolParameters: {
				type: 'object',
				properties: {
					Date: text('Day of the calls, YYYY-MM-DD'),
					Window_start: text('Start of the call window, HH:MM'),
					Window_end: text('End of the call window, HH:MM'),
					Phones: text('Phone numbers to call, separated by commas'),
				},
				required: ['Date', 'Window_start', 'Window_end', 'Phones'],
				additionalProperties: false,
				description: 'Input parameters for the tool',
			},
			hitlParameters: {
				type: 'object',
				properties: {},
				additionalProperties: false,
				description: 'Parameters for the Human-in-the-Loop layer',
			},
		},
		required: ['toolParameters', 'hitlParameters'],
		additionalProperties: false,
		$schema: 'http://json-schema.org/draft-07/schema#',
	});
}

/** n8n's answer to a link of a review already answered. */
const NO_ACTION = { status: 200, page: expect.stringContaining('<h1>No action required</h1>') };

/** What the model answered its first request (the demo model is deterministic): the prompt's phones, date and window. */
function expectModelCall(): void {
	expect(demoModel(model.chats[0], 0)).toEqual({
		toolCalls: [{ name: TOOL, arguments: { toolParameters: { Phones: '+79125550001, +79125550002', Date: TOMORROW, Window_start: '10:00', Window_end: '12:00' }, hitlParameters: {} } }],
	});
}

/** n8n 1.x has no human review tools: the example is refused before the model or anyone is reached. */
async function expectRefusedOnLine1(): Promise<void> {
	const result = await n8n.execute(WORKFLOW_ID);
	expect(result.code).not.toBe(0);
	// 1.x reads a "…Tool" type as the tool variant of the node before it, here a node "emailSendHitl" it lacks.
	expect(`${result.stdout}\n${result.stderr}`).toMatch(/^Unrecognized node type: n8n-nodes-base\.emailSendHitl$/m);
	expect(model.requests).toHaveLength(0);
	expect(smtp.messages).toHaveLength(0);
	expect(sim.log).toHaveLength(0);
}

test(
	N8N_LINE >= 2
		? 'approve: the reviewer sees the phones, date and window; exactly one campaign with them is created, and the model gets its ID'
		: 'approve, on n8n 1.x: refused, the human review node does not exist; nothing is sent',
	async () => {
		if (N8N_LINE < 2) return await expectRefusedOnLine1();
		const { id, mail } = await untilReviewMail();
		await expectReviewRequested(id, mail);

		expect(await click(links(mail)['Approve the calls'])).toEqual({ status: 200, page: expect.stringContaining('<h1>Got it, thanks</h1>') });
		
		const execution = await executionWhen(id, ['success', 'error', 'crashed']);
		expect(execution.status).toBe('success');
		const created = sim.requests('campaigns');
		expect(created).toHaveLength(1);
		expect(created[0].body).toEqual(APPROVED_BODY);
		const campaignId = [...sim.campaigns.keys()].pop();

		expectModelCall();
		// The model's second turn carries the tool's answer: the campaign, as the tool returns it without review.
		expect(model.chats).toHaveLength(2);
		const [result] = toolMessages(model.chats[1]);
		expect(JSON.parse(result)).toEqual([
			{
				campaignId,
				name: 'Обратный звонок по просьбе клиента',
				projectId: 1,
				startBlockId: 10,
				phoneId: 5,
				recipientsSent: 2,
				duplicatesRemoved: 0,
				rejectedPhones: [],
				emptyScenarioValues: {},
				schedule: APPROVED_BODY.campaign.schedule,
				batchNumber: 1,
				batchCount: 1,
			},
		]);
		expect(agentOutput(execution)).toEqual([{ output: `Done. The tool answered: ${result}` }]);

		// A second click on either link (a reviewer who clicks twice) creates nothing more.
		expect(await click(links(mail)['Approve the calls'])).toEqual(NO_ACTION);
		expect(await click(links(mail).Decline)).toEqual(NO_ACTION);
		expect((await executionWhen(id, ['success'])).status).toBe('success');
		expect(sim.requests('campaigns')).toHaveLength(1);
		expect(model.chats).toHaveLength(2);
	},
	600_000,
);

test(
	N8N_LINE >= 2 ? 'decline: nothing is sent to the IS74 API, and the model is told the reviewer refused' : 'decline, on n8n 1.x: refused, the human review node does not exist; nothing is sent',
	async () => {
		if (N8N_LINE < 2) return await expectRefusedOnLine1();
		const { id, mail } = await untilReviewMail();
		await expectReviewRequested(id, mail);

		expect(await click(links(mail).Decline)).toEqual({ status: 200, page: expect.stringContaining('<h1>Got it, thanks</h1>') });
		const execution = await executionWhen(id, ['success', 'error', 'crashed']);
		expect(execution.status).toBe('success');
		expect(sim.log).toHaveLength(0);

		// The tool result the model receives is n8n's refusal, naming the IS74 node and the call it refused.
		expect(model.chats).toHaveLength(2);
		expectModelCall();
		const callId = model.chats[1].messages.find((message) => message.role === 'assistant')?.tool_calls?.[0].id;
		const [result] = toolMessages(model.chats[1]);
		expect(JSON.parse(result)).toEqual([
			{
				output: `User rejected the tool call to Call customers back (id: ${callId}). STOP what you are doing and wait for the user to tell you how to proceed. The tool is still available if needed.`,
			},
		]);
		expect(agentOutput(execution)).toEqual([{ output: `Done. The tool answered: ${result}` }]);

		// The Approve link in the same mail no longer does anything once the reviewer declined.
		expect(await click(links(mail)['Approve the calls'])).toEqual(NO_ACTION);
		expect((await executionWhen(id, ['success'])).status).toBe('success');
		expect(sim.log).toHaveLength(0);
		expect(model.chats).toHaveLength(2);
	},
	600_000,
);
