/**
 * Issue 24, point 3: what IS74 Campaign did, said where the user looks. The execution hints n8n-core
 * stores in the run data (the editor shows them above the output): exact texts for Dry Run, skipped
 * phones, empty scenario values, duplicates and splits; none for a clean run or in tool use.
 */
import { CAMPAIGN_TOOL_TYPE, runWorkflow, type NodeSpec } from '../../harness/engine';
import { campaignNode } from '../../harness/workflowNodes';
import { tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator();

type NodeParameters = Parameters<typeof campaignNode>[0];

async function run(parameters: NodeParameters, items: object[], node: NodeSpec = campaignNode(parameters)) {
	const result = await runWorkflow({ items: items as never, nodes: [node], credential: tokenCredential(sim()) });
	expect(result.error).toBeUndefined();
	return result;
}

const contacts = [
	{ phone: '8 (912) 000-00-01', name: 'Иванов Иван' },
	{ phone: '+7 912 000 00 02', name: 'Петрова Анна' },
	{ phone: '89120000001', name: 'Дубль' },
	{ phone: '12345', name: 'Ошибка' },
	{ phone: '+1 202 555 0123', name: 'Abroad' },
];

test('a clean run gives no hint', async () => {
	const result = await run({}, contacts.slice(0, 2));
	expect(sim().requests('campaigns')).toHaveLength(1);
	expect(result.hints['IS74 Campaign']).toEqual([]);
});

test('skipped phones (invalid, or outside the allowed prefixes) and a removed duplicate', async () => {
	const result = await run({ options: { invalidPhones: 'skip' }, guardRails: { allowedPrefixes: '+7' } }, contacts);
	expect(sim().requests('campaigns')).toHaveLength(1);
	expect(result.hints['IS74 Campaign']).toEqual([
		{
			type: 'warning',
			location: 'outputPane',
			message: '2 phones were skipped and will not be called: "12345" (item 3), "+1 202 555 0123" (item 4). The reasons are in rejectedPhones.',
		},
		{ type: 'info', location: 'outputPane', message: '1 duplicate phone was removed: each number is called once per campaign (Options → Remove Duplicate Phones).' },
	]);
});

test('skipped phones in One Campaign per Item name the list entry', async () => {
	const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none', options: { invalidPhones: 'skip' } }, [
		{ phones: '+79120000001, 555' },
	]);
	expect(result.hints['IS74 Campaign']).toEqual([
		{ type: 'warning', location: 'outputPane', message: '1 phone was skipped and will not be called: "555" (item 0, list entry 1). The reason is in rejectedPhones.' },
	]);
});

test('empty scenario values sent', async () => {
	const result = await run({ options: { emptyValues: 'allowAll' } }, [{ phone: '+79120000001', name: 'Ivan' }, { phone: '+79120000002' }]);
	expect(result.output['IS74 Campaign'][0].json.emptyScenarioValues).toEqual({ name: 1 });
	expect(result.hints['IS74 Campaign']).toEqual([
		{
			type: 'warning',
			location: 'outputPane',
			message: 'Scenario values sent as empty text: "name" for 1 contact. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.',
		},
	]);
});

test('a split into several campaigns', async () => {
	const items = Array.from({ length: 5 }, (_, index) => ({ phone: `+7912100000${index}`, name: `C${index}` }));
	const result = await run({ options: { maxRecipientsPerCampaign: 2 } }, items);
	expect(sim().requests('campaigns')).toHaveLength(3);
	expect(result.hints['IS74 Campaign']).toEqual([
		{ type: 'info', location: 'outputPane', message: 'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "Survey" into 3.' },
	]);
});

test('Dry Run: nothing was sent', async () => {
	const result = await run({ options: { dryRun: true, invalidPhones: 'skip' } }, contacts.slice(0, 4));
	expect(sim().log).toHaveLength(0);
	expect(result.hints['IS74 Campaign']).toEqual([
		{
			type: 'warning',
			location: 'outputPane',
			message: 'Dry Run: nothing was sent and nobody was called. 1 campaign for 2 recipients is shown as it would be sent. To create it, turn off Options → Dry Run.',
		},
		{ type: 'warning', location: 'outputPane', message: '1 phone was skipped and will not be called: "12345" (item 3). The reason is in rejectedPhones.' },
		{ type: 'info', location: 'outputPane', message: '1 duplicate phone was removed: each number is called once per campaign (Options → Remove Duplicate Phones).' },
	]);
});

test('Continue On Fail: the hints speak of the campaigns made, not of the items that failed', async () => {
	const parameters = { recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none', options: { dryRun: true } };
	const result = await run(parameters, [{ phones: '+79120000001' }, { phones: '12345' }], campaignNode(parameters, true));
	expect(result.output['IS74 Campaign'].map((item) => Object.keys(item.json).includes('error'))).toEqual([false, true]);
	expect(result.hints['IS74 Campaign']).toEqual([
		{
			type: 'warning',
			location: 'outputPane',
			message: 'Dry Run: nothing was sent and nobody was called. 1 campaign for 1 recipient is shown as it would be sent. To create it, turn off Options → Dry Run.',
		},
	]);
});

test('in tool use there is no hint and the answer is unchanged', async () => {
	const parameters = { scenarioDataMode: 'none', phone: '+79120000001, 555', options: { dryRun: true, invalidPhones: 'skip' } };
	const result = await run(parameters, [{}], { ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE });
	expect(result.hints['IS74 Campaign Tool']).toEqual([]);
	expect(result.output['IS74 Campaign Tool'][0].json).toMatchObject({ dryRun: true, recipientsSent: 1, rejectedPhones: [{ itemIndex: 0, listIndex: 1, value: '555' }] });
});
