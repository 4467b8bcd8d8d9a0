/**
 * What hostile servers and real data exposed: campaigns created earlier in a failing run, per-contact
 * scenario data in lists, reserved keys, settings that differ between items, and edge values.
 * A campaign calls real people: every test checks the exact requests the API received.
 */
import { faults } from '../../simulator/server';
import { runWorkflow } from '../../harness/engine';
import { CAMPAIGN_HEADER, tokenCredential, useSimulator } from '../support/simulator';
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

	test('{{ $json.name }} reads the item, not the contact: refused, naming item, contact and key, nothing sent', async () => {
		const result = await run({ ...perItem, scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }] } }, debtors);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact [0] "+79122000001"');
		expect(result.error?.description).toBe(
			'Item 0, field "Scenario Data (phones[].add_data) → "name"", value undefined. Expressions read the input item ($json), not the entries of its list: to send a field of each contact, set Value From to "Contact Field" and name the field. To send empty values on purpose, turn on Options → Allow Empty Scenario Values.',
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

	test('a contact without the field is refused, naming it; a plain phone entry has no fields', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }];
		const items = [{ title: 'Mixed', phones: [{ phone: '+79122000001', name: 'A' }, { phone: '+79122000002', name: '  ' }, '+79122000003'] }];
		const result = await run({ ...perItem, scenarioFields: { values } }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact [1] "+79122000002"');
		expect(result.error?.description).toContain('value "  "');
	});

	test('an empty value in One Campaign for All Items names the item', async () => {
		const result = await run({}, [{ phone: '+79122000001', name: 'A' }, { phone: '+79122000002' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact "+79122000002"');
		expect(result.error?.description).toMatch(/^Item 1, field /);
	});

	test('a contact that is not called (invalid phone skipped, duplicate) is not refused for its data', async () => {
		const items = [{ phone: '+79122000001', name: 'A' }, { phone: 'n/a' }, { phone: '+79122000001' }];
		const result = await run({ options: { invalidPhones: 'skip' } }, items);
		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79122000001', add_data: { name: 'A' } }] }]);
	});

	test('Allow Empty Scenario Values sends empty text, as before', async () => {
		const values = [{ key: 'name', valueFrom: 'contactField', contactField: 'name' }, { key: 'note', value: '={{ $json.note }}' }];
		await run({ ...perItem, scenarioFields: { values }, options: { allowEmptyValues: true } }, [{ title: 'T', phones: [{ phone: '+79122000001' }] }]);
		expect(bodies()).toEqual([{ campaign: { ...CAMPAIGN_HEADER, name: 'T' }, phones: [{ phone: '+79122000001', add_data: { name: '', note: '' } }] }]);
	});
});

describe('an empty scenario value is refused in every Scenario Data mode, unless allowed', () => {
	const allow = 'To send empty values on purpose, turn on Options → Allow Empty Scenario Values.';

	test('JSON Object: {{ { name: $json.nmae } }} (a misspelt field) is refused, naming item, contact and key; nothing sent', async () => {
		const result = await run({ scenarioDataMode: 'json', scenarioJson: '={{ { name: $json.nmae } }}' }, [{ phone: '+79125000001', name: 'A' }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact "+79125000001"');
		expect(result.error?.description).toBe(
			`Item 0, field "Scenario Data (phones[].add_data) → "name"", value undefined. Check that the expression gives a value for every item (a misspelt field gives nothing). ${allow}`,
		);
	});

	test('All Fields: a null column is refused, suggesting Fields to Leave Out; nothing sent', async () => {
		const items = [{ phone: '+79125000001', name: 'A', note: 'x' }, { phone: '+79125000002', name: 'B', note: null }];
		const result = await run({ scenarioDataMode: 'allFields', excludeFields: 'phone' }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "note": gave no value for contact "+79125000002"');
		expect(result.error?.description).toBe(
			`Item 1, field "Scenario Data (phones[].add_data) → "note"", value null. The contact has no value in its field "note": fill it in the source data, or leave the field out (Fields to Leave Out). ${allow}`,
		);
	});

	test('All Fields in a list: blank text of a listed contact is refused too', async () => {
		const items = [{ title: 'T', phones: [{ phone: '+79125000001', name: '  ' }] }];
		const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'allFields', excludeFields: '' }, items);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "name": gave no value for contact [0] "+79125000001"');
	});

	test('with Allow Empty Scenario Values on, both are sent as empty text', async () => {
		await run({ scenarioDataMode: 'json', scenarioJson: '={{ { name: $json.nmae } }}', options: { allowEmptyValues: true } }, [{ phone: '+79125000001', name: 'A' }]);
		await run({ scenarioDataMode: 'allFields', excludeFields: 'phone', options: { allowEmptyValues: true } }, [{ phone: '+79125000002', name: 'B', note: null }]);
		expect(bodies()).toEqual([
			{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79125000001', add_data: { name: '' } }] },
			{ campaign: CAMPAIGN_HEADER, phones: [{ phone: '+79125000002', add_data: { name: 'B', note: '' } }] },
		]);
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
