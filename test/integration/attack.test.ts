/**
 * Adversarial review of the issue 21/22 fixes (guard rails and options, the duplicate memory, the
 * scrubber, the column list), through n8n-core's real engine over real HTTP: each test is an attack
 * that got through, and states what should have happened instead.
 */
import { CAMPAIGN_TOOL_TYPE, runWorkflow, type NodeSpec } from '../../harness/engine';
import { campaignNode } from '../../harness/workflowNodes';
import { tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator({ clock: () => new Date() });

type NodeParameters = Parameters<typeof campaignNode>[0];

async function run(parameters: NodeParameters, items: object[], staticData?: object, node: (p: NodeParameters) => NodeSpec = campaignNode) {
	return await runWorkflow({ items: items as never, nodes: [node(parameters)], credential: tokenCredential(sim()), staticData: staticData as never });
}
const toolNode = (parameters: NodeParameters): NodeSpec => ({ ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE });
const everyRail = { allowedPrefixes: '+7', maxRecipientsPerExecution: 50, duplicateProtection: true };
const bodies = () => sim().requests('campaigns').map((entry) => entry.body);
const phonesSent = () => bodies().map((body) => (body as { phones: Array<{ phone: string }> }).phones.map((entry) => entry.phone));
const noData = { scenarioDataMode: 'none' };

/** What the run says: the node's error, or (as a tool) the answer item's error. */
function refusal(result: Awaited<ReturnType<typeof run>>): string | undefined {
	const answer = result.output['IS74 Campaign Tool']?.[0]?.json.error;
	return result.error?.message ?? (typeof answer === 'string' ? answer : undefined);
}

const nothing: Array<[string, object]> = [
	['a missing field', {}],
	['null', { value: null }],
	["''", { value: '' }],
];

describe('attack (a): the boolean and choice Options read an expression that gives nothing as "off" (README: such an expression is refused)', () => {
	test.each(nothing)('Dry Run from an expression giving %s is refused; nothing is created (it creates the campaign today)', async (_, fields) => {
		const result = await run({ ...noData, phone: '+79120000001', options: { dryRun: '={{ $json.value }}' } }, [fields]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options → Dry Run: the expression gave no value/);
	});

	test.each(nothing)('as an AI tool with every guard rail on, Dry Run from an expression giving %s is refused; nothing is created', async (_, fields) => {
		const result = await run({ ...noData, phone: '+79120000001', guardRails: everyRail, options: { dryRun: '={{ $json.value }}' } }, [fields], undefined, toolNode);
		expect(phonesSent()).toEqual([]);
		expect(refusal(result)).toMatch(/^Invalid Options → Dry Run: the expression gave no value/);
	});

	test.each([['0', 0], ['"false"', 'false'], ['"true"', 'true']])('Dry Run from an expression giving %s (not true or false) is refused, not read as JavaScript truthiness', async (_, value) => {
		const result = await run({ ...noData, phone: '+79120000001', options: { dryRun: '={{ $json.value }}' } }, [{ value }]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options → Dry Run: /);
	});

	test('Options given as one whole expression (imported or API-made workflow) holding Dry Run are refused, not dropped: nothing is created', async () => {
		const result = await run({ ...noData, phone: '+79120000001', options: '={{ $json.options }}' }, [{ options: { dryRun: true } }]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options/);
	});

	test("Remove Duplicate Phones from an expression giving '' is refused: the same person is not put in the campaign twice", async () => {
		const result = await run({ ...noData, phone: '+79120000001, 89120000001', options: { removeDuplicates: '={{ $json.value }}' } }, [{ value: '' }]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options → Remove Duplicate Phones: the expression gave no value/);
	});

	test.each([["''", ''], ['"Error" (not a choice)', 'Error']])('On Invalid Phone from an expression giving %s is refused, not read as "Skip and Report"', async (_, value) => {
		const result = await run({ ...noData, phone: '+79120000001, 12345', options: { invalidPhones: '={{ $json.value }}' } }, [{ value }]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options → On Invalid Phone: /);
	});

	test("Normalize Phones from an expression giving '' is refused, not read as off (which sends 89120000001 as typed)", async () => {
		const result = await run({ ...noData, phone: '8 912 000-00-01', options: { normalizePhones: '={{ $json.value }}' } }, [{ value: '' }]);
		expect(phonesSent()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Options → Normalize Phones: the expression gave no value/);
	});
});

describe('attack (a): scenario data given as one whole expression, or by an expression giving nothing, sends everyone blank data (the mapping mistake)', () => {
	test('Define Below (Scenario Fields) given as one whole expression is refused, not dropped: nobody is called with no name', async () => {
		const result = await run({ scenarioFields: '={{ $json.fields }}' }, [{ phone: '+79120000001', name: 'Ivan', fields: { values: [{ key: 'name', value: 'Ivan' }] } }]);
		// Today: created, with "add_data": {} (n8n drops the expression; no row is left to find empty).
		expect(bodies()).toEqual([]);
		expect(result.error?.message).toMatch(/^Invalid Scenario Data/);
	});

	test("JSON Object from an expression giving '' is refused like null or a missing field, not sent as {}", async () => {
		const result = await run({ scenarioDataMode: 'json', scenarioJson: '={{ $json.data }}' }, [{ phone: '+79120000001', data: '' }]);
		expect(bodies()).toEqual([]);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data): must be an object of key/value pairs');
	});
});
