import { faults } from '../../simulator/server';
import { runWorkflow } from '../../harness/engine';
import { CAMPAIGN_HEADER, SCHEDULE, TOKEN, tokenCredential, useSimulator } from '../support/simulator';
import { FUTURE_DATE, campaignNode } from '../../harness/workflowNodes';

const sim = useSimulator();

const contacts = [
	{ phone: '8 (912) 000-00-01', name: 'Иванов Иван', city: 'Челябинск' },
	{ phone: '+7 912 000 00 02', name: 'Петрова Анна', city: 'Миасс' },
	{ phone: '89120000001', name: 'Дубль', city: 'Копейск' },
	{ phone: '12345', name: 'Ошибка', city: 'Златоуст' },
];

async function run(parameters: Parameters<typeof campaignNode>[0], items: object[] = contacts.slice(0, 2), continueOnFail = false) {
	return await runWorkflow({ items: items as never, nodes: [campaignNode(parameters, continueOnFail)], credential: tokenCredential(sim()) });
}

describe('one campaign for all items', () => {
	test('sends one exact request and outputs the campaign, paired with every item', async () => {
		const result = await run({});
		expect(result.error).toBeUndefined();
		const requests = sim().requests('campaigns');
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(requests[0].headers['content-type']).toBe('application/json');
		expect(requests[0].body).toEqual({
			campaign: CAMPAIGN_HEADER,
			phones: [
				{ phone: '+79120000001', add_data: { name: 'Иванов Иван' } },
				{ phone: '+79120000002', add_data: { name: 'Петрова Анна' } },
			],
		});
		const id = [...sim().campaigns.keys()].pop();
		expect(result.output['IS74 Campaign']).toEqual([
			{
				json: {
					campaignId: id,
					name: 'Survey',
					projectId: 1,
					startBlockId: 10,
					phoneId: 5,
					recipientsSent: 2,
					duplicatesRemoved: 0,
					rejectedPhones: [],
					emptyScenarioValues: {},
					schedule: SCHEDULE,
					batchNumber: 1,
					batchCount: 1,
				},
				pairedItem: [{ item: 0 }, { item: 1 }],
			},
		]);
	});

	test('removes duplicates, skips and reports invalid phones when asked', async () => {
		const result = await run({ options: { invalidPhones: 'skip' } }, contacts);
		expect(sim().requests('campaigns')[0].body).toEqual({
			campaign: CAMPAIGN_HEADER,
			phones: [
				{ phone: '+79120000001', add_data: { name: 'Иванов Иван' } },
				{ phone: '+79120000002', add_data: { name: 'Петрова Анна' } },
			],
		});
		const [item] = result.output['IS74 Campaign'];
		expect(item.json).toMatchObject({
			recipientsSent: 2,
			duplicatesRemoved: 1,
			rejectedPhones: [{ itemIndex: 3, value: '12345', reason: expect.stringContaining('not a Russian number') }],
		});
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	test('keeps duplicates and raw phones when normalization and de-duplication are off', async () => {
		await run({ options: { normalizePhones: false, removeDuplicates: false } }, contacts.slice(0, 3));
		expect(sim().requests('campaigns')[0].body).toMatchObject({
			phones: [{ phone: '89120000001' }, { phone: '+79120000002' }, { phone: '89120000001' }],
		});
	});

	test('scenario data: all fields of the item minus the left-out ones', async () => {
		await run({ scenarioDataMode: 'allFields', excludeFields: 'phone, city' });
		expect(sim().requests('campaigns')[0].body).toMatchObject({
			phones: [
				{ phone: '+79120000001', add_data: { name: 'Иванов Иван' } },
				{ phone: '+79120000002', add_data: { name: 'Петрова Анна' } },
			],
		});
	});

	test('scenario data: a JSON object expression evaluated per item; none', async () => {
		await run({ scenarioDataMode: 'json', scenarioJson: '={{ { client: $json.name, town: $json.city, vip: $itemIndex === 0 } }}' });
		expect(sim().requests('campaigns')[0].body).toMatchObject({
			phones: [
				{ add_data: { client: 'Иванов Иван', town: 'Челябинск', vip: true } },
				{ add_data: { client: 'Петрова Анна', town: 'Миасс', vip: false } },
			],
		});
		sim().reset();
		await run({ scenarioDataMode: 'none' });
		expect(sim().requests('campaigns')[0].body).toMatchObject({ phones: [{ add_data: {} }, { add_data: {} }] });
	});

	test('splits a long list into campaigns "Name (i/n)", each paired with its items', async () => {
		const items = Array.from({ length: 5 }, (_, index) => ({ phone: `+7912100000${index}`, name: `C${index}` }));
		const result = await run({ options: { maxRecipientsPerCampaign: 2 } }, items);
		expect(sim().requests('campaigns').map((entry) => [(entry.body as { campaign: { name: string } }).campaign.name, (entry.body as { phones: unknown[] }).phones.length])).toEqual([
			['Survey (1/3)', 2],
			['Survey (2/3)', 2],
			['Survey (3/3)', 1],
		]);
		expect(result.output['IS74 Campaign'].map((item) => [item.json.batchNumber, item.json.batchCount, item.pairedItem])).toEqual([
			[1, 3, [{ item: 0 }, { item: 1 }]],
			[2, 3, [{ item: 2 }, { item: 3 }]],
			[3, 3, [{ item: 4 }]],
		]);
	});

	test('dry run outputs the exact body and sends nothing', async () => {
		const result = await run({ options: { dryRun: true } });
		expect(sim().log).toHaveLength(0);
		expect(result.output['IS74 Campaign'][0].json).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/api/campaigns',
			recipientsSent: 2,
			body: {
				campaign: CAMPAIGN_HEADER,
				phones: [
					{ phone: '+79120000001', add_data: { name: 'Иванов Иван' } },
					{ phone: '+79120000002', add_data: { name: 'Петрова Анна' } },
				],
			},
		});
	});

	test('accepts a date-time and Luxon values from expressions, and 9:00-style times', async () => {
		await run({ date: '={{ $now.plus({ days: 3 }) }}', startTime: '9:00', endTime: '17:30:00' });
		const schedule = (sim().requests('campaigns')[0].body as { campaign: { schedule: typeof SCHEDULE } }).campaign.schedule;
		expect(schedule.start_time).toBe('09:00');
		expect(schedule.end_time).toBe('17:30');
		expect(schedule.date > FUTURE_DATE.slice(0, 4)).toBe(true);
		expect(schedule.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});
});

describe('one campaign per item', () => {
	const items = [
		{ title: 'Debtors', phones: ['8 912 000 00 11', '+79120000012'] },
		{ title: 'VIP', phones: [{ tel: '9120000021', name: 'Анна', tier: 'gold' }] },
	];

	test('each item creates its own campaign from its list', async () => {
		const result = await run(
			{ recipientsMode: 'perItem', campaignName: '={{ $json.title }}', phoneList: '={{ $json.phones }}', listPhoneKey: 'tel', scenarioDataMode: 'allFields', excludeFields: 'phones' },
			items,
		);
		expect(sim().requests('campaigns').map((entry) => entry.body)).toEqual([
			{
				campaign: { ...CAMPAIGN_HEADER, name: 'Debtors' },
				phones: [
					{ phone: '+79120000011', add_data: { title: 'Debtors' } },
					{ phone: '+79120000012', add_data: { title: 'Debtors' } },
				],
			},
			{ campaign: { ...CAMPAIGN_HEADER, name: 'VIP' }, phones: [{ phone: '+79120000021', add_data: { name: 'Анна', tier: 'gold' } }] },
		]);
		expect(result.output['IS74 Campaign'].map((item) => [item.json.name, item.json.recipientsSent, item.pairedItem])).toEqual([
			['Debtors', 2, [{ item: 0 }]],
			['VIP', 1, [{ item: 1 }]],
		]);
	});

	test('all fields of an item that holds a list refuse the list, naming it', async () => {
		const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'allFields', excludeFields: '' }, items.slice(0, 1));
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Scenario Data (phones[].add_data) → "phones": must be text, a number or true/false');
	});

	test('plain phone lists with key/value scenario data', async () => {
		await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioFields: { values: [{ key: 'segment', value: '={{ $json.title }}' }] } }, items.slice(0, 1));
		expect(sim().requests('campaigns')[0].body).toEqual({
			campaign: CAMPAIGN_HEADER,
			phones: [
				{ phone: '+79120000011', add_data: { segment: 'Debtors' } },
				{ phone: '+79120000012', add_data: { segment: 'Debtors' } },
			],
		});
	});

	test('a bad item stops the run before any campaign is created', async () => {
		const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none' }, [items[0], { title: 'Broken', phones: ['000'] }]);
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toBe('Invalid Phone (phones[].phone) [0]: not a Russian number (8XXXXXXXXXX, 7XXXXXXXXXX or 9XXXXXXXXX); write other countries with "+" and the country code');
	});

	test('with continue on fail, the bad item becomes an error item and the others are created', async () => {
		const result = await run({ recipientsMode: 'perItem', phoneList: '={{ $json.phones }}', scenarioDataMode: 'none' }, [{ title: 'Broken', phones: [] }, items[0]], true);
		expect(sim().requests('campaigns')).toHaveLength(1);
		const output = result.output['IS74 Campaign'];
		expect(output[0]).toEqual({
			json: { error: 'Invalid Recipients: the recipient list is empty', description: 'Item 0, field "Recipients", value []. Check that the Phone expression points at the field that holds the numbers.' },
			// Every Campaign output, error items included, is paired with a list: one may stand for many items.
			pairedItem: [{ item: 0 }],
		});
		expect(output[1]).toMatchObject({ json: { recipientsSent: 2 }, pairedItem: [{ item: 1 }] });
	});
});

