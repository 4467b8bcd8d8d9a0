import fc from 'fast-check';

import { campaignRequestSchema } from '../../../../../nodes/Is74/domain/apiContract';
import { parseCampaignSettings, type CampaignSettingsInput } from '../../../../../nodes/Is74/domain/campaignSettings';
import { countEmptyValues, emptyParameterRefusal, readEmptyValuesRule, scenarioDataFromObject, toScenarioData } from '../../../../../nodes/Is74/domain/scenarioData';
import { planCampaigns, type RecipientInput, type RecipientPolicy } from '../../../../../nodes/Is74/domain/campaignPlan';
import { parseWholeNumber } from '../../../../../nodes/Is74/domain/numbers';
import { givenOptions } from '../../../../../nodes/Is74/domain/settingValue';
import { inputErrorOf } from '../../../../support/inputErrorOf';

const context = { zone: 'Asia/Yekaterinburg', today: '2026-11-24' };
const input: CampaignSettingsInput = {
	projectId: 1,
	startBlockId: 10,
	phoneId: 5,
	name: ' Survey ',
	description: 'Q4',
	date: '2026-12-01',
	startTime: '9:00',
	endTime: '17:00:00',
	attempts: 3,
	intervalMinutes: 15,
};
const policy: RecipientPolicy = { normalizePhones: true, removeDuplicates: true, invalidPhones: 'error', maxPerCampaign: 0 };


describe('parseCampaignSettings', () => {
	test('normalizes times, trims the name and fills the fixed API values', () => {
		expect(parseCampaignSettings(input, context)).toEqual({
			projectId: 1,
			startBlockId: 10,
			phoneId: 5,
			name: 'Survey',
			description: 'Q4',
			schedule: {
				date: '2026-12-01',
				start_time: '09:00',
				end_time: '17:00',
				periods: { id: 1, title: 'Однократно' },
				attempts: { id: 3, title: '3' },
				interval: '15',
			},
		});
	});

	test('accepts IDs given as numeric text by expressions', () => {
		expect(parseCampaignSettings({ ...input, projectId: '7' }, context).projectId).toBe(7);
	});

	test.each([
		[{ projectId: 0 }, 'Project ID (project_id)', 'must be a positive whole number'],
		[{ startBlockId: 1.5 }, 'Scenario Start Block ID (start_block_id)', 'must be a positive whole number'],
		[{ phoneId: 'abc' }, 'Caller Phone ID (phone_id)', 'must be a positive whole number'],
		[{ name: '  ' }, 'Campaign Name (name)', 'is empty'],
		[{ date: '2026-11-23' }, 'Date (schedule.date)', 'is in the past (today is 2026-11-24 in Asia/Yekaterinburg)'],
		[{ date: '2026-13-01' }, 'Date (schedule.date)', 'not a real calendar date'],
		[{ startTime: '25:00' }, 'Start Time (schedule.start_time)', 'hours must be 0 to 23'],
		[{ endTime: '09:00' }, 'End Time (schedule.end_time)', 'must be after the start time 09:00'],
		[{ endTime: '08:00' }, 'End Time (schedule.end_time)', 'must be after the start time 09:00'],
		[{ attempts: 0 }, 'Attempts (schedule.attempts)', 'must be a whole number from 1 to 5'],
		[{ attempts: 6 }, 'Attempts (schedule.attempts)', 'must be a whole number from 1 to 5'],
		[{ intervalMinutes: -1 }, 'Minutes Between Attempts (schedule.interval)', 'must be a whole number from 0'],
		[{ description: 12 }, 'Description (description)', 'must be text'],
		[{ name: '\u200b\u200c\u200d\u2060\ufeff' }, 'Campaign Name (name)', 'has no visible character'],
		[{ name: '\u0000\u001f\u007f' }, 'Campaign Name (name)', 'has no visible character'],
		[{ name: '\u00a0\u3000\u202e' }, 'Campaign Name (name)', 'has no visible character'],
		[{ date: '+275760-09-13' }, 'Date (schedule.date)', 'the year 275760 cannot be written as YYYY-MM-DD'],
	])('%p is refused with field and reason', (change, field, problem) => {
		const error = inputErrorOf(() => parseCampaignSettings({ ...input, ...change }, context));
		expect(error.field).toBe(field);
		expect(error.problem).toContain(problem);
		expect(error.hint.length).toBeGreaterThan(10);
	});
});

