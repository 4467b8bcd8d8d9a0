/**
 * Issue 17: the Campaign node as an AI agent's tool. Phone lists given as text or JSON arrays, and the
 * guard rails a business sets: allowed prefixes, a recipient cap per run, duplicate protection
 * (remembered in the workflow's static data) and Dry Run as "propose only". A campaign calls real
 * people: every test checks the exact requests the API received, and a refusal sends nothing.
 */
import { faults } from '../../simulator/server';
import { CAMPAIGN_TOOL_TYPE, pollTrigger, runWorkflow, type NodeSpec } from '../../harness/engine';
import { FUTURE_DATE, analyticsNode, campaignNode, triggerParameters } from '../../harness/workflowNodes';
import { CAMPAIGN_HEADER, tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator();

type NodeParameters = Parameters<typeof campaignNode>[0];

async function run(parameters: NodeParameters, items: object[], staticData?: object, node: (p: NodeParameters) => NodeSpec = campaignNode) {
	return await runWorkflow({ items: items as never, nodes: [node(parameters)], credential: tokenCredential(sim()), staticData: staticData as never });
}

/** The node as an AI agent's tool: its type name ends in "Tool", so `@tool` parameter defaults apply. */
const toolNode = (parameters: NodeParameters): NodeSpec => ({ ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE });
/**
 * What the model reads when the tool refuses: an answer item, not a failed node, so the agent goes on
 * (n8n 1.x fails the whole execution when a tool node throws; 2.x would hand on the message alone).
 */
function toolRefusal(result: Awaited<ReturnType<typeof run>>): string {
	expect(result.error).toBeUndefined();
	const answer = result.output['IS74 Campaign Tool'];
	expect(answer).toHaveLength(1);
	expect(Object.keys(answer[0].json)).toEqual(['error']);
	return answer[0].json.error as string;
}

const bodies = () => sim().requests('campaigns').map((entry) => entry.body);
const phonesSent = () => bodies().map((body) => (body as { phones: Array<{ phone: string }> }).phones.map((entry) => entry.phone));
const noData = { scenarioDataMode: 'none' };
/** Campaigns the simulator holds (it keeps them across tests): compare with the count at the start of a test. */
let campaignsAtStart = 0;
beforeEach(() => {
	campaignsAtStart = sim().campaigns.size;
});
const campaignsCreated = () => sim().campaigns.size - campaignsAtStart;

describe('phone lists: text separated by commas, semicolons or new lines, or a JSON array', () => {
	test('One Campaign for All Items: a text list in Phone adds every phone of the item', async () => {
		const result = await run({ ...noData, phone: '={{ $json.phones }}' }, [{ phones: '+79120000001, +79120000002; 8 912 000-00-03\n+79120000004' }]);
		expect(result.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001', '+79120000002', '+79120000003', '+79120000004']]);
		expect(result.output['IS74 Campaign'].map((item) => [item.json.recipientsSent, item.pairedItem])).toEqual([[4, [{ item: 0 }]]]);
	});

	test('the editor\'s default route: $fromAI text with two phones, as the model sends it, makes one campaign of two', async () => {
		const result = await run({ ...noData, phone: '+79120000001, +79120000002' }, [{}]);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([{ campaign: { ...CAMPAIGN_HEADER }, phones: [{ phone: '+79120000001', add_data: {} }, { phone: '+79120000002', add_data: {} }] }]);
	});

	test('One Campaign per Item: a JSON array written as text is read as the list', async () => {
		const result = await run({ ...noData, recipientsMode: 'perItem', phoneList: '={{ $json.phones }}' }, [{ phones: '["+79120000001", "89120000002"]' }]);
		expect(result.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001', '+79120000002']]);
	});

	test('a single value without a separator stays one phone, and is refused as one', async () => {
		const result = await run({ ...noData, phone: '+7 912 000 00 01 +7 912 000 00 02' }, [{}]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Phone (phones[].phone): only digits may follow "+"');
		expect(result.error?.description).toBe(
			'Item 0, field "Phone (phones[].phone)", value "+7 912 000 00 01 +7 912 000 00 02". Fix the number in the source data, or set Options → On Invalid Phone to "Skip and Report". To give several phones, separate them with commas, semicolons or new lines ("+79120000001, +79120000002"), or give a JSON array (["+79120000001", "+79120000002"]).',
		);
	});

	test('a bad phone inside a text list is named with its place in the list; nothing is sent', async () => {
		const result = await run({ ...noData, phone: '={{ $json.phones }}' }, [{ phones: '+79120000001' }, { phones: '+79120000002, 12345' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Phone (phones[].phone) [1]: not a Russian number (8XXXXXXXXXX, 7XXXXXXXXXX or 9XXXXXXXXX); write other countries with "+" and the country code');
		expect(result.error?.description).toMatch(/^Item 1, field "Phone \(phones\[\]\.phone\) \[1\]", value "12345"\. /);
	});

	test('text that starts like a JSON array but is not one is refused, naming item, field and value', async () => {
		const result = await run({ ...noData, recipientsMode: 'perItem', phoneList: '["+79120000001", ' }, [{}]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toMatch(/^Invalid Phones \(phones\[\]\.phone\): starts like a JSON array but is not valid JSON/);
		expect(result.error?.description).toBe(
			'Item 0, field "Phones (phones[].phone)", value "[\\"+79120000001\\", ". Write a JSON array such as ["+79120000001", "+79120000002"], or separate the phones with commas.',
		);
	});
});

describe('guard rail: allowed phone prefixes', () => {
	test('a number outside the allowed prefixes stops the run before anything is sent, naming item, value and the list', async () => {
		const result = await run({ ...noData, phone: '={{ $json.phone }}', guardRails: { allowedPrefixes: '+7, +375' } }, [{ phone: '+79120000001' }, { phone: '+442071234567' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Phone (phones[].phone): "+442071234567" is not in the allowed phone prefixes +7, +375');
		expect(result.error?.description).toBe(
			'Item 1, field "Phone (phones[].phone)", value "+442071234567". This node may only call numbers starting with +7, +375. To call it, add its prefix to Guard Rails → Allowed Phone Prefixes (or empty that field to allow every number); otherwise remove the number, or set Options → On Invalid Phone to "Skip and Report".',
		);
	});

	test('prefixes are checked after normalization: 8 912… is +7912…; with Skip and Report the others are reported', async () => {
		const result = await run(
			{ ...noData, phone: '={{ $json.phone }}', guardRails: { allowedPrefixes: '+7912' }, options: { invalidPhones: 'skip' } },
			[{ phone: '8 912 000-00-01' }, { phone: '+79220000002' }, { phone: '+375291234567' }],
		);
		expect(phonesSent()).toEqual([['+79120000001']]);
		expect(result.output['IS74 Campaign'][0].json.rejectedPhones).toEqual([
			{ itemIndex: 1, value: '+79220000002', reason: '"+79220000002" is not in the allowed phone prefixes +7912' },
			{ itemIndex: 2, value: '+375291234567', reason: '"+375291234567" is not in the allowed phone prefixes +7912' },
		]);
	});

	test('a prefix that is not "+" and digits is refused, naming the field', async () => {
		const result = await run({ ...noData, guardRails: { allowedPrefixes: '+7, RU' } }, [{ phone: '+79120000001' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Guard Rails → Allowed Phone Prefixes: has "RU", which is not "+" followed by digits');
	});
});

describe('guard rail: max recipients per execution', () => {
	test('counted over every campaign of the run (per item): one too many refuses the whole run, nothing sent', async () => {
		const items = [{ title: 'A', phones: ['+79120000001', '+79120000002'] }, { title: 'B', phones: '+79120000003, +79120000004' }];
		const parameters = { ...noData, recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}' };
		const refused = await run({ ...parameters, guardRails: { maxRecipientsPerExecution: 3 } }, items);
		expect(sim().log).toHaveLength(0);
		expect(refused.error?.message).toBe('Invalid Guard Rails → Max Recipients per Execution: this run would call 4 recipients in 2 campaigns, more than the limit of 3; nothing was sent');
		expect(refused.error?.description).toBe(
			'field "Guard Rails → Max Recipients per Execution", value 3. Call at most 3 people per run (split the list over several runs), or raise Guard Rails → Max Recipients per Execution (0 means no limit).',
		);
		const allowed = await run({ ...parameters, guardRails: { maxRecipientsPerExecution: 4 } }, items);
		expect(allowed.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001', '+79120000002'], ['+79120000003', '+79120000004']]);
	});

	test('split campaigns "Name (1/3)" count together', async () => {
		const items = ['1', '2', '3', '4', '5'].map((digit) => ({ phone: `+7912000000${digit}` }));
		const result = await run({ ...noData, guardRails: { maxRecipientsPerExecution: 4 }, options: { maxRecipientsPerCampaign: 2 } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Guard Rails → Max Recipients per Execution: this run would call 5 recipients in 3 campaigns, more than the limit of 4; nothing was sent');
	});
});

describe('guard rail: duplicate protection (remembered in the node\'s workflow static data)', () => {
	const on = { ...noData, guardRails: { duplicateProtection: true } };
	const items = [{ phone: '+79120000002' }, { phone: '+79120000001' }];

	test('a repeated call is refused naming the earlier campaign ID; the platform keeps one campaign', async () => {
		const first = await run(on, items);
		const id = first.output['IS74 Campaign'][0].json.campaignId;
		expect(campaignsCreated()).toBe(1);
		// The same phones in another order are the same campaign.
		const again = await run(on, [...items].reverse(), first.staticData);
		expect(campaignsCreated()).toBe(1);
		expect(sim().requests('campaigns')).toHaveLength(1);
		expect(again.error?.message).toMatch(
			new RegExp(`^Invalid Guard Rails → Duplicate Protection: the same campaign \\(same name, date and phones\\) was already sent by this node: ID ${id}, created \\d{4}-\\d\\d-\\d\\dT`),
		);
		expect(again.error?.description).toMatch(
			new RegExp(`Use campaign ID ${id} instead of creating it again\\. If it really must be created again, change the Campaign Name, or turn off Guard Rails → Duplicate Protection for that run\\. Nothing was sent\\.$`),
		);
	});

	test('the memory holds no phone number in clear, only salted hashes, the ID, the time and the date', async () => {
		const first = await run(on, items);
		const memory = (first.staticData['node:IS74 Campaign'] as { campaignMemory: { salt: string; campaigns: Record<string, object> } }).campaignMemory;
		expect(JSON.stringify(first.staticData)).not.toMatch(/9120000001|9120000002/);
		expect(Object.values(memory.campaigns)).toEqual([{ id: first.output['IS74 Campaign'][0].json.campaignId, at: expect.any(String), date: FUTURE_DATE }]);
		expect(Object.keys(memory.campaigns)[0]).toMatch(/^[0-9a-f]{64}$/);
	});

	test('another name, date or phone list is another campaign', async () => {
		const first = await run(on, items);
		const renamed = await run({ ...on, campaignName: 'Survey 2' }, items, first.staticData);
		const more = await run(on, [...items, { phone: '+79120000003' }], renamed.staticData);
		expect([renamed.error, more.error]).toEqual([undefined, undefined]);
		expect(campaignsCreated()).toBe(3);
	});

	test('a create that may have happened (connection closed after the platform acted) is remembered as "may exist"', async () => {
		sim().script('campaigns', faults.reset(true));
		const first = await run(on, items);
		expect(first.error?.message).toBe('IS74 API could not create the campaign "Survey": the connection was closed before the answer was complete');
		const again = await run(on, items, first.staticData);
		expect(sim().requests('campaigns')).toHaveLength(1);
		expect(again.error?.message).toMatch(/was already sent by this node: may exist \(the connection was closed before the answer was complete\), sent \d{4}-/);
		expect(again.error?.description).toMatch(/Check the platform for it instead of creating it again\./);
	});

	test('a create refused before acting (400) is not remembered: the corrected retry goes out', async () => {
		sim().script('campaigns', faults.serverError(400, 'Bad phone'));
		const first = await run(on, items);
		expect(first.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 400 — Bad phone');
		const again = await run(on, items, first.staticData);
		expect(again.error).toBeUndefined();
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([400, 200]);
	});

	test('the same campaign twice in one run (per item) is refused before anything is sent', async () => {
		const result = await run({ ...on, recipientsMode: 'perItem', phoneList: '={{ $json.phones }}' }, [{ phones: '+79120000001' }, { phones: '+79120000001' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Guard Rails → Duplicate Protection: this run would create the same campaign (same name, date and phones) twice; item 0 creates it first');
	});

	test('in Dry Run too (it proposes what a real run would do): the same campaign twice is refused', async () => {
		const result = await run({ ...on, recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', options: { dryRun: true } }, [{ phones: '+79120000001' }, { phones: '+79120000001' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Guard Rails → Duplicate Protection: this run would create the same campaign (same name, date and phones) twice; item 0 creates it first');
	});

	test('entries whose campaign date has passed are forgotten', async () => {
		const first = await run(on, items);
		const stored = first.staticData['node:IS74 Campaign'] as { campaignMemory: { campaigns: Record<string, { date: string }> } };
		for (const entry of Object.values(stored.campaignMemory.campaigns)) entry.date = '2000-01-01';
		const again = await run(on, items, first.staticData);
		expect(again.error).toBeUndefined();
		expect(campaignsCreated()).toBe(2);
	});

	test('off by default in regular use: a re-run creates the campaign again, and nothing is stored', async () => {
		const first = await run(noData, items);
		expect(first.staticData).toEqual({});
		const again = await run(noData, items, first.staticData);
		expect(again.error).toBeUndefined();
		expect(campaignsCreated()).toBe(2);
	});
});

describe('tool use: the guard rails are on by default', () => {
	test('another country is refused (+7 only)', async () => {
		const result = await run(noData, [{ phone: '+12025550123' }], undefined, toolNode);
		expect(sim().log).toHaveLength(0);
		// n8n hands a model only the error's message, never its description: in tool use the fix rides in the message.
		expect(toolRefusal(result)).toBe(
			'Invalid Phone (phones[].phone): "+12025550123" is not in the allowed phone prefixes +7. This node may only call numbers starting with +7. To call it, add its prefix to Guard Rails → Allowed Phone Prefixes (or empty that field to allow every number); otherwise remove the number, or set Options → On Invalid Phone to "Skip and Report".',
		);
	});

	test('51 phones in one call are refused (at most 50)', async () => {
		const phones = Array.from({ length: 51 }, (_, index) => `+7912${String(index).padStart(7, '0')}`).join(', ');
		const result = await run({ ...noData, phone: phones }, [{}], undefined, toolNode);
		expect(sim().log).toHaveLength(0);
		expect(toolRefusal(result)).toBe(
			'Invalid Guard Rails → Max Recipients per Execution: this run would call 51 recipients, more than the limit of 50; nothing was sent. Call at most 50 people per run (split the list over several runs), or raise Guard Rails → Max Recipients per Execution (0 means no limit).',
		);
	});

	test('a repeated call is refused naming the earlier ID; the platform keeps one campaign', async () => {
		const first = await run({ ...noData, phone: '+79120000001, +79120000002' }, [{}], undefined, toolNode);
		const id = first.output['IS74 Campaign Tool'][0].json.campaignId;
		const again = await run({ ...noData, phone: '+79120000002; +79120000001' }, [{}], first.staticData, toolNode);
		expect(campaignsCreated()).toBe(1);
		expect(toolRefusal(again)).toContain(`was already sent by this node: ID ${id}, created `);
	});
});

describe('tool calls made at once (an agent runs the calls of one model turn together)', () => {
	async function atOnce(phones: string[]) {
		const shared = {};
		sim().script('campaigns', ...phones.map(() => faults.slow(300)));
		const runs = phones.map((phone) => runWorkflow({ items: [{}] as never, nodes: [toolNode({ ...noData, phone })], credential: tokenCredential(sim()), sharedStaticData: shared }));
		return { results: await Promise.all(runs), shared };
	}

	test('the same campaign asked twice at once is sent once; the other call waits for it and is told its ID', async () => {
		const { results } = await atOnce(['+79120000001, +79120000002', '+79120000002; +79120000001']);
		expect(campaignsCreated()).toBe(1);
		const [created, refused] = results;
		const id = created.output['IS74 Campaign Tool'][0].json.campaignId;
		expect(id).toEqual(expect.any(Number));
		expect(toolRefusal(refused)).toMatch(new RegExp(`^Invalid Guard Rails → Duplicate Protection: the same campaign \\(same name, date and phones\\) was already sent by this node: ID ${id}, created \\d{4}-`));
	});

	test('two different campaigns at once are both remembered: repeating either is refused with its ID', async () => {
		const { results, shared } = await atOnce(['+79120000001', '+79120000002']);
		const ids = results.map((result) => result.output['IS74 Campaign Tool'][0].json.campaignId);
		expect(campaignsCreated()).toBe(2);
		for (const [index, phone] of ['+79120000001', '+79120000002'].entries()) {
			const again = await runWorkflow({ items: [{}] as never, nodes: [toolNode({ ...noData, phone })], credential: tokenCredential(sim()), sharedStaticData: shared });
			expect(toolRefusal(again)).toContain(`was already sent by this node: ID ${ids[index]}, created `);
		}
		expect(campaignsCreated()).toBe(2);
	});
});

describe('a guard rail whose expression gives nothing is refused, never off', () => {
	test.each([
		['Allowed Phone Prefixes', { allowedPrefixes: '={{ $json.allowed }}' }, /^Invalid Guard Rails → Allowed Phone Prefixes: the expression gave no value \(undefined\)$/],
		['Duplicate Protection', { duplicateProtection: '={{ $json.protect }}' }, /^Invalid Guard Rails → Duplicate Protection: the expression gave no value \(undefined\)$/],
	])('%s', async (_, guardRails, message) => {
		const result = await run({ ...noData, guardRails }, [{ phone: '+442071234567' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toMatch(message);
	});

	test('an empty field typed by hand still allows every number', async () => {
		const result = await run({ ...noData, guardRails: { allowedPrefixes: '' } }, [{ phone: '+442071234567' }]);
		expect(result.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+442071234567']]);
	});
});

describe('propose only: Dry Run output a person can approve', () => {
	test('says that nothing was sent and who would be called; guard rails still apply; nothing is remembered', async () => {
		const result = await run({ ...noData, phone: '+79120000001, +79120000002', options: { dryRun: true } }, [{}], undefined, toolNode);
		expect(sim().log).toHaveLength(0);
		expect(result.output['IS74 Campaign Tool'][0].json).toEqual({
			dryRun: true,
			note: 'Dry run (propose only): nothing was sent and nobody was called. To create this campaign, run the node with Options → Dry Run off, or approve this request.',
			method: 'POST',
			path: '/api/campaigns',
			name: 'Survey',
			projectId: 1,
			startBlockId: 10,
			phoneId: 5,
			recipientsSent: 2,
			recipientsToCall: 2,
			duplicatesRemoved: 0,
			rejectedPhones: [],
			emptyScenarioValues: {},
			schedule: CAMPAIGN_HEADER.schedule,
			batchNumber: 1,
			batchCount: 1,
			body: { campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79120000001', add_data: {} }, { phone: '+79120000002', add_data: {} }] },
		});
		// Nothing is recorded; the memory's salt is stored before any key is computed, in Dry Run too.
		expect(result.staticData).toEqual({ 'node:IS74 Campaign Tool': { campaignMemory: { salt: expect.stringMatching(/^[0-9a-f]{32}$/), campaigns: {} } } });
		const refused = await run({ ...noData, phone: '+12025550123', options: { dryRun: true } }, [{}], undefined, toolNode);
		expect(toolRefusal(refused)).toMatch(/^Invalid Phone \(phones\[\]\.phone\): "\+12025550123" is not in the allowed phone prefixes \+7\. This node may only call/);
	});
});

/**
 * Issue 21: one rule for every guard rail and numeric option, tried with the values n8n's own
 * expression engine gives: a field the item lacks, null, '' and the typed default, in normal and tool use.
 */
describe('issue 21: a guard rail or a numeric option is valid or the run is refused; only the untouched default is off', () => {
	const nothing: Array<[string, object]> = [
		['a missing field', {}],
		['null', { max: null }],
		["''", { max: '' }],
	];
	const fiftyOnePhones = Array.from({ length: 51 }, (_, index) => `+7912${String(index).padStart(7, '0')}`).join(', ');

	test.each(nothing)('Max Recipients per Execution from an expression giving %s is refused (regular node), nothing sent', async (_, fields) => {
		const result = await run({ ...noData, phone: '+79120000001, +79120000002', guardRails: { maxRecipientsPerExecution: '={{ $json.max }}' } }, [fields]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe(`Invalid Guard Rails → Max Recipients per Execution: the expression gave no value (${'max' in fields ? JSON.stringify((fields as { max: unknown }).max) : 'undefined'})`);
		expect(result.error?.description).toBe(
			`Item 0, field "Guard Rails → Max Recipients per Execution", value ${'max' in fields ? JSON.stringify((fields as { max: unknown }).max) : 'undefined'}. Make it give a whole number from 0 to 9007199254740991 (0 means no limit), or type the number. An empty value never switches a guard rail off.`,
		);
	});

	test.each(nothing)('Max Recipients per Execution from an expression giving %s is refused in tool use: 51 people are not called', async (_, fields) => {
		const result = await run({ ...noData, phone: fiftyOnePhones, guardRails: { allowedPrefixes: '+7', duplicateProtection: true, maxRecipientsPerExecution: '={{ $json.max }}' } }, [fields], undefined, toolNode);
		expect(sim().log).toHaveLength(0);
		expect(toolRefusal(result)).toMatch(/^Invalid Guard Rails → Max Recipients per Execution: the expression gave no value \((undefined|null|"")\)\. Make it give a whole number/);
	});

	test('an imported or API-made workflow holding null or "" for a number is refused too (not 0, not the default)', async () => {
		const guard = await run({ ...noData, phone: '+79120000001', guardRails: { maxRecipientsPerExecution: null } }, [{}], undefined, toolNode);
		const split = await run({ ...noData, phone: '+79120000001', options: { maxRecipientsPerCampaign: '' } }, [{}]);
		expect(sim().log).toHaveLength(0);
		expect(toolRefusal(guard)).toMatch(/^Invalid Guard Rails → Max Recipients per Execution: is empty\. Make it give a whole number/);
		expect(split.error?.message).toBe('Invalid Options → Max Recipients per Campaign: is empty');
	});

	test('Max Recipients per Execution from an expression giving a number (or digits) applies it; a typed 0 is no limit', async () => {
		const capped = await run({ ...noData, phone: '+79120000001, +79120000002', guardRails: { maxRecipientsPerExecution: '={{ $json.max }}' } }, [{ max: '1' }]);
		expect(capped.error?.message).toBe('Invalid Guard Rails → Max Recipients per Execution: this run would call 2 recipients, more than the limit of 1; nothing was sent');
		const unlimited = await run({ ...noData, phone: fiftyOnePhones, guardRails: { allowedPrefixes: '+7', maxRecipientsPerExecution: 0 } }, [{}], undefined, toolNode);
		expect(unlimited.error).toBeUndefined();
		expect(phonesSent().map((phones) => phones.length)).toEqual([51]);
	});

	test.each(nothing)('Max Recipients per Campaign from an expression giving %s is refused, not read as "no split"', async (_, fields) => {
		for (const mode of [{}, { recipientsMode: 'perItem', phoneList: '+79120000001, +79120000002' }]) {
			const result = await run({ ...noData, phone: '+79120000001, +79120000002', ...mode, options: { maxRecipientsPerCampaign: '={{ $json.max }}' } }, [fields]);
			expect(sim().log).toHaveLength(0);
			expect(result.error?.message).toMatch(/^Invalid Options → Max Recipients per Campaign: the expression gave no value \((undefined|null|"")\)$/);
			expect(result.error?.description).toMatch(/^Item 0, field "Options → Max Recipients per Campaign", value (undefined|null|""). Make it give a whole number from 0 to 1000000 \(0 means no limit\), or type the number\./);
		}
	});

	test('the typed default of Max Recipients per Campaign (0) is no split; an expression giving 1 splits', async () => {
		const whole = await run({ ...noData, phone: '+79120000001, +79120000002', options: { maxRecipientsPerCampaign: 0 } }, [{}]);
		const split = await run({ ...noData, phone: '+79120000001, +79120000002', options: { maxRecipientsPerCampaign: '={{ $json.max }}' } }, [{ max: 1 }]);
		expect([whole.error, split.error]).toEqual([undefined, undefined]);
		expect(phonesSent()).toEqual([['+79120000001', '+79120000002'], ['+79120000001'], ['+79120000002']]);
	});

	test.each(nothing)('Timeout from an expression giving %s is refused, not read as the default', async (_, fields) => {
		const result = await run({ ...noData, phone: '+79120000001', options: { timeoutSeconds: '={{ $json.max }}' } }, [fields]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toMatch(/^Invalid Options → Timeout \(Seconds\): the expression gave no value \((undefined|null|"")\)$/);
	});

	test.each(nothing)('the request options of Analytics and the Trigger from an expression giving %s are refused before any request', async (_, fields) => {
		const analytics = await runWorkflow({ items: [fields] as never, nodes: [analyticsNode({ output: 'summary', options: { maxRetries: '={{ $json.max }}' } })], credential: tokenCredential(sim()) });
		expect(analytics.error?.message).toMatch(/^Invalid Options → Max Retries: the expression gave no value \((undefined|null|"")\)$/);
		const value = 'max' in fields ? JSON.stringify((fields as { max: unknown }).max) : 'undefined';
		const trigger = await pollTrigger({ parameters: triggerParameters(1001, { options: { timeoutSeconds: `={{ ${value} }}` } }), credential: tokenCredential(sim()) });
		expect(trigger.error?.message).toBe(`Invalid Options → Timeout (Seconds): the expression gave no value (${value})`);
		expect(sim().log).toHaveLength(0);
	});

	describe('Guard Rails given as one whole expression (imported or API-made workflows): n8n drops it, so it is refused', () => {
		const rails = { guardRails: '={{ $json.rails }}' };
		const everyRail = { allowedPrefixes: '+7', maxRecipientsPerExecution: 50, duplicateProtection: true };
		const MESSAGE = 'Invalid Guard Rails: holds no guard rail';
		const HINT =
			'n8n drops Guard Rails given as one expression (as an imported or API-made workflow may give them), so none could be read. Set each guard rail in its own field; to switch one off, say so there: Allowed Phone Prefixes empty, Max Recipients per Execution 0, Duplicate Protection off.';

		test.each([
			['a missing field', {}],
			['null', { rails: null }],
			['{}', { rails: {} }],
			['some rails', { rails: { allowedPrefixes: '+7' } }],
			['every rail', { rails: everyRail }],
		])('giving %s is refused, in regular and in tool use; +12025550123 is never called', async (_, fields) => {
			const regular = await run({ ...noData, phone: '+12025550123', ...rails }, [fields]);
			const tool = await run({ ...noData, phone: '+12025550123', ...rails }, [fields], undefined, toolNode);
			expect(sim().log).toHaveLength(0);
			expect(regular.error?.message).toBe(MESSAGE);
			expect(regular.error?.description).toBe(`Item 0, field "Guard Rails", value {}. ${HINT}`);
			expect(toolRefusal(tool)).toBe(`${MESSAGE}. ${HINT}`);
		});

		test('Guard Rails typed as {} (every rail removed) are refused the same way; each rail switched off in its own field is accepted', async () => {
			const empty = await run({ ...noData, phone: '+12025550123', guardRails: {} }, [{}], undefined, toolNode);
			expect(toolRefusal(empty)).toBe(`${MESSAGE}. ${HINT}`);
			const off = await run({ ...noData, phone: '+12025550123', guardRails: { allowedPrefixes: '', maxRecipientsPerExecution: 0, duplicateProtection: false } }, [{}], undefined, toolNode);
			expect(off.error).toBeUndefined();
			expect(phonesSent()).toEqual([['+12025550123']]);
		});

		test('the regular node left untouched has every rail off (its default), and sends', async () => {
			const result = await run({ ...noData, phone: '+12025550123' }, [{}]);
			expect(result.error).toBeUndefined();
			expect(phonesSent()).toEqual([['+12025550123']]);
		});
	});

	describe('Allowed Phone Prefixes of only separators allow nothing: refused', () => {
		test.each([[','], [' ; '], ['\n'], [', ,']])('typed %j', async (prefixes) => {
			const regular = await run({ ...noData, phone: '+12025550123', guardRails: { allowedPrefixes: prefixes } }, [{}]);
			const tool = await run({ ...noData, phone: '+12025550123', guardRails: { allowedPrefixes: prefixes, maxRecipientsPerExecution: 50, duplicateProtection: true } }, [{}], undefined, toolNode);
			expect(sim().log).toHaveLength(0);
			expect(regular.error?.message).toBe('Invalid Guard Rails → Allowed Phone Prefixes: holds only separators, no prefix');
			expect(regular.error?.description).toBe(
				`Item 0, field "Guard Rails → Allowed Phone Prefixes", value ${JSON.stringify(prefixes)}. Write prefixes such as "+7" or "+7, +375". To allow every number, clear the field completely (an empty field, not an expression).`,
			);
			expect(toolRefusal(tool)).toMatch(/^Invalid Guard Rails → Allowed Phone Prefixes: holds only separators, no prefix\. Write prefixes/);
		});

		test.each([['null', { allowed: null }], ["''", { allowed: '' }], ['separators', { allowed: ' ; ' }]])('from an expression giving %s', async (_, fields) => {
			const result = await run({ ...noData, phone: '+12025550123', guardRails: { allowedPrefixes: '={{ $json.allowed }}' } }, [fields], undefined, toolNode);
			expect(sim().log).toHaveLength(0);
			expect(toolRefusal(result)).toMatch(/^Invalid Guard Rails → Allowed Phone Prefixes: (the expression gave no value \((null|"")\)|holds only separators, no prefix)\. /);
		});
	});

	describe('One Campaign per Item: Options must be the same for every item', () => {
		test('Dry Run on for one item and off for another is refused before anything is sent, naming the items and the option', async () => {
			const parameters = { ...noData, recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', campaignName: '={{ $json.title }}', options: { dryRun: '={{ $json.propose }}' } };
			const result = await run(parameters, [{ title: 'A', phones: '+79120000001', propose: true }, { title: 'B', phones: '+79120000002', propose: false }]);
			expect(sim().log).toHaveLength(0);
			expect(result.error?.message).toBe('Invalid Options → Dry Run: differs between items: item 0 gives true, item 1 gives false');
			expect(result.error?.description).toBe(
				'Item 1, field "Options → Dry Run", value false. Options apply to the whole run and are read from item 0: make them the same for every item (run the items that differ in another execution).',
			);
		});

		test('the issue\'s case (Duplicate Protection, Dry Run differing, empty memory) never creates the same campaign in two runs', async () => {
			const parameters = { ...noData, recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', campaignName: '={{ $json.title }}', guardRails: { duplicateProtection: true }, options: { dryRun: '={{ $json.propose }}' } };
			const items = [{ title: 'A', phones: '+79120000001', propose: true }, { title: 'B', phones: '+79120000002', propose: false }];
			const first = await run(parameters, items);
			const second = await run(parameters, items.map((item) => ({ ...item, propose: false })), first.staticData);
			const third = await run(parameters, items.map((item) => ({ ...item, propose: false })), second.staticData);
			expect(second.error).toBeUndefined();
			expect(third.error?.message).toMatch(/^Invalid Guard Rails → Duplicate Protection: the same campaign/);
			expect(phonesSent()).toEqual([['+79120000001'], ['+79120000002']]);
		});
	});

	describe('the duplicate memory keeps the salt it hashes with', () => {
		test('a Dry Run on an empty memory stores its salt before any key is computed; the real run after it keeps it and records under it', async () => {
			const on = { ...noData, phone: '+79120000001', guardRails: { duplicateProtection: true } };
			const proposed = await run({ ...on, options: { dryRun: true } }, [{}]);
			const stored = (data: object) => (data as Record<string, { campaignMemory: { salt: string; campaigns: object } }>)['node:IS74 Campaign'].campaignMemory;
			expect(stored(proposed.staticData)).toEqual({ salt: expect.stringMatching(/^[0-9a-f]{32}$/), campaigns: {} });
			const created = await run(on, [{}], proposed.staticData);
			expect(stored(created.staticData).salt).toBe(stored(proposed.staticData).salt);
			const again = await run(on, [{}], created.staticData);
			expect(again.error?.message).toMatch(/^Invalid Guard Rails → Duplicate Protection: the same campaign/);
			expect(campaignsCreated()).toBe(1);
		});
	});

	test('names equal after Unicode normalisation (NFC, NFD) are the same campaign', async () => {
		const on = { ...noData, phone: '+79120000001', guardRails: { duplicateProtection: true } };
		const first = await run({ ...on, campaignName: 'Опрос й'.normalize('NFC') }, [{}]);
		const again = await run({ ...on, campaignName: 'Опрос й'.normalize('NFD') }, [{}], first.staticData);
		expect(again.error?.message).toMatch(/^Invalid Guard Rails → Duplicate Protection: the same campaign/);
		expect(campaignsCreated()).toBe(1);
	});

	test('two tool calls at once, the first refused with 400: the second is not told "may exist"; it waits and sends', async () => {
		const shared = {};
		sim().script('campaigns', { ...faults.serverError(400, 'Bad phone'), delayMs: 300 });
		const runs = ['+79120000001, +79120000002', '+79120000002; +79120000001'].map((phone) =>
			runWorkflow({ items: [{}] as never, nodes: [toolNode({ ...noData, phone })], credential: tokenCredential(sim()), sharedStaticData: shared }),
		);
		const [refused, created] = await Promise.all(runs);
		expect(refused.output['IS74 Campaign Tool'].map((item) => item.json)).toEqual([
			{ error: 'IS74 API could not create the campaign "Survey": HTTP 400 — Bad phone. The API refused the request as sent; the message above names the problem. Nothing was created.', httpCode: '400' },
		]);
		const id = created.output['IS74 Campaign Tool'][0].json.campaignId;
		expect(id).toEqual(expect.any(Number));
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([400, 200]);
		expect(Object.values((shared as { 'node:IS74 Campaign Tool': { campaignMemory: { campaigns: object } } })['node:IS74 Campaign Tool'].campaignMemory.campaigns)).toEqual([{ id, at: expect.any(String), date: FUTURE_DATE }]);
	});
});

/**
 * Issue 21 review (findings 1-4, 7, 8, 10): every Campaign option is read by the one rule of
 * domain/settingValue.ts, in regular and tool use: a value from an expression is valid or the run is
 * refused before anything is sent; only an option never added means its default.
 */
describe('every Campaign option from an expression: valid, or refused before anything is sent', () => {
	const NODES = { regular: campaignNode, tool: toolNode };
	const variants = [['regular'], ['tool']] as const;
	/** The node's error message, or the tool answer's first sentence (the refusal; its fix follows). */
	const refusalOf = (result: Awaited<ReturnType<typeof run>>): string | undefined => {
		const answer = result.output['IS74 Campaign Tool']?.[0]?.json.error;
		return result.error?.message ?? (typeof answer === 'string' ? answer.split(/\. (?=[A-Za-z])/)[0] : undefined);
	};
	const given: Array<[string, object, string]> = [
		['a missing field', {}, 'the expression gave no value (undefined)'],
		['null', { value: null }, 'the expression gave no value (null)'],
		["''", { value: '' }, 'the expression gave no value ("")'],
	];
	const options: Array<[string, string, Array<[unknown, string]>]> = [
		['dryRun', 'Dry Run', [[0, 'gave 0, not true or false'], ['false', 'gave "false", not true or false'], ['true', 'gave "true", not true or false']]],
		['normalizePhones', 'Normalize Phones', [[1, 'gave 1, not true or false'], ['no', 'gave "no", not true or false']]],
		['removeDuplicates', 'Remove Duplicate Phones', [[0, 'gave 0, not true or false'], ['false', 'gave "false", not true or false']]],
		['invalidPhones', 'On Invalid Phone', [['Error', 'is "Error", which is not one of the choices'], [true, 'is true, which is not one of the choices']]],
		['emptyValues', 'Empty Scenario Values', [['allow', 'is "allow", which is not one of the choices']]],
		['allowEmptyValues', 'Allow Empty Scenario Values (Old)', [['true', 'gave "true", not true or false']]],
		['maxRecipientsPerCampaign', 'Max Recipients per Campaign', [['two', 'must be a whole number from 0 to 1000000']]],
		['timeoutSeconds', 'Timeout (Seconds)', [[0, 'must be a whole number from 1 to 3600']]],
		['maxRetries', 'Max Rate-Limit Retries', [[-1, 'must be a whole number from 0 to 10']]],
	];
	const cases = options.flatMap(([key, label, wrong]) =>
		variants.flatMap(([variant]) => [
			...given.map(([what, fields, problem]) => [key, label, variant, what, fields, problem] as const),
			...wrong.map(([value, problem]) => [key, label, variant, JSON.stringify(value), { value }, problem] as const),
		]),
	);

	test.each(cases)('Options → %s (%s), %s use, from an expression giving %s: refused, nothing sent', async (key, label, variant, _what, fields, problem) => {
		// The empty-values options show (and are kept by n8n) only in modes that send scenario data.
		const scenarioOption = key === 'emptyValues' || key === 'allowEmptyValues';
		const parameters = { ...(scenarioOption ? {} : noData), phone: '+79120000001', options: { [key]: '={{ $json.value }}' } };
		const result = await run(parameters, [{ ...(scenarioOption ? { name: 'Ivan' } : {}), ...fields }], undefined, NODES[variant]);
		expect(sim().log).toHaveLength(0);
		expect(refusalOf(result)).toBe(`Invalid Options → ${label}: ${problem}`);
	});

	test.each(variants)('valid values from expressions apply (%s use): Dry Run true proposes; false creates', async (variant) => {
			const node = NODES[variant];
		const proposed = await run({ ...noData, phone: '+79120000001', options: { dryRun: '={{ $json.value }}' } }, [{ value: true }], undefined, node);
		expect(sim().log).toHaveLength(0);
		expect(proposed.output[variant === 'tool' ? 'IS74 Campaign Tool' : 'IS74 Campaign'][0].json.dryRun).toBe(true);
		const created = await run({ ...noData, phone: '+79120000001', options: { dryRun: '={{ $json.value }}' } }, [{ value: false }], undefined, node);
		expect(refusalOf(created)).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001']]);
	});

	test('valid values from expressions apply: Normalize Phones off sends as typed, Remove Duplicates off keeps both, On Invalid Phone "skip" skips', async () => {
		const options = { normalizePhones: '={{ $json.normalize }}', removeDuplicates: '={{ $json.dedupe }}', invalidPhones: '={{ $json.invalid }}' };
		const result = await run({ ...noData, phone: '+79120000001, +79120000001, +7912', options }, [{ normalize: false, dedupe: false, invalid: 'skip' }]);
		expect(result.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001', '+79120000001']]);
		expect(result.output['IS74 Campaign'][0].json.rejectedPhones).toHaveLength(1);
	});

	describe('Options holding no option (what n8n leaves of Options given as one expression)', () => {
		const HINT =
			'n8n drops Options given as one expression (as an imported or API-made workflow may give them), so none could be read. Add each option with its own value or expression; to keep every default, leave Dry Run off in Options.';

		test.each(variants)('refused in %s use, whatever the expression gives; nothing sent', async (variant) => {
			const node = NODES[variant];
			for (const fields of [{}, { options: {} }, { options: { dryRun: true } }]) {
				const result = await run({ ...noData, phone: '+79120000001', options: '={{ $json.options }}' }, [fields], undefined, node);
				expect(refusalOf(result)).toBe('Invalid Options: holds no option');
				if (node === campaignNode) expect(result.error?.description).toBe(`Item 0, field "Options", value {}. ${HINT}`);
			}
			// A workflow saved with every option removed holds {} too: refused alike, with the same fix.
			const saved = await run({ ...noData, phone: '+79120000001', options: {} }, [{}], undefined, node);
			expect(refusalOf(saved)).toBe('Invalid Options: holds no option');
			expect(sim().log).toHaveLength(0);
		});

		test.each(variants)('Options never touched (no "options" key) get the default Dry Run off, and create (%s use)', async (variant) => {
			const node = NODES[variant];
			const result = await run({ ...noData, phone: '+79120000001' }, [{}], undefined, node);
			expect(refusalOf(result)).toBeUndefined();
			expect(phonesSent()).toEqual([['+79120000001']]);
		});
	});

	describe('Recipients and Scenario Data from an expression: one of their choices, or refused', () => {
		test.each(variants)('Recipients (%s use)', async (variant) => {
			const node = NODES[variant];
			for (const [fields, problem] of [
				[{}, 'the expression gave no value (undefined)'],
				[{ value: '' }, 'the expression gave no value ("")'],
				[{ value: 'each' }, 'is "each", which is not one of the choices'],
			] as const) {
				const result = await run({ ...noData, phone: '+79120000001', recipientsMode: '={{ $json.value }}' }, [fields], undefined, node);
				expect(refusalOf(result)).toBe(`Invalid Recipients: ${problem}`);
			}
			expect(sim().log).toHaveLength(0);
			const valid = await run({ ...noData, phoneList: '+79120000001', recipientsMode: '={{ $json.value }}' }, [{ value: 'perItem' }], undefined, node);
			expect(refusalOf(valid)).toBeUndefined();
			expect(phonesSent()).toEqual([['+79120000001']]);
		});

		test.each(variants)('Scenario Data (%s use)', async (variant) => {
			const node = NODES[variant];
			for (const [fields, problem] of [
				[{}, 'the expression gave no value (undefined)'],
				[{ value: null }, 'the expression gave no value (null)'],
				[{ value: 'Fields' }, 'is "Fields", which is not one of the choices'],
			] as const) {
				const result = await run({ phone: '+79120000001', scenarioDataMode: '={{ $json.value }}' }, [fields], undefined, node);
				expect(refusalOf(result)).toBe(`Invalid Scenario Data: ${problem}`);
			}
			expect(sim().log).toHaveLength(0);
			const valid = await run({ phone: '+79120000001', scenarioDataMode: '={{ $json.value }}' }, [{ value: 'none' }], undefined, node);
			expect(refusalOf(valid)).toBeUndefined();
			expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79120000001', add_data: {} }] }]);
		});
	});

	describe('Define Below holding no parameter (what n8n leaves of Scenario Parameters given as one expression)', () => {
		test.each(variants)('refused in %s use, naming Scenario Data → None for no data; nothing sent', async (variant) => {
			const node = NODES[variant];
			for (const scenarioFields of ['={{ $json.fields }}', {}]) {
				const result = await run({ phone: '+79120000001', scenarioFields }, [{ fields: { values: [{ key: 'name', value: 'Ivan' }] } }], undefined, node);
				expect(refusalOf(result)).toBe('Invalid Scenario Data → Define Below: holds no scenario parameter');
				if (node === campaignNode) expect(result.error?.description).toContain('to send no per-contact data, choose Scenario Data → None.');
			}
			expect(sim().log).toHaveLength(0);
		});
	});

	describe('Fields to Leave Out (All Fields of the Item)', () => {
		const allFields = { scenarioDataMode: 'allFields', phone: '={{ $json.phone }}' };

		test.each(variants)('from an expression giving nothing or only separators: refused (%s use)', async (variant) => {
			const node = NODES[variant];
			for (const [fields, problem] of [
				[{}, 'the expression gave no value (undefined)'],
				[{ leave: null }, 'the expression gave no value (null)'],
				[{ leave: '' }, 'the expression gave no value ("")'],
				[{ leave: ' , ' }, 'holds only separators, no field name'],
				[{ leave: 5 }, 'must be text'],
			] as const) {
				const result = await run({ ...allFields, excludeFields: '={{ $json.leave }}' }, [{ phone: '+79120000001', secret: 'x', ...fields }], undefined, node);
				expect(refusalOf(result)).toBe(`Invalid Fields to Leave Out: ${problem}`);
			}
			expect(sim().log).toHaveLength(0);
		});

		test('typed empty by hand leaves nothing out; from an expression giving names, those are left out', async () => {
			const everything = await run({ ...allFields, excludeFields: '' }, [{ phone: '+79120000001', note: 'a' }]);
			const some = await run({ ...allFields, excludeFields: '={{ $json.leave }}' }, [{ phone: '+79120000002', note: 'a', leave: 'phone, note' }]);
			expect([everything.error, some.error]).toEqual([undefined, undefined]);
			expect(bodies()).toEqual([
				{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79120000001', add_data: { phone: '+79120000001', note: 'a' } }] },
				{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79120000002', add_data: { leave: 'phone, note' } }] },
			]);
		});
	});

	test("JSON Object: an expression giving '' is refused like null; typed empty by hand is {}", async () => {
		const refused = await run({ scenarioDataMode: 'json', scenarioJson: '={{ $json.data }}' }, [{ phone: '+79120000001', data: '' }]);
		expect(refused.error?.message).toBe('Invalid Scenario Data (phones[].add_data): must be an object of key/value pairs');
		expect(sim().log).toHaveLength(0);
		const typed = await run({ scenarioDataMode: 'json', scenarioJson: '' }, [{ phone: '+79120000001' }]);
		expect(typed.error).toBeUndefined();
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79120000001', add_data: {} }] }]);
	});
});

/**
 * A split sent in part: the platform refused a later part (a 400 validation cannot foresee) after an
 * earlier part was created. Every error says exactly which parts exist and which do not, and how to
 * reach the people not called yet without calling anyone twice.
 */
describe('a split sent in part, and the run after it', () => {
	const on = { ...noData, guardRails: { duplicateProtection: true }, options: { maxRecipientsPerCampaign: 1 } };
	const three = { ...on, phone: '+79120000001, +79120000002, +79120000003' };
	const REACH_THE_REST =
		'To reach the people not called yet, run again with only the contacts of "Survey (2/3)" (1 contact: +79120000002) and "Survey (3/3)" (1 contact: +79120000003). ' +
		'Do not send the whole list again: that would create "Survey (1/3)" again and call its people twice.';

	test('the failed run names each part: created (ID), not created (this error), not sent (the run stopped); the re-run is refused naming them; its advice calls nobody twice', async () => {
		sim().script('campaigns', { handle: true }, faults.serverError(400, 'Bad phone'));
		const first = await run(three, [{}]);
		// The ID the platform gave "Survey (1/3)", as the memory recorded it (the only entry: "Survey (2/3)" is provably not created).
		const [{ id }] = Object.values((first.staticData['node:IS74 Campaign'] as { campaignMemory: { campaigns: Record<string, { id: number }> } }).campaignMemory.campaigns);
		expect(id).toEqual(expect.any(Number));
		expect(phonesSent()).toEqual([['+79120000001'], ['+79120000002']]);
		expect(first.error?.message).toBe('IS74 API could not create the campaign "Survey (2/3)": HTTP 400 — Bad phone');
		expect(first.error?.description).toBe(
			'The API refused the request as sent; the message above names the problem. Nothing was created. ' +
				`Campaigns already created in this run: ID ${id} "Survey (1/3)" (item 0). ` +
				`The parts of this split: "Survey (1/3)": ID ${id}, created; "Survey (2/3)": not created (this error); "Survey (3/3)": not sent (the run stopped at this error). ${REACH_THE_REST}`,
		);

		const again = await run(three, [{}], first.staticData);
		expect(phonesSent()).toHaveLength(2);
		expect(again.error?.message).toMatch(
			new RegExp(
				`^Invalid Guard Rails → Duplicate Protection: this split was already sent in part by this node: "Survey \\(1/3\\)": ID ${id}, created \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; "Survey \\(2/3\\)": not created; "Survey \\(3/3\\)": not created$`,
			),
		);
		expect(again.error?.description).toBe(`Item 0, field "Guard Rails → Duplicate Protection", value "Survey (1/3)". ${REACH_THE_REST} Nothing was sent.`);
		expect(again.error?.description).not.toContain('turn off');

		// As advised: only the people not called yet. Each number is called once in all.
		const rest = await run({ ...on, phone: '+79120000002, +79120000003' }, [{}], again.staticData);
		expect(rest.error).toBeUndefined();
		expect(phonesSent()).toEqual([['+79120000001'], ['+79120000002'], ['+79120000002'], ['+79120000003']]);
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([200, 400, 200, 200]);
	});

	test('a longer part is named by its count, its place in the list and its first and last phones', async () => {
		const phones = Array.from({ length: 10 }, (_, index) => `+791200000${String(index + 1).padStart(2, '0')}`);
		sim().script('campaigns', { handle: true }, faults.serverError(400, 'Bad phone'));
		const first = await run({ ...on, phone: phones.join(', '), options: { maxRecipientsPerCampaign: 4 } }, [{}]);
		expect(first.error?.description).toMatch(
			/"Survey \(2\/3\)": not created \(this error\); "Survey \(3\/3\)": not sent \(the run stopped at this error\)\. To reach the people not called yet, run again with only the contacts of "Survey \(2\/3\)" \(4 contacts, numbers 5 to 8 of the 10 kept from the list: \+79120000005 … \+79120000008\) and "Survey \(3\/3\)" \(2 contacts: \+79120000009, \+79120000010\)\. /,
		);
	});

	test('as a tool (the run goes on after a failed part): the model is told the parts too, and the re-run is refused naming the part that may exist', async () => {
		sim().script('campaigns', { handle: true }, faults.serverError(503, 'Busy'), { handle: true });
		const first = await run(three, [{}], undefined, toolNode);
		const answer = first.output['IS74 Campaign Tool'].map((item) => item.json);
		const [id1, id3] = [answer[0].campaignId, answer[2].campaignId];
		expect(phonesSent()).toEqual([['+79120000001'], ['+79120000002'], ['+79120000003']]);
		expect(answer[1]).toEqual({
			error:
				'IS74 API could not create the campaign "Survey (2/3)": HTTP 503 — Busy. The IS74 server failed. The request may have reached the platform, so the campaign may exist: check the platform before running again. The node does not resend a create by itself. ' +
				`Campaigns already created in this run: ID ${id1} "Survey (1/3)" (item 0). ` +
				`The parts of this split: "Survey (1/3)": ID ${id1}, created; "Survey (2/3)": may exist (this error); "Survey (3/3)": sent after this one (its own output says what became of it). ` +
				'Check the platform for "Survey (2/3)" before sending its contacts again. Do not send the whole list again: that would create "Survey (1/3)" and "Survey (2/3)" again (and any part sent after this one) and call their people twice.',
			httpCode: '503',
		});
		const again = toolRefusal(await run(three, [{}], first.staticData, toolNode));
		expect(again).toMatch(
			new RegExp(
				`^Invalid Guard Rails → Duplicate Protection: this split was already sent by this node: "Survey \\(1/3\\)": ID ${id1}, created [^;]+; "Survey \\(2/3\\)": may exist \\(HTTP 503[^)]*\\), sent [^;]+; "Survey \\(3/3\\)": ID ${id3}, created [^;]+\\. ` +
					'Check the platform for "Survey \\(2/3\\)" before sending its contacts again\\. Do not send the whole list again: that would create "Survey \\(1/3\\)", "Survey \\(2/3\\)" and "Survey \\(3/3\\)" again and call their people twice\\. Nothing was sent\\.$',
			),
		);
		expect(phonesSent()).toHaveLength(3);
	});
});