describe('bad input: a clear error and zero requests', () => {
	test.each([
		[{}, [{ phone: '12345' }], 'Invalid Phone (phones[].phone): not a Russian number', 'Item 0, field "Phone (phones[].phone)", value "12345".'],
		[{ projectId: 0 }, undefined, 'Invalid Project ID (project_id): must be a positive whole number', 'value 0.'],
		[{ endTime: '08:00' }, undefined, 'Invalid End Time (schedule.end_time): must be after the start time 09:00', 'value "08:00".'],
		[{ date: '2020-01-01' }, undefined, 'Invalid Date (schedule.date): is in the past', 'value "2020-01-01".'],
		[{ attempts: 7 }, undefined, 'Invalid Attempts (schedule.attempts): must be a whole number from 1 to 5', 'value 7.'],
		[{ startBlockId: '={{ "ten" }}' }, undefined, 'Invalid Scenario Start Block ID (start_block_id): must be a positive whole number', 'value "ten".'],
		[{ scenarioDataMode: 'json', scenarioJson: '={{ [1, 2] }}' }, undefined, 'Invalid Scenario Data (phones[].add_data): must be an object of key/value pairs', 'value [1,2].'],
		[{ scenarioDataMode: 'json', scenarioJson: '{"a": ' }, undefined, 'Invalid Scenario Data (phones[].add_data): is not valid JSON', 'Item 0'],
		[{ phone: '={{ $json.missing }}' }, undefined, 'Invalid Phone (phones[].phone): expected a phone number as text, got undefined', 'Item 0'],
		[{ scenarioDataMode: 'allFields', excludeFields: 'phone' }, [{ phone: '+79120000001', nested: { a: 1 } }], 'Invalid Scenario Data (phones[].add_data) → "nested": must be text, a number or true/false', 'Item 0'],
	])('%p', async (parameters, items, message, description) => {
		const result = await run(parameters as never, items ?? contacts.slice(0, 2));
		expect(sim().log).toHaveLength(0);
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toContain(description);
		expect(result.output['IS74 Campaign']).toEqual([]);
	});

	test('the error names the right item index deep in the list', async () => {
		const items = [...contacts.slice(0, 2), { phone: '8912000000', name: 'short' }];
		const result = await run({}, items);
		expect(result.error?.description).toBe(
			'Item 2, field "Phone (phones[].phone)", value "8912000000". Fix the number in the source data, or set Options → On Invalid Phone to "Skip and Report".',
		);
		expect(sim().log).toHaveLength(0);
	});

	test('with continue on fail, one error item for the batch, paired with every item', async () => {
		const result = await run({}, [...contacts.slice(0, 2), { phone: 'x' }], true);
		expect(sim().log).toHaveLength(0);
		expect(result.output['IS74 Campaign']).toEqual([
			{ json: { error: expect.stringContaining('Invalid Phone'), description: expect.stringContaining('Item 2') }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] },
		]);
	});
});