describe('the Date in tool use: only the day as written, so the day sent is the day a reviewer reads', () => {
	const tool = { ...context, toolUse: true };
	test.each([
		['2026-12-01', '2026-12-01'],
		[' 2026-12-01 ', '2026-12-01'],
		// n8n's date picker, for a Date fixed on the tool's panel.
		['2026-12-01T00:00:00', '2026-12-01'],
	])('%p is sent as %p', (date, sent) => {
		expect(parseCampaignSettings({ ...input, date }, tool).schedule.date).toBe(sent);
	});

	test.each([
		['2026-12-08T23:30:00+05:00'],
		['2026-12-01T22:30:00Z'],
		['2026-12-01T10:00:00'],
		['2026-12-01T00:00:00.000Z'],
		['20261201'],
		[new Date('2026-12-01T00:00:00Z')],
		[{ toISO: () => '2026-12-01T00:00:00.000+05:00', isValid: true }],
	])('%p is refused, and the model is told the format', (date) => {
		const error = inputErrorOf(() => parseCampaignSettings({ ...input, date }, tool));
		expect([error.field, error.problem, error.hint]).toEqual([
			'Date (schedule.date)',
			'must be written YYYY-MM-DD in tool use: the calendar day a reviewer reads must be the day called, and the day of a date-time depends on a time zone',
			'Give the day the calls start as YYYY-MM-DD, for example 2026-11-24, without a time or a time zone.',
		]);
	});

	test('a real calendar date still, and not in the past', () => {
		expect(inputErrorOf(() => parseCampaignSettings({ ...input, date: '2026-02-30' }, tool)).problem).toBe('not a real calendar date');
		expect(inputErrorOf(() => parseCampaignSettings({ ...input, date: '2026-11-23' }, tool)).problem).toBe('is in the past (today is 2026-11-24 in Asia/Yekaterinburg)');
	});

	test('outside tool use, a date-time is read in the workflow time zone, as README says', () => {
		expect(parseCampaignSettings({ ...input, date: '2026-12-01T22:30:00Z' }, context).schedule.date).toBe('2026-12-02');
	});
});

describe('a campaign name needs a letter, number, punctuation or symbol that is not a blank filler', () => {
	test.each([
		['U+034F combining grapheme joiner', '\u034f'],
		['U+FE0F variation selector', '\ufe0f'],
		['U+3164 Hangul filler', '\u3164'],
		['U+115F Hangul choseong filler', '\u115f'],
		['U+2800 Braille blank', '\u2800'],
		['all of them, with U+1160, U+FFA0 and spaces', ' \u034f\ufe0f\u3164\u115f\u1160\uffa0\u2800 '],
		['a combining accent', '\u0301'],
	])('%s alone is refused', (_label, name) => {
		const error = inputErrorOf(() => parseCampaignSettings({ ...input, name }, context));
		expect([error.field, error.problem]).toEqual(['Campaign Name (name)', 'has no visible character']);
	});

	test.each(['Опрос', 'Q4', '№', '5', '—', '😀', '\u3164A\u2800', '\u2801'])('%p is a name', (name) => {
		expect(parseCampaignSettings({ ...input, name }, context).name).toBe(name);
	});
});

describe('parseWholeNumber: one reading of numbers for every field', () => {
	test.each([[2, 2], ['2', 2], [' 12 ', 12], [0, 0]])('%p is %p', (value, expected) => {
		expect(parseWholeNumber(value, 'Field', 0, 100, 'hint')).toBe(expected);
	});
	test.each([['2.5'], [2.5], ['-1'], ['x'], [''], [null], [101], ['1e2']])('%p is refused', (value) => {
		expect(inputErrorOf(() => parseWholeNumber(value, 'Field', 0, 100, 'hint')).problem).toBe('must be a whole number from 0 to 100');
	});
});

