/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the example file, prints timings */
/**
 * An n8n AI agent using both IS74 tools, in a real n8n (each tested line): Manual Trigger → AI Agent (the line's newest, 3.1 on n8n 2) with an
 * OpenAI Chat Model whose credential points at a local OpenAI-compatible mock (Chat Completions, the
 * Responses API off) and the IS74 Campaign and Analytics tools, against the IS74 simulator. The mock
 * records what n8n sends the model and answers from a script, so every step is asserted exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

import { startSimulator, type Is74Simulator } from '../../simulator/server';
import { N8N_LINE, N8nInstance, ROOT, type ExecutionResult } from '../../harness/n8nInstance';
import { OpenAiMock, messageText, type ChatRequest, type ModelScript } from '../../harness/openAiMock';
import { Is74Analytics } from '../../nodes/Is74/Is74Analytics.node';
import { Is74Campaign } from '../../nodes/Is74/Is74Campaign.node';

const TOKEN = 'demo-token';
const ZONE = 'Asia/Yekaterinburg';
const TOMORROW = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate() as string;
const CAMPAIGN_TOOL = 'Call_customers_back';
const ANALYTICS_TOOL = 'Campaign_results';

let sim: Is74Simulator;
let n8n: N8nInstance;

beforeAll(async () => {
	sim = await startSimulator({ staticTokens: [TOKEN] });
	n8n = await N8nInstance.create('agent');
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

beforeEach(() => sim.reset());

const example = () => JSON.parse(readFileSync(join(ROOT, 'examples/agent-call-back.json'), 'utf8'));
/**
 * The newest AI Agent of the n8n line under test: 3.1 from n8n 2, 3 on 1.123. The example itself uses 3,
 * which both lines run (in 2.41.1 the two versions are one implementation).
 */
const NEWEST_AGENT_VERSION = N8N_LINE >= 2 ? 3.1 : 3;