describe('API failures: reported, never sent twice', () => {
	test('a 422 becomes a NodeApiError with status and server message, nothing created', async () => {
		sim().script('campaigns', { status: 422, body: JSON.stringify({ message: 'The given data was invalid.', errors: { 'campaign.phone_id': ['Unknown caller number'] } }) });
		const result = await run({});
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 422 — The given data was invalid. — campaign.phone_id: Unknown caller number');
		expect(result.error?.description).toContain('Nothing was created.');
		expect((result.error as { httpCode?: string }).httpCode).toBe('422');
		expect(sim().requests('campaigns')).toHaveLength(1);
	});

	test('429 is retried, honouring Retry-After, then the campaign is created once', async () => {
		sim().script('campaigns', faults.rateLimited(0), faults.rateLimited(1));
		const started = Date.now();
		const result = await run({});
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([429, 429, 200]);
		expect(result.output['IS74 Campaign'][0].json.campaignId).toBe([...sim().campaigns.keys()].pop());
	});

	test('429 beyond the retry budget is reported with the wait the server asked for', async () => {
		sim().script('campaigns', faults.rateLimited(0), faults.rateLimited(0));
		const result = await run({ options: { maxRetries: 1 } });
		expect(sim().requests('campaigns')).toHaveLength(2);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": HTTP 429 — Too Many Attempts.');
		expect(result.error?.description).toBe('The API is rate limiting requests after 2 attempts. The server asks to wait 0 s. Run again later or lower the request rate. Nothing was created.');
	});

	test.each([
		['500', faults.serverError(500, 'Server Error'), 'HTTP 500 — Server Error'],
		['502 HTML page', faults.htmlError(502), 'HTTP 502 — 502 Bad Gateway'],
		['503 text', faults.textError(503, 'maintenance'), 'HTTP 503 — maintenance'],
	])('%s is not retried and warns that the campaign may exist', async (_case, fault, said) => {
		sim().script('campaigns', fault);
		const result = await run({});
		expect(sim().requests('campaigns')).toHaveLength(1);
		expect(result.error?.message).toBe(`IS74 API could not create the campaign "Survey": ${said}`);
		expect(result.error?.description).toContain('the campaign may exist: check the platform before running again');
	});

	test('a timeout after the server created the campaign is not retried', async () => {
		sim().script('campaigns', faults.slow(1500));
		const result = await run({ options: { timeoutSeconds: 1 } });
		expect(sim().requests('campaigns')).toHaveLength(1);
		expect(sim().campaigns.size).toBeGreaterThan(0);
		expect(result.error?.message).toBe('IS74 API could not create the campaign "Survey": no answer before the timeout');
		expect(result.error?.description).toContain('the campaign may exist');
		expect(result.error?.description).toContain('No answer within the timeout');
	});

	test('a 200 without a campaign ID says the campaign was probably created', async () => {
		sim().script('campaigns', faults.empty200());
		const result = await run({});
		expect(result.error?.message).toBe('IS74 API accepted the campaign "Survey" but its answer holds no campaign ID');
		expect(result.error?.description).toContain('The campaign was probably created');
	});

	test('a failing second batch names the campaigns already created; continue on fail keeps going', async () => {
		const items = Array.from({ length: 3 }, (_, index) => ({ phone: `+7912200000${index}` }));
		sim().script('campaigns', {}, faults.serverError(500));
		// The empty first step only consumes the slot: the first request is handled normally.
		sim().reset();
		sim().script('campaigns', { handle: true }, faults.serverError(500));
		const failed = await run({ scenarioDataMode: 'none', options: { maxRecipientsPerCampaign: 1 } }, items);
		const created = (sim().requests('campaigns')[0].status === 200 && [...sim().campaigns.keys()].pop()) as number;
		expect(failed.error?.description).toContain(`Campaigns already created in this run: ID ${created} "Survey (1/3)" (item 0).`);
		expect(sim().requests('campaigns')).toHaveLength(2);

		sim().reset();
		sim().script('campaigns', { handle: true }, faults.serverError(500));
		const kept = await run({ scenarioDataMode: 'none', options: { maxRecipientsPerCampaign: 1 } }, items, true);
		expect(kept.output['IS74 Campaign'].map((item) => (item.json.error ? 'error' : item.json.name))).toEqual(['Survey (1/3)', 'error', 'Survey (3/3)']);
		expect(kept.output['IS74 Campaign'][1].pairedItem).toEqual([{ item: 1 }]);
	});
});