describe('toScenarioData', () => {
	test('keeps texts, numbers and booleans; null becomes empty text', () => {
		expect(toScenarioData({ name: 'Иван', debt: 1200, vip: true, note: null })).toEqual({ name: 'Иван', debt: 1200, vip: true, note: '' });
		// Text that shows nothing is sent as "", like a missing value: the scenario sees one kind of empty.
		expect(toScenarioData({ a: '  ', b: '\u200b', c: undefined, d: ' x ' })).toEqual({ a: '', b: '', c: '', d: ' x ' });
	});
	test.each([[[1, 2]], ['text'], [null]])('refuses %p as a whole', (value) => {
		expect(inputErrorOf(() => toScenarioData(value)).problem).toBe('must be an object of key/value pairs');
	});
	test('refuses a key named __proto__ instead of dropping it', () => {
		const error = inputErrorOf(() => toScenarioData(JSON.parse('{"name": "A", "__proto__": "x"}')));
		expect(error.field).toBe('Scenario Data (phones[].add_data) → "__proto__"');
		expect(error.problem).toBe('is a reserved name that cannot be sent');
	});
	test('refuses nested values, naming the key', () => {
		const error = inputErrorOf(() => toScenarioData({ address: { city: 'Chelyabinsk' } }));
		expect(error.field).toBe('Scenario Data (phones[].add_data) → "address"');
	});
});

