/**
 * What hostile servers and real data exposed: campaigns created earlier in a failing run, per-contact
 * scenario data in lists, reserved keys, settings that differ between items, and edge values.
 * A campaign calls real people: every test checks the exact requests the API received.
 */
import { faults } from '../../simulator/server';
import { CAMPAIGN_TOOL_TYPE, runWorkflow, type NodeSpec } from '../../harness/engine';
import { CAMPAIGN_HEADER, SCHEDULE, tokenCredential, useSimulator } from '../support/simulator';
import { campaignNode } from '../../harness/workflowNodes';

const sim = useSimulator();

async function run(parameters: Parameters<typeof campaignNode>[0], items: object[], continueOnFail = false) {
	return await runWorkflow({ items: items as never, nodes: [campaignNode(parameters, continueOnFail)], credential: tokenCredential(sim()) });
}

const bodies = () => sim().requests('campaigns').map((entry) => entry.body);
/** IDs of the last `count` campaigns the simulator created, oldest first. */
const lastCreated = (count: number) => [...sim().campaigns.keys()].slice(-count);

describe('one campaign per item: a failure names every campaign created in the run', () => {
	const items = [
		{ title: 'Debtors', phones: ['+79121000001'] },
		{ title: 'VIP', phones: ['+79121000002'] },
		{ title: 'Late', phones: ['+79121000003'] },
	];
	const parameters = { recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none' };

	test('the third create fails with 500: the error lists the first two with item and ID', async () => {
		sim().script('campaigns', { handle: true }, { handle: true }, faults.serverError(500));
		const result = await run(parameters, items);
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([200, 200, 500]);
		const [debtors, vip] = lastCreated(2);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Late": HTTP 500 — Server Error');
		expect(result.error?.description).toContain(`Campaigns already created in this run: ID ${debtors} "Debtors" (item 0), ID ${vip} "VIP" (item 1).`);
	});

	test('with continue on fail, the created ones are output items and the failed one an error item', async () => {
		sim().script('campaigns', { handle: true }, faults.serverError(500), { handle: true });
		const result = await run(parameters, items, true);
		const [debtors, late] = lastCreated(2);
		const output = result.output['IS74 Campaign'];
		expect(output.map((item) => [item.json.campaignId ?? 'error', item.pairedItem])).toEqual([
			[debtors, [{ item: 0 }]],
			['error', [{ item: 1 }]],
			[late, [{ item: 2 }]],
		]);
		expect(output[1].json).toEqual({
			error: 'IS74 API could not create the campaign "VIP": HTTP 500 — Server Error',
			description: expect.stringContaining(`Campaigns already created in this run: ID ${debtors} "Debtors" (item 0).`),
			httpCode: '500',
		});
	});
});

describe('a create that may have reached the platform is listed in later errors, with its ID or as "may exist"', () => {
	const items = ['A', 'B', 'C', 'D'].map((title, index) => ({ title, phones: [`+7912100001${index}`] }));
	const parameters = { recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none' };
	const answer = (body: string) => ({ status: 200, body, headers: { 'Content-Type': 'application/json' } });

	test('200 without an ID, then ID 42, then 500: item 2\'s error lists A (may exist) and B (ID 42)', async () => {
		sim().script('campaigns', answer('{"ok":true}'), answer('{"campaign":{"id":42}}'), faults.serverError(500));
		const result = await run(parameters, items.slice(0, 3), true);
		const output = result.output['IS74 Campaign'];
		expect(output.map((item) => [item.json.campaignId ?? 'error', item.pairedItem])).toEqual([
			['error', [{ item: 0 }]],
			[42, [{ item: 1 }]],
			['error', [{ item: 2 }]],
		]);
		expect(output[0].json.description).not.toContain('this run');
		expect(output[2].json).toEqual({
			error: 'IS74 API could not create the campaign "C": HTTP 500 — Server Error',
			description:
				'The IS74 server failed. The request may have reached the platform, so the campaign may exist: check the platform before running again. The node does not resend a create by itself. Campaigns already created in this run: ID 42 "B" (item 1). Campaigns that may exist from this run: "A" (item 0): may exist — accepted without a campaign ID.',
			httpCode: '500',
		});
	});

	test('a create refused before acting (400) is left out; one that failed with 500 is listed', async () => {
		sim().script('campaigns', faults.serverError(400, 'Bad phone'), faults.serverError(503), answer('{"campaign":{"id":"  "}}'), answer('{"ok":true}'));
		const output = (await run(parameters, items, true)).output['IS74 Campaign'];
		expect(output.map((item) => item.json.campaignId ?? 'error')).toEqual(['error', 'error', 'error', 'error']);
		expect(output[3].json.description).toMatch(
			/ Campaigns that may exist from this run: "B" \(item 1\): may exist — HTTP 503, "C" \(item 2\): may exist — accepted without a usable campaign ID\.$/,
		);
		expect(output[3].json.description).not.toContain('already created');
	});

	test('without continue on fail the run stops at its first failure, naming the campaigns created before it', async () => {
		sim().script('campaigns', answer('{"campaign":{"id":42}}'), answer('{"ok":true}'));
		const result = await run(parameters, items.slice(0, 3));
		expect(sim().requests('campaigns')).toHaveLength(2);
		expect(result.error?.message).toBe('IS74 API accepted the campaign "B" but its answer holds no campaign ID');
		expect(result.error?.description).toBe(
			'The campaign was probably created and may exist: check the platform before running again. The answer was: {"ok":true} Campaigns already created in this run: ID 42 "A" (item 0).',
		);
	});
});

describe('Define Below: per-contact values in object lists', () => {
	// README's own shape: one item holding a list of contacts with their scenario data.
	const debtors = [
		{
			title: 'Debtors',
			phones: [
				{ phone: '+79122000001', name: 'Иванов Иван', debt: 1200 },
				{ phone: '+79122000002', name: 'Петрова Анна', debt: 0 },
			],
		},
	];
	const perItem = { recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}' };

	test('{{ $json.name }} reads the item, not the contact: empty for every contact, refused naming the parameter and Contact Field; nothing sent', async () => {
		const result = await run({ ...perItem, scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] } }, debtors);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (2 contacts); nothing was sent');
		expect(result.error?.description).toBe(
			`field "Scenario Data (phones[].add_data) → "name"", value "={{ $json.name }}". Expressions read the input item ($json), not the entries of its list: to send a field of each contact, set Value From to "Contact Field" and name the field. ${ALLOW_ALL}`,
		);
	});

	test('Value From "Contact Field" sends each contact its own values, beside item-level expressions', async () => {
		const values = [
			{ key: 'name', valueFrom: 'contactField', contactField: 'name' },
			{ key: 'debt', valueFrom: 'contactField', contactField: 'debt' },
			{ key: 'segment', valueFrom: 'value', value: '={{ $json.title }}' },
		];
		const result = await run({ ...perItem, scenarioFields: { values } }, debtors);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				campaign: { ...CAMPAIGN_HEADER, name: 'Debtors' },
				phones: [
					{ phone: '+79122000001', add_data: { name: 'Иванов Иван', debt: 1200, segment: 'Debtors' } },
					{ phone: '+79122000002', add_data: { name: 'Петрова Анна', debt: 0, segment: 'Debtors' } },
				],
			},
		]);
	});

	test('"Contact Field" reads the item itself in One Campaign for All Items', async () => {
		const values = [{ key: 'client', valueFrom: 'contactField', contactField: 'name' }];
		await run({ scenarioFields: { values } }, debtors[0].phones);
		expect(bodies()).toEqual([
			{
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79122000001', add_data: { client: 'Иванов Иван' } },
					{ phone: '+79122000002', add_data: { client: 'Петрова Анна' } },
				],
			},
		]);
	});

	test('a Contact Field no contact has (misspelt) is refused, naming the field', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'nmae' }];
		const result = await run({ ...perItem, scenarioFields: { values } }, debtors);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (2 contacts); nothing was sent');
		expect(result.error?.description).toBe(
			`field "Scenario Data (phones[].add_data) → "name"", value "nmae". No contact has a value in its field "nmae": check the field's name against the contacts (a misspelt name gives nothing). ${ALLOW_ALL}`,
		);
	});
});