test('the input items are not modified', async () => {
	const items = [{ phone: '8 (912) 000-00-01', name: 'Иван', extra: { keep: true } }];
	const result = await runWorkflow({ items, nodes: [campaignNode({ scenarioDataMode: 'allFields', excludeFields: 'phone,extra' })], credential: tokenCredential(sim()) });
	expect(result.output['Test Input'][0].json).toEqual(items[0]);
});

test('compiled $json paths give exactly what n8n expressions give', async () => {
	const items = [
		{ phone: '8 912 000 00 01', name: 'Text', tier: 1 },
		{ phone: 89120000002, name: 'Number phone', tier: true },
		{ phone: '9120000003', name: null, tier: 'x' },
		{ phone: '+79120000004' },
	];
	const compiled = { phone: '={{ $json["phone"] }}', scenarioFields: { values: [{ key: 'name', value: '={{ $json.name }}' }, { key: 'tier', value: '={{ $json.tier }}' }, { key: 'fixed', value: 'constant' }] } };
	// Parentheses make the same reads opaque to the fast path, so n8n's evaluator handles them.
	const evaluated = { phone: '={{ ($json.phone) }}', scenarioFields: { values: [{ key: 'name', value: '={{ ($json.name) }}' }, { key: 'tier', value: '={{ ($json.tier) }}' }, { key: 'fixed', value: '={{ "constant" }}' }] } };
	// Empty values are allowed here so that null and missing fields are compared too.
	const options = { dryRun: true, emptyValues: 'allowAll' };
	await run({ ...compiled, options }, items);
	const fast = await run({ ...compiled, options }, items);
	const slow = await run({ ...evaluated, options }, items);
	expect(fast.output['IS74 Campaign'][0].json.body).toEqual(slow.output['IS74 Campaign'][0].json.body);
	expect((fast.output['IS74 Campaign'][0].json.body as { phones: unknown[] }).phones).toEqual([
		{ phone: '+79120000001', add_data: { name: 'Text', tier: 1, fixed: 'constant' } },
		{ phone: '+79120000002', add_data: { name: 'Number phone', tier: true, fixed: 'constant' } },
		{ phone: '+79120000003', add_data: { name: '', tier: 'x', fixed: 'constant' } },
		{ phone: '+79120000004', add_data: { name: '', tier: '', fixed: 'constant' } },
	]);
});