describe('planCampaigns', () => {
	const settings = parseCampaignSettings(input, context);
	const recipients: RecipientInput[] = [
		{ itemIndex: 0, phone: '8 (912) 000-00-01', data: { name: 'A' } },
		{ itemIndex: 1, phone: '+79120000001', data: { name: 'A again' } },
		{ itemIndex: 2, phone: 'n/a', data: {} },
		{ itemIndex: 3, phone: '9120000003', data: { name: 'C' } },
	];

	test('stops at the first invalid phone by default, naming the item', () => {
		const error = inputErrorOf(() => planCampaigns(settings, recipients, policy));
		expect(error.itemIndex).toBe(2);
		expect(error.value).toBe('n/a');
		expect(error.field).toBe('Phone (phones[].phone)');
	});

	test('skips and reports invalid phones, removes duplicates (first wins)', () => {
		const plan = planCampaigns(settings, recipients, { ...policy, invalidPhones: 'skip' });
		expect(plan.rejected).toEqual([{ itemIndex: 2, listIndex: undefined, value: 'n/a', reason: expect.stringContaining('only digits') }]);
		expect(plan.duplicates).toEqual([{ itemIndex: 1, listIndex: undefined, phone: '+79120000001', firstItemIndex: 0 }]);
		expect(plan.batches).toHaveLength(1);
		expect(plan.batches[0].itemIndexes).toEqual([0, 1, 2, 3]);
		expect(plan.batches[0].body).toEqual({
			campaign: {
				project_id: 1,
				name: 'Survey',
				description: 'Q4',
				start_block_id: 10,
				schedule: settings.schedule,
				state: 'Создано',
				phone_id: 5,
			},
			phones: [
				{ phone: '+79120000001', add_data: { name: 'A' } },
				{ phone: '+79120000003', add_data: { name: 'C' } },
			],
		});
	});

	test('names the first item of every duplicate, however the duplicates and skipped phones interleave', () => {
		const phones = ['n/a', '+79120000001', '+79120000002', '89120000001', 'bad', '+79120000003', '+7 912 000-00-02', '+79120000001', '+79120000003'];
		const list: RecipientInput[] = phones.map((phone, itemIndex) => ({ itemIndex, phone, data: {} }));
		const plan = planCampaigns(settings, list, { ...policy, invalidPhones: 'skip' });
		expect(plan.duplicates).toEqual([
			{ itemIndex: 3, listIndex: undefined, phone: '+79120000001', firstItemIndex: 1 },
			{ itemIndex: 6, listIndex: undefined, phone: '+79120000002', firstItemIndex: 2 },
			{ itemIndex: 7, listIndex: undefined, phone: '+79120000001', firstItemIndex: 1 },
			{ itemIndex: 8, listIndex: undefined, phone: '+79120000003', firstItemIndex: 5 },
		]);
		expect(plan.batches[0].body.phones.map((entry) => entry.phone)).toEqual(['+79120000001', '+79120000002', '+79120000003']);
	});

	test('keeps duplicates when asked', () => {
		const plan = planCampaigns(settings, recipients, { ...policy, invalidPhones: 'skip', removeDuplicates: false });
		expect(plan.batches[0].body.phones.map((entry) => entry.phone)).toEqual(['+79120000001', '+79120000001', '+79120000003']);
	});

	test('splits into campaigns named "Name (i/n)"', () => {
		const many = Array.from({ length: 5 }, (_, index) => ({ itemIndex: index, phone: `+7912000000${index}`, data: {} }));
		const plan = planCampaigns(settings, many, { ...policy, maxPerCampaign: 2 });
		expect(plan.batches.map((batch) => [batch.body.campaign.name, batch.body.phones.length, batch.itemIndexes])).toEqual([
			['Survey (1/3)', 2, [0, 1]],
			['Survey (2/3)', 2, [2, 3]],
			['Survey (3/3)', 1, [4]],
		]);
	});

	test('refuses an empty recipient list, and a list with no valid phone', () => {
		expect(inputErrorOf(() => planCampaigns(settings, [], policy)).problem).toBe('the recipient list is empty');
		const none = inputErrorOf(() => planCampaigns(settings, [recipients[2]], { ...policy, invalidPhones: 'skip' }));
		expect(none.problem).toContain('none of the 1 phone numbers is valid');
	});

	test('every valid input gives a body the API contract accepts (property)', () => {
		const phone = fc.stringMatching(/^9[0-9]{9}$/).map((digits) => `8${digits}`);
		const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
		const data = fc.dictionary(fc.string({ minLength: 1 }).filter((key) => key.trim() !== '' && key !== '__proto__'), value);
		fc.assert(
			fc.property(
				fc.array(fc.record({ phone, data }), { minLength: 1, maxLength: 30 }),
				fc.integer({ min: 1, max: 5 }),
				fc.integer({ min: 0, max: 10 }),
				(contacts, attempts, maxPerCampaign) => {
					const parsed = parseCampaignSettings({ ...input, attempts }, context);
					const plan = planCampaigns(
						parsed,
						contacts.map((contact, itemIndex) => ({ itemIndex, phone: contact.phone, data: toScenarioData(contact.data) })),
						{ ...policy, maxPerCampaign },
					);
					for (const batch of plan.batches) expect(campaignRequestSchema.safeParse(batch.body).success).toBe(true);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('an empty scenario value is one a person cannot see', () => {
	const contact = { phone: '+79120000001', record: undefined };
	test.each(['', '   ', '\u00a0', '\u200b', '\u3164', '\u2800', '\u200b \ufe0f'])('%j is empty: refused under "Refuse Any Empty Value", counted otherwise', (value) => {
		expect(scenarioDataFromObject({ name: value }, contact, true, 'json').refusal).toBeDefined();
		expect(scenarioDataFromObject({ name: value }, contact, false, 'json').refusal).toBeUndefined();
		expect(countEmptyValues([{ phone: '+79120000001', add_data: toScenarioData({ name: value }) }])).toEqual({ name: 1 });
	});
	test.each(['Иван', '0', '№', '😀'])('%j is a value', (value) => {
		expect(scenarioDataFromObject({ name: value }, contact, true, 'json').refusal).toBeUndefined();
		expect(countEmptyValues([{ phone: '+79120000001', add_data: { name: value } }])).toEqual({});
	});
});

describe('countEmptyValues: empty values per key, for the output', () => {
	test('counts each key over the contacts; numbers and booleans are never empty; any key name is counted as itself', () => {
		const phones = [
			{ phone: '+79120000001', add_data: { name: '', constructor: '', debt: 0, vip: false } },
			{ phone: '+79120000002', add_data: { name: '', constructor: 'x', debt: 10, vip: true } },
			{ phone: '+79120000003' },
		];
		expect(countEmptyValues(phones)).toEqual({ name: 2, constructor: 1 });
	});

	test('planCampaigns counts per campaign it splits into', () => {
		const recipients: RecipientInput[] = ['', 'A', '', ''].map((name, index) => ({ itemIndex: index, phone: `+7912000000${index}`, data: { name } }));
		const plan = planCampaigns(parseCampaignSettings(input, context), recipients, { ...policy, maxPerCampaign: 2 });
		expect(plan.batches.map((batch) => batch.emptyValues)).toEqual([{ name: 1 }, { name: 2 }]);
	});
});

describe('readEmptyValuesRule: Options → Empty Scenario Values, valid or refused', () => {
	/** The options as typed, or (`expression`) each given by an expression that resolved to these values. */
	const given = (options: Record<string, unknown>, expression = false) =>
		givenOptions(expression ? Object.fromEntries(Object.keys(options).map((key) => [key, `={{ $json.${key} }}`])) : options, options, 'Options');

	test.each([
		[{}, 'refuseEmptyForAll'],
		[{ emptyValues: 'refuseEmptyForAll' }, 'refuseEmptyForAll'],
		[{ emptyValues: 'refuseAny' }, 'refuseAny'],
		[{ emptyValues: 'allowAll' }, 'allowAll'],
		// Workflows saved with the old boolean option keep their meaning; off was the default, which is now the new default.
		[{ allowEmptyValues: true }, 'allowAll'],
		[{ allowEmptyValues: false }, 'refuseEmptyForAll'],
		[{ allowEmptyValues: true, emptyValues: 'allowAll' }, 'allowAll'],
		[{ allowEmptyValues: false, emptyValues: 'refuseAny' }, 'refuseAny'],
	])('%j is %s', (options, rule) => {
		expect(readEmptyValuesRule(given(options))).toBe(rule);
		expect(readEmptyValuesRule(given(options, true))).toBe(rule);
	});

	test.each([
		[{ emptyValues: undefined }, 'Options → Empty Scenario Values', 'the expression gave no value (undefined)'],
		[{ emptyValues: null }, 'Options → Empty Scenario Values', 'the expression gave no value (null)'],
		[{ emptyValues: '' }, 'Options → Empty Scenario Values', 'the expression gave no value ("")'],
		[{ emptyValues: ' ' }, 'Options → Empty Scenario Values', 'is " ", which is not one of the choices'],
		[{ emptyValues: 'allow' }, 'Options → Empty Scenario Values', 'is "allow", which is not one of the choices'],
		[{ emptyValues: true }, 'Options → Empty Scenario Values', 'is true, which is not one of the choices'],
		[{ allowEmptyValues: true, emptyValues: 'refuseEmptyForAll' }, 'Options → Empty Scenario Values', 'is "refuseEmptyForAll", but the old option Allow Empty Scenario Values is on'],
		// The old boolean is read by the same rule: nothing or "true" is never read as off.
		[{ allowEmptyValues: '' }, 'Options → Allow Empty Scenario Values (Old)', 'the expression gave no value ("")'],
		[{ allowEmptyValues: 'true' }, 'Options → Allow Empty Scenario Values (Old)', 'gave "true", not true or false'],
	])('%j from expressions is refused: %s: %s', (options, field, problem) => {
		const error = inputErrorOf(() => readEmptyValuesRule(given(options, true)));
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
	});
});

describe('emptyParameterRefusal: the likely cause of a Define Below parameter empty for every contact', () => {
	const allowAll = 'To send it empty on purpose, set Options → Empty Scenario Values to "Allow All".';
	test.each([
		[{ key: 'name', value: '={{ $json.nmae }}' }, false, '={{ $json.nmae }}', "The Value gives nothing for every item: it probably reads a field the items don't have (a misspelt name, such as $json.nmae for $json.name). Check it against the input data."],
		[{ key: 'name', valueFrom: 'value', value: '={{ $json.name }}' }, true, '={{ $json.name }}', 'Expressions read the input item ($json), not the entries of its list: to send a field of each contact, set Value From to "Contact Field" and name the field.'],
		[{ key: 'name', valueFrom: 'contactField', contactField: 'nmae' }, true, 'nmae', 'No contact has a value in its field "nmae": check the field\'s name against the contacts (a misspelt name gives nothing).'],
		[{ key: 'name', value: '' }, false, '', 'The Value is empty: type the value, or remove the parameter.'],
		[undefined, false, '', "The parameter's Value gives nothing for every contact: it probably reads a field the items don't have. Check it against the input data."],
	])('%j (list entries: %s)', (row, listEntries, value, hint) => {
		const error = emptyParameterRefusal('name', 3, row, listEntries);
		expect(error.field).toBe('Scenario Data (phones[].add_data) → "name"');
		expect(error.value).toBe(value);
		expect(error.problem).toBe('is empty for every contact of the run (3 contacts); nothing was sent');
		expect(error.hint).toBe(`${hint} ${allowAll}`);
	});
});
