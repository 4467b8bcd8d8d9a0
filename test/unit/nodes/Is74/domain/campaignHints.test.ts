import { campaignHints, type CampaignOutcome } from '../../../../../nodes/Is74/domain/campaignHints';

function outcome(extra: Partial<CampaignOutcome> = {}): CampaignOutcome {
	return { name: 'Survey', recipientsSent: 2, duplicatesRemoved: 0, rejectedPhones: [], emptyScenarioValues: {}, batchNumber: 1, batchCount: 1, ...extra };
}

describe('campaignHints', () => {
	test('a clean run says nothing', () => {
		expect(campaignHints([outcome(), outcome({ name: 'VIP' })])).toEqual([]);
		expect(campaignHints([])).toEqual([]);
	});

	test('Dry Run: nothing was sent, how many campaigns and people, how to send', () => {
		expect(campaignHints([outcome({ dryRun: true })])).toEqual([
			{
				type: 'warning',
				message: 'Dry Run: nothing was sent and nobody was called. 1 campaign for 2 recipients is shown as it would be sent. To create it, turn off Options → Dry Run.',
			},
		]);
		expect(campaignHints([outcome({ dryRun: true, recipientsSent: 1 }), outcome({ dryRun: true, name: 'VIP', recipientsSent: 3 })])[0].message).toBe(
			'Dry Run: nothing was sent and nobody was called. 2 campaigns for 4 recipients are shown as they would be sent. To create them, turn off Options → Dry Run.',
		);
	});

	test('skipped phones: how many, the first three with their items, where the reasons are', () => {
		const rejectedPhones = [
			{ itemIndex: 3, value: '12345', reason: 'not a Russian number' },
			{ itemIndex: 4, listIndex: 2, value: '+12025550123', reason: 'not allowed' },
		];
		expect(campaignHints([outcome({ rejectedPhones })])).toEqual([
			{
				type: 'warning',
				message: '2 phones were skipped and will not be called: "12345" (item 3), "+12025550123" (item 4, list entry 2). The reasons are in rejectedPhones.',
			},
		]);
		const many = [
			outcome({ rejectedPhones: [...rejectedPhones, { itemIndex: 5, value: null, reason: 'empty' }] }),
			outcome({ name: 'VIP', rejectedPhones: [{ itemIndex: 9, value: 'x'.repeat(100), reason: 'not a phone' }] }),
		];
		expect(campaignHints(many)[0].message).toBe(
			'4 phones were skipped and will not be called: "12345" (item 3), "+12025550123" (item 4, list entry 2), null (item 5) and 1 more. The reasons are in rejectedPhones.',
		);
		expect(campaignHints([outcome({ rejectedPhones: [rejectedPhones[0]] })])[0].message).toBe(
			'1 phone was skipped and will not be called: "12345" (item 3). The reason is in rejectedPhones.',
		);
	});

	test('empty scenario values: each key and how many contacts, summed over the campaigns', () => {
		expect(campaignHints([outcome({ emptyScenarioValues: { name: 2, note: 1 } }), outcome({ name: 'VIP', emptyScenarioValues: { note: 3 } })])).toEqual([
			{
				type: 'warning',
				message: 'Scenario values sent as empty text: "name" for 2 contacts, "note" for 4 contacts. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.',
			},
		]);
		const keys = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => [key, 1]));
		expect(campaignHints([outcome({ emptyScenarioValues: keys })])[0].message).toBe(
			'Scenario values sent as empty text: "a" for 1 contact, "b" for 1 contact, "c" for 1 contact, "d" for 1 contact, "e" for 1 contact and 2 more keys. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.',
		);
	});

	test('duplicates removed', () => {
		expect(campaignHints([outcome({ duplicatesRemoved: 1 })])).toEqual([
			{ type: 'info', message: '1 duplicate phone was removed: each number is called once per campaign (Options → Remove Duplicate Phones).' },
		]);
		expect(campaignHints([outcome({ duplicatesRemoved: 2 }), outcome({ duplicatesRemoved: 1 })])[0].message).toBe(
			'3 duplicate phones were removed: each number is called once per campaign (Options → Remove Duplicate Phones).',
		);
	});

	test('a split into several campaigns: which lists, into how many, of at most how many recipients', () => {
		const split = [
			outcome({ name: 'Survey (1/3)', batchNumber: 1, batchCount: 3 }),
			outcome({ name: 'Survey (2/3)', batchNumber: 2, batchCount: 3 }),
			outcome({ name: 'Survey (3/3)', batchNumber: 3, batchCount: 3, recipientsSent: 1 }),
		];
		expect(campaignHints(split)).toEqual([
			{ type: 'info', message: 'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "Survey" into 3.' },
		]);
		const lists = ['A', 'B', 'C', 'D'].map((name) => outcome({ name: `${name} (1/2)`, batchCount: 2 }));
		expect(campaignHints(lists)[0].message).toBe(
			'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "A" into 2, "B" into 2, "C" into 2 and 1 more list.',
		);
	});

	test('text from the data (phones, scenario keys, campaign names) is HTML-escaped: n8n renders hints as HTML', () => {
		const hints = campaignHints([
			outcome({
				name: '<b>Survey</b> & co (1/2)',
				batchCount: 2,
				rejectedPhones: [{ itemIndex: 0, value: '<a href=https://evil.example>Sign in</a>', reason: 'not a phone' }],
				emptyScenarioValues: { '<img src=x>': 1 },
			}),
		]);
		expect(hints.map((hint) => hint.message)).toEqual([
			'1 phone was skipped and will not be called: "&lt;a href=https://evil.example&gt;Sign in&lt;/a&gt;" (item 0). The reason is in rejectedPhones.',
			'Scenario values sent as empty text: "&lt;img src=x&gt;" for 1 contact. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.',
			'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "&lt;b&gt;Survey&lt;/b&gt; &amp; co" into 2.',
		]);
	});

	test('a campaign that failed (Continue On Fail) still tells its skipped phones, duplicates and split, but sent no empty values', () => {
		const failed = outcome({
			name: 'Survey (1/2)',
			batchCount: 2,
			duplicatesRemoved: 1,
			rejectedPhones: [{ itemIndex: 4, value: '12345', reason: 'short' }],
			emptyScenarioValues: { name: 2 },
		});
		const made = outcome({ name: 'Survey (2/2)', batchNumber: 2, batchCount: 2, emptyScenarioValues: { note: 1 } });
		expect(campaignHints([made], [failed]).map((hint) => hint.message)).toEqual([
			'1 phone was skipped and will not be called: "12345" (item 4). The reason is in rejectedPhones.',
			'Scenario values sent as empty text: "note" for 1 contact. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.',
			'1 duplicate phone was removed: each number is called once per campaign (Options → Remove Duplicate Phones).',
			'Split into several campaigns of at most 2 recipients (Options → Max Recipients per Campaign): "Survey" into 2.',
		]);
		expect(campaignHints([], [outcome({ rejectedPhones: [{ itemIndex: 0, value: '1', reason: 'short' }] })]).map((hint) => hint.message)).toEqual([
			'1 phone was skipped and will not be called: "1" (item 0). The reason is in rejectedPhones.',
		]);
	});

	test('all at once, in order: Dry Run, skipped phones, empty values, duplicates, split', () => {
		const hints = campaignHints([
			outcome({
				dryRun: true,
				name: 'Survey (1/2)',
				batchCount: 2,
				duplicatesRemoved: 1,
				rejectedPhones: [{ itemIndex: 0, value: '1', reason: 'short' }],
				emptyScenarioValues: { name: 1 },
			}),
			outcome({ dryRun: true, name: 'Survey (2/2)', batchNumber: 2, batchCount: 2, recipientsSent: 1 }),
		]);
		expect(hints.map((hint) => hint.message.slice(0, 20))).toEqual([
			'Dry Run: nothing was ',
			'1 phone was skipped a',
			'Scenario values sent',
			'1 duplicate phone wa',
			'Split into several c',
		].map((start) => start.slice(0, 20)));
	});
});