describe("values read from an earlier node by $('Node').first() / .item, as n8n's engine gives them", () => {
	const first = "={{ $('Test Input').first().json.name }}";
	test.each([
		['allItems', {}],
		['grouped', {}],
		['perItem', { phoneList: '={{ $json.phone }}' }],
	] as const)('%s: the Campaign Name and a scenario field', async (recipientsMode, extra) => {
		const result = await run({ recipientsMode, campaignName: first, scenarioFields: { values: [{ key: 'paired', value: "={{ $('Test Input').item.json.city }}" }] }, ...extra });
		expect(result.error).toBeUndefined();
		const phones = [
			{ phone: '+79120000001', add_data: { paired: 'Челябинск' } },
			{ phone: '+79120000002', add_data: { paired: 'Миасс' } },
		];
		const campaign = { ...CAMPAIGN_HEADER, name: 'Иванов Иван' };
		expect(sim().requests('campaigns').map((request) => request.body)).toEqual(
			recipientsMode === 'perItem' ? phones.map((phone) => ({ campaign, phones: [phone] })) : [{ campaign, phones }],
		);
	});

	test('a node that did not run is the error n8n gives, and nothing is sent', async () => {
		const result = await run({ campaignName: "={{ $('Nowhere').first().json.name }}" });
		expect(result.error?.message).toBe("Referenced node doesn't exist");
		expect(sim().log).toHaveLength(0);
	});
});