/** What a refusal of a parameter empty for every contact says about sending it anyway. */
const ALLOW_ALL = 'To send it empty on purpose, set Options → Empty Scenario Values to "Allow All".';
/** What a refusal under "Refuse Any Empty Value" says. */
const STRICT = 'Options → Empty Scenario Values is "Refuse Any Empty Value": choose "Refuse a Field Empty for Every Contact" or "Allow All" to send empty values as empty text.';

/** The output item of one created campaign of the default node, with its counts of empty values. */
function createdItem(campaignId: unknown, recipientsSent: number, emptyScenarioValues: object, name = 'Survey') {
	return { campaignId, name, projectId: 1, startBlockId: 10, phoneId: 5, recipientsSent, duplicatesRemoved: 0, rejectedPhones: [], emptyScenarioValues, schedule: SCHEDULE, batchNumber: 1, batchCount: 1 };
}

describe('empty scenario values: blank optional data is sent and counted; a Define Below parameter empty for every contact is refused', () => {
	const notes = [{ key: 'name', value: '={{ $json.name }}' }, { key: 'note', value: '={{ $json.note }}' }];

	test('All Fields: an optional comment null for one contact is sent as "" and counted', async () => {
		const items = [{ phone: '+79125000001', name: 'A', comment: 'call after 6' }, { phone: '+79125000002', name: 'B', comment: null }];
		const result = await run({ scenarioDataMode: 'allFields', excludeFields: 'phone' }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79125000001', add_data: { name: 'A', comment: 'call after 6' } },
					{ phone: '+79125000002', add_data: { name: 'B', comment: '' } },
				],
			},
		]);
		expect(result.output['IS74 Campaign']).toEqual([{ json: createdItem(lastCreated(1)[0], 2, { comment: 1 }), pairedItem: [{ item: 0 }, { item: 1 }] }]);
	});

	test('JSON Object: a template with a literal null is sent as "" for every contact and counted', async () => {
		const items = [{ phone: '+79125000001' }, { phone: '+79125000002' }];
		const result = await run({ scenarioDataMode: 'json', scenarioJson: '{"greeting": "Hello", "note": null}' }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79125000001', add_data: { greeting: 'Hello', note: '' } },
					{ phone: '+79125000002', add_data: { greeting: 'Hello', note: '' } },
				],
			},
		]);
		expect(result.output['IS74 Campaign']).toEqual([{ json: createdItem(lastCreated(1)[0], 2, { note: 2 }), pairedItem: [{ item: 0 }, { item: 1 }] }]);
	});

	test('Define Below: a note missing for one person and blank for another is sent as "" and counted', async () => {
		const items = [{ phone: '+79125000001', name: 'A', note: 'VIP' }, { phone: '+79125000002', name: 'B' }, { phone: '+79125000003', name: 'C', note: '  ' }];
		const result = await run({ scenarioFields: { values: notes } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79125000001', add_data: { name: 'A', note: 'VIP' } },
					{ phone: '+79125000002', add_data: { name: 'B', note: '' } },
					{ phone: '+79125000003', add_data: { name: 'C', note: '' } },
				],
			},
		]);
		expect(result.output['IS74 Campaign']).toEqual([{ json: createdItem(lastCreated(1)[0], 3, { note: 2 }), pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }]);
	});

	test('One Campaign per Item: a list entry with note: null is sent as "" and counted', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }, { key: 'note', valueFrom: 'contactField', contactField: 'note' }];
		const items = [{ title: 'T', phones: [{ phone: '+79125000001', name: 'A', note: 'x' }, { phone: '+79125000002', name: 'B', note: null }] }];
		const result = await run({ recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}', scenarioFields: { values } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{
				campaign: { ...CAMPAIGN_HEADER, name: 'T' },
				phones: [
					{ phone: '+79125000001', add_data: { name: 'A', note: 'x' } },
					{ phone: '+79125000002', add_data: { name: 'B', note: '' } },
				],
			},
		]);
		expect(result.output['IS74 Campaign']).toEqual([{ json: createdItem(lastCreated(1)[0], 2, { note: 1 }, 'T'), pairedItem: [{ item: 0 }] }]);
	});

	test('One Campaign per Item: "every contact" means the whole run, so a one-person campaign with a blank note is sent', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }, { key: 'note', valueFrom: 'contactField', contactField: 'note' }];
		const items = [
			{ title: 'A', phones: [{ phone: '+79125000001', name: 'A', note: 'x' }] },
			{ title: 'B', phones: [{ phone: '+79125000002', name: 'B', note: null }] },
		];
		const result = await run({ recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}', scenarioFields: { values } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{ campaign: { ...CAMPAIGN_HEADER, name: 'A' }, phones: [{ phone: '+79125000001', add_data: { name: 'A', note: 'x' } }] },
			{ campaign: { ...CAMPAIGN_HEADER, name: 'B' }, phones: [{ phone: '+79125000002', add_data: { name: 'B', note: '' } }] },
		]);
		const [first, second] = lastCreated(2);
		expect(result.output['IS74 Campaign']).toEqual([
			{ json: createdItem(first, 1, {}, 'A'), pairedItem: [{ item: 0 }] },
			{ json: createdItem(second, 1, { note: 1 }, 'B'), pairedItem: [{ item: 1 }] },
		]);
	});

	test('the mapping mistake: {{ $json.nmae }} gives nothing for every item, refused naming the parameter and the cause; nothing sent', async () => {
		const items = [{ phone: '+79125000001', name: 'A' }, { phone: '+79125000002', name: 'B' }];
		const result = await run({ scenarioFields: { values: [{ key: 'name', value: '={{ $json.nmae }}' }] } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (2 contacts); nothing was sent');
		expect(result.error?.description).toBe(
			`field "Scenario Data (phones[].add_data) → "name"", value "={{ $json.nmae }}". The Value gives nothing for every item: it probably reads a field the items don't have (a misspelt name, such as $json.nmae for $json.name). Check it against the input data. ${ALLOW_ALL}`,
		);
	});

	test('only contacts who would be called count: a skipped phone\'s value does not save a parameter empty for everyone called', async () => {
		const items = [{ phone: '+79125000001' }, { phone: 'n/a', name: 'B' }];
		const result = await run({ options: { invalidPhones: 'skip' } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (1 contact); nothing was sent');
	});

	test('with Continue On Fail the refusal is one error item paired with every item', async () => {
		const items = [{ phone: '+79125000001', name: 'A' }, { phone: '+79125000002', name: 'B' }];
		const result = await run({ scenarioFields: { values: [{ key: 'name', value: '={{ $json.nmae }}' }] } }, items, true);
		expect(sim().log).toHaveLength(0);
		expect(result.output['IS74 Campaign'].map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (2 contacts); nothing was sent', [{ item: 0 }, { item: 1 }]],
		]);
	});
});

describe('Options → Empty Scenario Values: "Refuse Any Empty Value" and "Allow All"', () => {
	test('Refuse Any Empty Value: one null comment in All Fields stops the run, naming item, contact and key; nothing sent', async () => {
		const items = [{ phone: '+79125000001', name: 'A', note: 'x' }, { phone: '+79125000002', name: 'B', note: null }];
		const result = await run({ scenarioDataMode: 'allFields', excludeFields: 'phone', options: { emptyValues: 'refuseAny' } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "note": gave no value for contact "+79125000002"');
		expect(result.error?.description).toBe(
			`Item 1, field "Scenario Data (phones[].add_data) → "note"", value null. The contact has no value in its field "note": fill it in the source data, or leave the field out (Fields to Leave Out). ${STRICT}`,
		);
	});

	test('Refuse Any Empty Value: JSON Object and Define Below are refused too', async () => {
		const json = await run({ scenarioDataMode: 'json', scenarioJson: '{"note": null}', options: { emptyValues: 'refuseAny' } }, [{ phone: '+79125000001' }]);
		expect(json.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "note": gave no value for contact "+79125000001"');
		const items = [{ phone: '+79125000001', name: 'A' }, { phone: '+79125000002' }];
		const fields = await run({ options: { emptyValues: 'refuseAny' } }, items);
		expect(fields.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact "+79125000002"');
		expect(fields.error?.description).toMatch(/^Item 1, field /);
		expect(sim().log).toHaveLength(0);
	});

	test('Refuse Any Empty Value: a listed contact with blank text is refused, naming its place', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }];
		const items = [{ title: 'Mixed', phones: [{ phone: '+79122000001', name: 'A' }, { phone: '+79122000002', name: '  ' }, '+79122000003'] }];
		const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioFields: { values }, options: { emptyValues: 'refuseAny' } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact [1] "+79122000002"');
		expect(result.error?.description).toContain('value "  "');
	});

	test('Refuse Any Empty Value: a contact who is not called (invalid phone skipped, duplicate) is not refused for its data', async () => {
		const items = [{ phone: '+79122000001', name: 'A' }, { phone: 'n/a' }, { phone: '+79122000001' }];
		const result = await run({ options: { invalidPhones: 'skip', emptyValues: 'refuseAny' } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79122000001', add_data: { name: 'A' } }] }]);
	});

	test('Allow All sends the mapping mistake as "" for everyone, and counts it', async () => {
		const items = [{ phone: '+79125000001', name: 'A' }, { phone: '+79125000002', name: 'B' }];
		const result = await run({ scenarioFields: { values: [{ key: 'name', value: '={{ $json.nmae }}' }] }, options: { emptyValues: 'allowAll' } }, items);
		expect(bodies()).toEqual([
			{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79125000001', add_data: { name: '' } }, { phone: '+79125000002', add_data: { name: '' } }] },
		]);
		expect(result.output['IS74 Campaign']).toEqual([{ json: createdItem(lastCreated(1)[0], 2, { name: 2 }), pairedItem: [{ item: 0 }, { item: 1 }] }]);
	});

	test('a workflow saved with the old Allow Empty Scenario Values on still sends everything (Allow All)', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }, { key: 'note', value: '={{ $json.note }}' }];
		const perItem = { recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}' };
		const result = await run({ ...perItem, scenarioFields: { values }, options: { allowEmptyValues: true } }, [{ title: 'T', phones: [{ phone: '+79122000001' }] }]);
		expect(bodies()).toEqual([{ campaign: { ...CAMPAIGN_HEADER, name: 'T' }, phones: [{ phone: '+79122000001', add_data: { name: '', note: '' } }] }]);
		expect(result.output['IS74 Campaign'][0].json.emptyScenarioValues).toEqual({ name: 1, note: 1 });
	});

	test('the old option together with a new choice other than Allow All is refused: which one was meant cannot be told', async () => {
		const result = await run({ options: { allowEmptyValues: true, emptyValues: 'refuseAny' } }, [{ phone: '+79125000001', name: 'A' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Options → Empty Scenario Values: is "refuseAny", but the old option Allow Empty Scenario Values is on');
		expect(result.error?.description).toBe(
			'Item 0, field "Options → Empty Scenario Values", value "refuseAny". Remove the old option Allow Empty Scenario Values (it meant "Allow All"), or set Empty Scenario Values to "Allow All".',
		);
	});

	test.each([
		['a value not among the choices', 'yes', '"yes"'],
		['nothing (a missing field)', undefined, 'undefined'],
		['empty text', '', '""'],
	])('an expression giving %s is refused before anything is sent, never read as the default', async (_case, mode, shown) => {
		const result = await run({ options: { emptyValues: '={{ $json.mode }}' } }, [{ phone: '+79125000001', name: 'A', mode }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe(`Invalid Options → Empty Scenario Values: ${mode === 'yes' ? 'is "yes", which is not one of the choices' : `the expression gave no value (${shown})`}`);
		expect(result.error?.description).toBe(
			`Item 0, field "Options → Empty Scenario Values", value ${shown}. Choose "Allow All" (allowAll), "Refuse a Field Empty for Every Contact" (refuseEmptyForAll) or "Refuse Any Empty Value" (refuseAny); an expression must give one of these values.`,
		);
	});

	test('an expression giving a valid choice is used', async () => {
		const result = await run({ options: { emptyValues: '={{ $json.mode }}' } }, [{ phone: '+79125000001', mode: 'allowAll' }]);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79125000001', add_data: { name: '' } }] }]);
	});
});

describe('empty scenario values in tool use (the tool variant has the same Scenario Data)', () => {
	const toolNode = (parameters: Parameters<typeof campaignNode>[0]): NodeSpec => ({ ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE });
	const callTool = async (parameters: Parameters<typeof campaignNode>[0]) =>
		await runWorkflow({ items: [{}] as never, nodes: [toolNode({ phone: '+79125000001, +79125000002', ...parameters })], credential: tokenCredential(sim()) });

	test('the mapping mistake is the tool\'s answer, cause and fix in the message the model reads; nothing sent', async () => {
		const result = await callTool({ scenarioFields: { values: [{ key: 'name', value: '={{ $json.nmae }}' }] } });
		expect(sim().log).toHaveLength(0);
		expect(result.output['IS74 Campaign Tool'].map((item) => item.json)).toEqual([
			{
				error: `Invalid Scenario Data (phones[].add_data) → "name": is empty for every contact of the run (2 contacts); nothing was sent. The Value gives nothing for every item: it probably reads a field the items don't have (a misspelt name, such as $json.nmae for $json.name). Check it against the input data. ${ALLOW_ALL}`,
			},
		]);
	});

	test('a JSON Object null is sent as "" and counted in the answer', async () => {
		const result = await callTool({ scenarioDataMode: 'json', scenarioJson: '{"greeting": "Hello", "note": null}' });
		expect(bodies()).toEqual([
			{
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79125000001', add_data: { greeting: 'Hello', note: '' } },
					{ phone: '+79125000002', add_data: { greeting: 'Hello', note: '' } },
				],
			},
		]);
		expect(result.output['IS74 Campaign Tool']).toEqual([{ json: createdItem(lastCreated(1)[0], 2, { note: 2 }), pairedItem: [{ item: 0 }] }]);
	});
});

describe('a scenario-data key named __proto__ is refused, never dropped', () => {
	const message = 'Invalid Scenario Data (phones[].add_data) → "__proto__": is a reserved name that cannot be sent';
	test.each([
		['Define Below', { scenarioFields: { values: [{ key: '__proto__', value: 'x' }] } }, { phone: '+79123000001' }],
		['All Fields', { scenarioDataMode: 'allFields', excludeFields: 'phone' }, JSON.parse('{"phone": "+79123000001", "__proto__": "x"}')],
		['All Fields, nested object', { scenarioDataMode: 'allFields', excludeFields: 'phone' }, JSON.parse('{"phone": "+79123000001", "__proto__": {"a": 1}}')],
		['JSON Object', { scenarioDataMode: 'json', scenarioJson: '{"__proto__": "x", "name": "A"}' }, { phone: '+79123000001' }],
		['JSON Object from an expression', { scenarioDataMode: 'json', scenarioJson: '={{ JSON.parse(\'{"__proto__": "x"}\') }}' }, { phone: '+79123000001' }],
	])('%s', async (_mode, parameters, item) => {
		const result = await run(parameters, [item]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(/^Item 0, /);
	});

	test('All Fields: a list contact with __proto__ is refused too; leaving it out works', async () => {
		const items = [{ title: 'T', phones: [JSON.parse('{"phone": "+79123000001", "__proto__": "x", "name": "A"}')] }];
		const parameters = { recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'allFields', excludeFields: '' };
		expect((await run(parameters, items)).error?.message).toBe(message);
		expect(sim().log).toHaveLength(0);
		await run({ ...parameters, excludeFields: '__proto__' }, items);
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79123000001', add_data: { name: 'A' } }] }]);
	});
});

describe('campaign settings that differ between items', () => {
	const items = [
		{ phone: '+79124000001', segment: 'Debtors' },
		{ phone: '+79124000002', segment: 'VIP' },
		{ phone: '+79124000003', segment: 'Debtors' },
	];
	const bySegment = { campaignName: '={{ $json.segment }}', scenarioDataMode: 'none' };

	test('One Campaign for All Items refuses, naming the first item and field that differ', async () => {
		const result = await run(bySegment, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Campaign Name (name): differs between items: item 0 gives "Debtors", item 1 gives "VIP"');
		expect(result.error?.description).toBe(
			'Item 1, field "Campaign Name (name)", value "VIP". One Campaign for All Items sends every item in one campaign, with the settings of item 0. Choose Recipients → "One Campaign per Group of Items" for one campaign per distinct value, or "One Campaign per Item", or make the field the same for every item.',
		);
	});

	test('a differing date is found after parsing (the same day written two ways is not a difference)', async () => {
		const dated = [{ phone: '+79124000001', day: '2099-01-01' }, { phone: '+79124000002', day: '2099-01-01T10:00:00' }, { phone: '+79124000003', day: '2099-01-02' }];
		const result = await run({ date: '={{ $json.day }}', scenarioDataMode: 'none' }, dated);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Date (schedule.date): differs between items: item 0 gives "2099-01-01", item 2 gives "2099-01-02"');
	});

	test('One Campaign per Group of Items: one campaign per segment, each paired with its items', async () => {
		const result = await run({ ...bySegment, recipientsMode: 'grouped' }, items);
		expect(bodies()).toEqual([
			{ campaign: { ...CAMPAIGN_HEADER, name: 'Debtors' }, phones: [{ phone: '+79124000001', add_data: {} }, { phone: '+79124000003', add_data: {} }] },
			{ campaign: { ...CAMPAIGN_HEADER, name: 'VIP' }, phones: [{ phone: '+79124000002', add_data: {} }] },
		]);
		const [debtors, vip] = lastCreated(2);
		expect(result.output['IS74 Campaign'].map((item) => [item.json.campaignId, item.json.name, item.json.recipientsSent, item.pairedItem])).toEqual([
			[debtors, 'Debtors', 2, [{ item: 0 }, { item: 2 }]],
			[vip, 'VIP', 1, [{ item: 1 }]],
		]);
	});

	test('groups: a bad phone in a later group stops the run before any campaign is created', async () => {
		const result = await run({ ...bySegment, recipientsMode: 'grouped' }, [...items, { phone: '123', segment: 'VIP' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.description).toMatch(/^Item 3, field "Phone \(phones\[\]\.phone\)"/);
	});

	test('groups: a failing group names the campaigns created before it', async () => {
		sim().script('campaigns', { handle: true }, faults.serverError(500));
		const result = await run({ ...bySegment, recipientsMode: 'grouped' }, items);
		const [debtors] = lastCreated(1);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "VIP": HTTP 500 — Server Error');
		expect(result.error?.description).toContain(`Campaigns already created in this run: ID ${debtors} "Debtors" (items 0, 2).`);
	});

	test('options that differ between items are refused, naming the item and the option', async () => {
		const result = await run({ scenarioDataMode: 'none', options: { maxRecipientsPerCampaign: '={{ $itemIndex === 2 ? 1 : 0 }}' } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Options → Max Recipients per Campaign: differs between items: item 0 gives 0, item 2 gives 1');
	});
});

describe('edge values', () => {
	const items = Array.from({ length: 3 }, (_, index) => ({ phone: `+7912500000${index}`, name: `C${index}` }));

	test('Max Recipients "2" from an expression is a number like any ID', async () => {
		const result = await run({ options: { maxRecipientsPerCampaign: '={{ "2" }}' } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies().map((body) => (body as { campaign: { name: string } }).campaign.name)).toEqual(['Survey (1/2)', 'Survey (2/2)']);
	});

	test.each([['\u200b\u200b'], ['\u0001\u0007'], [' \u200d\ufeff ']])('a campaign name of only invisible characters %p is refused', async (name) => {
		const result = await run({ campaignName: `={{ ${JSON.stringify(name)} }}` }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Campaign Name (name): has no visible character');
	});

	test('+275760-09-13 is refused for its year, not as a date in the past', async () => {
		const result = await run({ date: '+275760-09-13' }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Date (schedule.date): the year 275760 cannot be written as YYYY-MM-DD (years 1000 to 9999)');
	});
});

describe('"+8" and a Russian number: the "8" habit is not sent abroad', () => {
	test('+8 495 123-45-67 (which would be Vietnam +84) stops the run with the +7 hint; nothing is sent', async () => {
		const result = await run({}, [{ phone: '+79124000001', name: 'A' }, { phone: '+8 495 123-45-67', name: 'B' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Invalid Phone (phones[].phone): "+84951234567" looks like a Russian number written with +8 instead of +7: did you mean +7 495 123-45-67? If it really is an international number starting with +8, switch Options → Normalize Phones off to send it as typed.',
		);
		expect(result.error?.description).toMatch(/^Item 1, /);
	});

	test('with Normalize Phones off, the same number is sent as typed (the way to call a real +84 95… number)', async () => {
		await run({ options: { normalizePhones: false } }, [{ phone: '+8 495 123-45-67', name: 'B' }]);
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+84951234567', add_data: { name: 'B' } }] }]);
	});
});