/** The example workflow with its two credentials (the IDs it names) pointing at the simulator and `model`. */
async function runExample(model: OpenAiMock, id: string, agentVersion?: number): Promise<ExecutionResult> {
	await n8n.importCredentials([
		{ id: 'is74demo00000001', name: 'IS74 Simulator', type: 'is74Api', data: { baseUrl: sim.url, authentication: 'accessToken', accessToken: TOKEN, loginPath: '/api/login', sessionToken: '' } },
		{ id: 'is74mockmodel001', name: 'OpenAI (local mock model)', type: 'openAiApi', data: { apiKey: 'sk-local-mock', url: model.url, header: false } },
	]);
	const workflow = example();
	if (agentVersion !== undefined) {
		for (const node of workflow.nodes as Array<{ type: string; typeVersion: number }>) if (node.type === '@n8n/n8n-nodes-langchain.agent') node.typeVersion = agentVersion;
	}
	await n8n.importWorkflows([{ ...workflow, id }]);
	const startedAt = Date.now();
	const result = await n8n.execute(id);
	process.stdout.write(`agent workflow ${id}: n8n execute took ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
	return result;
}

/** The agent's output items in the execution. */
const agentOutput = (result: ExecutionResult) => result.run?.data.resultData.runData['AI Agent']?.at(-1)?.data?.main[0]?.map((item) => item.json) ?? [];
const toolDescription = (properties: Array<{ name: string; default: unknown }>) => properties.find((property) => property.name === 'toolDescription')?.default;
const toolMessages = (chat: ChatRequest) => chat.messages.filter((message) => message.role === 'tool').map(messageText);

test('the agent calls two customers back, is refused a foreign number, reads the bounded report and answers', async () => {
	let campaignId = 0;
	const script: ModelScript = (request, turn) => {
		const last = request.messages.at(-1);
		if (turn === 0) return { toolCalls: [{ name: CAMPAIGN_TOOL, arguments: { Phones: '+79120000001, +79120000002' } }] };
		if (turn === 1) {
			campaignId = (JSON.parse(messageText(last!)) as Array<{ campaignId: number }>)[0].campaignId;
			return { toolCalls: [{ name: CAMPAIGN_TOOL, arguments: { Phones: '+442071234567' } }] };
		}
		if (turn === 2) return { toolCalls: [{ name: ANALYTICS_TOOL, arguments: { Campaign_ID: campaignId } }] };
		return { text: `Campaign ${campaignId} calls +79120000001 and +79120000002 tomorrow. +442071234567 was refused: only +7 numbers may be called.` };
	};
	const model = await new OpenAiMock(script).start();
	try {
		const result = await runExample(model, 'is74AgentE2E0001', NEWEST_AGENT_VERSION);
		expect(result.code).toBe(0);
		expect(result.run?.status).toBe('success');

		// What n8n sent the model: Chat Completions, four turns, both tools with their own descriptions and schemas.
		expect(model.requests.map((request) => `${request.method} ${request.path}`)).toEqual(Array(4).fill('POST /v1/chat/completions'));
		const [first] = model.chats;
		expect(messageText(first.messages.find((message) => message.role === 'user')!)).toContain('+7 912 555-00-01');
		expect(first.stream).toBeFalsy();
		const schema = (key: string, type: string) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { [key]: { type } }, required: [key], additionalProperties: false });
		const tool = (name: string, node: { description: { properties: Array<{ name: string; default: unknown }> } }, parameters: object) => ({
			type: 'function',
			// n8n 2's LangChain marks each tool non-strict; 1.123's sends no "strict" at all.
			function: { name, description: toolDescription(node.description.properties), parameters, ...(N8N_LINE >= 2 ? { strict: false } : {}) },
		});
		expect(first.tools?.map((tool) => tool.function.name)).toEqual([ANALYTICS_TOOL, CAMPAIGN_TOOL]);
		expect(first.tools).toEqual([
			tool(ANALYTICS_TOOL, new Is74Analytics(), schema('Campaign_ID', 'number')),
			tool(CAMPAIGN_TOOL, new Is74Campaign(), schema('Phones', 'string')),
		]);

		// The simulator received exactly one campaign: the two phones, nothing for the foreign number.
		const created = sim.requests('campaigns');
		expect(created).toHaveLength(1);
		expect(created[0].body).toEqual({
			campaign: {
				project_id: 1,
				name: 'Обратный звонок по просьбе клиента',
				description: '',
				start_block_id: 10,
				schedule: { date: TOMORROW, start_time: '10:00', end_time: '18:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 2, title: '2' }, interval: '30' },
				state: 'Создано',
				phone_id: 5,
			},
			phones: [{ phone: '+79120000001', add_data: {} }, { phone: '+79120000002', add_data: {} }],
		});
		expect(campaignId).toBe([...sim.campaigns.keys()].pop());

		// The refusal reached the model as the second tool result.
		const [, refusal, report] = toolMessages(model.chats[3]);
		// The tool answers a refusal with one item holding the message (which carries the fix), on both lines.
		expect(JSON.parse(refusal)).toEqual([{ error: 'Invalid Phone (phones[].phone) [0]: "+442071234567" is not in the allowed phone prefixes +7. This node may only call numbers starting with +7. To call it, add its prefix to Guard Rails → Allowed Phone Prefixes (or empty that field to allow every number); otherwise remove the number, or set Options → On Invalid Phone to "Skip and Report".' }]);

		// The report the model read is the tool's bounded answer.
		expect(sim.requests('report')).toHaveLength(1);
		const [answer] = JSON.parse(report) as Array<Record<string, unknown>>;
		expect((sim.requests('report')[0].body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id).toBe(campaignId);
		expect(answer).toMatchObject({ campaignId, count: 2, rowsShown: 2, rowsLeftOut: 0, note: 'All 2 rows are shown.' });
		expect((answer.rows as Array<{ phone_number: string }>).map((row) => row.phone_number)).toEqual(['+79120000001', '+79120000002']);

		expect(agentOutput(result)).toEqual([
			{ output: `Campaign ${campaignId} calls +79120000001 and +79120000002 tomorrow. +442071234567 was refused: only +7 numbers may be called.` },
		]);
	} finally {
		await model.stop();
	}
}, 600_000);

test('the example runs as imported against the demo mock model: one campaign for the phones in the prompt', async () => {
	const model = await new OpenAiMock().start();
	try {
		const result = await runExample(model, 'is74AgentE2E0002');
		expect(result.code).toBe(0);
		expect(model.chats).toHaveLength(2);
		const created = sim.requests('campaigns');
		expect(created).toHaveLength(1);
		expect((created[0].body as { phones: unknown }).phones).toEqual([{ phone: '+79125550001', add_data: {} }, { phone: '+79125550002', add_data: {} }]);
		const [output] = agentOutput(result);
		expect(output.output).toMatch(/^Done\. The tool answered: \[\{"campaignId":\d+,/);
	} finally {
		await model.stop();
	}
}, 600_000);
