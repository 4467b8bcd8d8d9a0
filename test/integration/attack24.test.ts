/**
 * Adversarial review of issue 24 (attack24): the column lists, the
 * Campaign's execution hints, attacked through n8n-core's real LoadOptionsContext and WorkflowExecute
 * over real HTTP to the simulator. Every test here failed on the code it was written against.
 */
import { ANALYTICS_TYPE, CAMPAIGN_TOOL_TYPE, loadOptions, runWorkflow } from '../../harness/engine';
import { analyticsNode, campaignNode } from '../../harness/workflowNodes';
import { faults } from '../../simulator/server';
import { fakeDateOnly, seedCampaignOn, tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator({ clock: () => new Date() });
const NOW = new Date('2030-05-01T06:30:15.250Z');
const DAY = '2030-05-01';

beforeAll(() => fakeDateOnly(NOW));
afterAll(() => jest.useRealTimers());

/** A campaign on DAY whose two contacts carry `addData`, so its report has those columns. */
const seed = (addData: Record<string, string>, phones = ['+79120000001', '+79120000002']): number =>
	seedCampaignOn(sim(), DAY, phones.map((phone) => ({ phone, add_data: addData })), '12:00', 'Columns');

const target = (campaignId: unknown) => ({ projectId: 1, scenarioId: 951, startBlockId: 10, campaignId });

async function analyticsColumns(parameters: Record<string, unknown>) {
	return await loadOptions({
		type: ANALYTICS_TYPE,
		method: 'getReportColumns',
		path: 'parameters.columns.column[0].name',
		parameters: { resource: 'report', operation: 'get', period: 'today', columnsMode: 'list', columns: { column: [{ name: '' }] }, ...parameters } as never,
		credential: tokenCredential(sim()),
	});
}

describe('column list', () => {
	// High: a column the server names "={{ … }}" is offered with that value; picking it stores an n8n
	// expression in the workflow, which every run evaluates and sends to the server as the column name
	// (here another field of the input item, i.e. the server chooses what of the workflow's data it gets).
	test('a column whose field is an n8n expression is not offered as one (picking it must not store code the server wrote)', async () => {
		const injected = '={{ $json.privateNote }}';
		sim().script('report', {
			status: 200,
			body: JSON.stringify({ columns: [{ field: 'phone_number', display_name: 'Phone Number', type: 'text' }, { field: injected, display_name: 'Client', type: 'text' }], data: [], count: 0 }),
		});
		const list = await analyticsColumns(target(9));
		const picked = list.find((entry) => entry.name === 'Client')?.value;
		// Expected: no offered value is read by n8n as an expression.
		expect(list.filter((entry) => typeof entry.value === 'string' && entry.value.startsWith('='))).toEqual([]);

		// What picking it does in a run: the stored value is evaluated, and the item's private field is sent.
		sim().reset();
		const id = seed({ name: 'Client' });
		await runWorkflow({
			items: [{ privateNote: 'customer owes 12 000 RUB, do not disclose' }],
			nodes: [analyticsNode({ campaignId: id, start: `${DAY}T00:00:00`, end: `${DAY}T23:59:59`, columns: { column: [{ name: picked ?? injected }] } })],
			credential: tokenCredential(sim()),
		});
		expect(JSON.stringify(sim().requests('report')[0]?.body)).not.toContain('do not disclose');
		// And what it does ask for is the column the server named, as it named it.
		expect((sim().requests('report')[0]?.body as { columns?: unknown }).columns).toEqual([{ name: injected, column_type: 'field' }]);
	});

	// Medium: the list offers a field with a comma for the Trigger's De-Duplication Fields, but version 2
	// joins the picked array with commas and splits it again, so the picked field is read as two fields
	// the answer does not have, and a correct pick is refused with a misleading error.
	// Low: the list trims a field's spaces, so the stored name is not the column the API has; the run
	// that uses the picked column is refused by the API.
	test('a field with surrounding spaces: the picked value is the field the API knows', async () => {
		const id = seed({ ' tariff ': 'Basic' });
		const list = await analyticsColumns(target(id));
		const picked = list.find((entry) => String(entry.value).includes('tariff'))?.value;
		sim().reset();
		const result = await runWorkflow({
			items: [{}],
			nodes: [analyticsNode({ campaignId: id, start: `${DAY}T00:00:00`, end: `${DAY}T23:59:59`, columns: { column: [{ name: picked }] } })],
			credential: tokenCredential(sim()),
		});
		expect(result.error?.message).toBeUndefined();
		expect(result.output['IS74 Analytics'][0].json).toEqual({ ' tariff ': 'Basic' });
	});
});

describe('column list: what its entries say', () => {
	// Low: the column lookup's deadline is fixed (20 s an attempt, methods/loadOptions.ts), yet its
	// entry tells the user to raise Options → Timeout, which the lookup never reads.
	test('a lookup that times out does not advise raising Options → Timeout (the list does not read it)', async () => {
		jest.useRealTimers();
		try {
			sim().setLatency('report', 60_000);
			const [entry] = await analyticsColumns(target(9));
			expect(entry.name).toBe('IS74 API could not list the columns of campaign 9: no answer before the timeout');
			expect(entry.description).not.toContain('Options → Timeout');
			expect(entry.description).toBe(
				'No answer within the timeout of 20 s after 2 attempts (it covers the whole request, up to the last byte of the answer). This deadline is fixed: try again when the service answers faster. Meanwhile a column name can still be typed: switch the field to Expression and enter it, for example phone_number.',
			);
		} finally {
			jest.useFakeTimers({
				doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
				now: NOW,
			});
		}
	}, 120_000);
});

describe('Campaign hints', () => {
	// Medium: with Continue On Fail, a split whose first part fails while the others are created loses
	// the skipped-phones hint (and the split hint): rejectedPhones is carried on the first part only, and
	// the hints read only the outputs made. The user is told nothing of the phones not called.
	test('Continue On Fail: a split whose first part failed still says which phones were skipped, and that it was split', async () => {
		const items = [...Array.from({ length: 4 }, (_, index) => ({ phone: `+7912100000${index}`, name: `C${index}` })), { phone: '12345', name: 'Bad' }];
		sim().script('campaigns', faults.serverError(400, 'start_block_id: unknown'));
		const result = await runWorkflow({
			items: items as never,
			nodes: [campaignNode({ date: '2030-06-01', options: { maxRecipientsPerCampaign: 2, invalidPhones: 'skip' } }, true)],
			credential: tokenCredential(sim()),
		});
		expect(result.error).toBeUndefined();
		expect(sim().requests('campaigns').map((entry) => entry.status)).toEqual([400, 200]);
		expect(result.hints['IS74 Campaign'].map((hint) => hint.message)).toEqual([
			'1 phone was skipped and will not be called: "12345" (item 4). The reason is in rejectedPhones.',
			'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "Survey" into 2.',
		]);
	});

	// Low: n8n renders execution hints as HTML (the editor's hint list uses its n8n-html directive,
	// sanitized but keeping links). A phone value from the input (a web form, a webhook) is put into the
	// hint as it is, so it shows as a live link inside the node's own warning.
	test('a skipped phone holding HTML is shown as text in the hint, not as markup', async () => {
		const phone = '<a href=https://evil.example/login>Sign in again to send the campaign</a>';
		const result = await runWorkflow({
			items: [{ phone: '+79120000001', name: 'A' }, { phone, name: 'B' }] as never,
			nodes: [campaignNode({ date: '2030-06-01', options: { dryRun: true, invalidPhones: 'skip' } })],
			credential: tokenCredential(sim()),
		});
		expect(result.error).toBeUndefined();
		const skipped = result.hints['IS74 Campaign'].find((hint) => hint.message.includes('skipped'));
		expect(skipped?.message).toBe(
			'1 phone was skipped and will not be called: "&lt;a href=https://evil.example/login&gt;Sign in again to send the campaign&lt;/a&gt;" (item 1). The reason is in rejectedPhones.',
		);
	});
});

describe('human review (agent-human-review.json): what the reviewer approves is what is sent', () => {
	// Medium: the review mail shows the model's Date as the model wrote it ({{ $tool.parameters.Date }}).
	// The tool is told YYYY-MM-DD but also takes an ISO date-time and sends its calendar day in the
	// workflow time zone, so "2030-06-01T22:30:00Z" (read by the reviewer as 1 June) calls people on
	// 2 June. README: "Approve runs IS74 Campaign Tool once, with exactly the values shown".
	test('a Date the reviewer reads as one day is never sent as another (tool use refuses it, or sends that day)', async () => {
		const shown = '2030-06-01T22:30:00Z';
		const parameters = { scenarioDataMode: 'none', recipientsMode: 'perItem', phoneList: '+79125550001', date: shown, startTime: '10:00', endTime: '12:00' };
		const result = await runWorkflow({ items: [{}] as never, nodes: [{ ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE }], credential: tokenCredential(sim()) });
		expect(result.error).toBeUndefined();
		const sentDates = sim()
			.requests('campaigns')
			.map((entry) => (entry.body as { campaign: { schedule: { date: string } } }).campaign.schedule.date);
		expect(sentDates.filter((date) => date !== shown.slice(0, 10))).toEqual([]);
	});

	test.each(['2030-06-01T23:30:00+05:00', '2030-06-01T22:30:00Z'])('tool use: the Date %p is refused, and the model is told the format; nothing is sent', async (date) => {
		const parameters = { scenarioDataMode: 'none', recipientsMode: 'perItem', phoneList: '+79125550001', date, startTime: '10:00', endTime: '12:00' };
		const result = await runWorkflow({ items: [{}] as never, nodes: [{ ...campaignNode(parameters), type: CAMPAIGN_TOOL_TYPE }], credential: tokenCredential(sim()) });
		expect(sim().requests()).toEqual([]);
		expect(result.output['IS74 Campaign Tool'].map((item) => item.json)).toEqual([
			{
				error: `Invalid Date (schedule.date): must be written YYYY-MM-DD in tool use: the calendar day a reviewer reads must be the day called, and the day of a date-time depends on a time zone. Give the day the calls start as YYYY-MM-DD, for example ${DAY}, without a time or a time zone.`,
			},
		]);
	});
});
