import {
	MEMORY_LIMIT,
	alreadyCreatedError,
	campaignKey,
	campaignsOf,
	describeRemembered,
	partlySentError,
	remember,
	saltOf,
	type CampaignIdentity,
} from '../../../../../nodes/Is74/domain/duplicateMemory';
import { parseCampaignSettings } from '../../../../../nodes/Is74/domain/campaignSettings';
import { planCampaigns } from '../../../../../nodes/Is74/domain/campaignPlan';

const body = (name: string, phones: string[], date = '2026-12-01', project = 1): CampaignIdentity => ({
	campaign: { project_id: project, name, schedule: { date } },
	phones: phones.map((phone) => ({ phone })),
});

describe('campaignKey', () => {
	const memory = saltOf(undefined);

	test('the same project, name, date and phones (in any order) give the same key', () => {
		expect(campaignKey(memory.salt, body('Survey', ['+79120000001', '+79120000002']))).toBe(campaignKey(memory.salt, body('Survey', ['+79120000002', '+79120000001'])));
	});

	test('another name, date, project or phone list gives another key', () => {
		const key = campaignKey(memory.salt, body('Survey', ['+79120000001']));
		expect(
			new Set([
				key,
				campaignKey(memory.salt, body('Survey 2', ['+79120000001'])),
				campaignKey(memory.salt, body('Survey', ['+79120000001'], '2026-12-02')),
				campaignKey(memory.salt, body('Survey', ['+79120000001'], '2026-12-01', 2)),
				campaignKey(memory.salt, body('Survey', ['+79120000001', '+79120000002'])),
			]).size,
		).toBe(5);
	});

	test('the key is a salted hash: no phone in it, and another memory (salt) gives another key', () => {
		const key = campaignKey(memory.salt, body('Survey', ['+79120000001']));
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(campaignKey(saltOf(undefined).salt, body('Survey', ['+79120000001']))).not.toBe(key);
	});

	test('names equal after Unicode normalisation are the same campaign (NFC): "й" as one character or as "и" and a breve', () => {
		expect('Опрос й'.normalize('NFD')).not.toBe('Опрос й'.normalize('NFC'));
		expect(campaignKey(memory.salt, body('Опрос й'.normalize('NFD'), ['+79120000001']))).toBe(campaignKey(memory.salt, body('Опрос й'.normalize('NFC'), ['+79120000001'])));
	});
});

describe('saltOf, campaignsOf and remember', () => {
	test('keeps the salt, drops entries whose date has passed and junk, and copies', () => {
		const stored = {
			salt: 'abc',
			campaigns: {
				past: { id: 1, at: '2026-11-01T00:00:00.000Z', date: '2026-11-23' },
				today: { id: 2, at: '2026-11-01T00:00:00.000Z', date: '2026-11-24' },
				junk: { id: 3 },
			},
		};
		expect(saltOf(stored)).toEqual({ salt: 'abc', isNew: false });
		const campaigns = campaignsOf(stored, '2026-11-24');
		expect(campaigns).toEqual({ today: { id: 2, at: '2026-11-01T00:00:00.000Z', date: '2026-11-24' } });
		campaigns.today.id = 9;
		expect(stored.campaigns.today.id).toBe(2);
	});

	test.each([undefined, null, 'text', { campaigns: 'x' }, { salt: '' }])('%p is an empty memory with a new salt, said to be new (the caller stores it first)', (stored) => {
		expect(campaignsOf(stored, '2026-11-24')).toEqual({});
		expect(saltOf(stored)).toEqual({ salt: expect.stringMatching(/^[0-9a-f]{32}$/), isNew: true });
	});

	test(`holds at most ${MEMORY_LIMIT} campaigns: the oldest go first; a repeat moves to the newest`, () => {
		const campaigns = campaignsOf(undefined, '2026-11-24');
		for (let index = 0; index < MEMORY_LIMIT; index++) remember(campaigns, `k${index}`, { id: index + 1, at: 'a', date: '2026-12-01' });
		remember(campaigns, 'k0', { id: 1, at: 'b', date: '2026-12-01' });
		remember(campaigns, 'new', { mayExist: 'HTTP 503', at: 'c', date: '2026-12-01' });
		const keys = Object.keys(campaigns);
		expect(keys).toHaveLength(MEMORY_LIMIT);
		expect(keys.slice(0, 2)).toEqual(['k2', 'k3']);
		expect(keys.slice(-2)).toEqual(['k0', 'new']);
	});
});

test('a "may exist" reason quoting a phone is stored without it', () => {
	const campaigns = campaignsOf(undefined, '2026-11-24');
	remember(campaigns, 'k', { mayExist: 'HTTP 502 — bad number +7 912 000-00-01 at 8912000000', at: 'a', date: '2026-12-01' });
	expect(campaigns.k.mayExist).toBe('HTTP 502 — bad number … at …');
});

describe('describing an earlier campaign', () => {
	test('with its ID, or as "may exist" with the reason', () => {
		expect(describeRemembered({ id: 1001, at: '2026-11-24T08:00:00.000Z', date: '2026-12-01' })).toBe('ID 1001, created 2026-11-24T08:00:00.000Z');
		expect(describeRemembered({ mayExist: 'HTTP 503', at: '2026-11-24T08:00:00.000Z', date: '2026-12-01' })).toBe('may exist (HTTP 503), sent 2026-11-24T08:00:00.000Z');
	});

	test('the refusal names the earlier ID and how to override', () => {
		const error = alreadyCreatedError('Survey', { id: 1001, at: '2026-11-24T08:00:00.000Z', date: '2026-12-01' });
		expect(error.message).toBe(
			'Guard Rails → Duplicate Protection: the same campaign (same name, date and phones) was already sent by this node: ID 1001, created 2026-11-24T08:00:00.000Z',
		);
		expect(error.description).toBe(
			'field "Guard Rails → Duplicate Protection", value "Survey". Use campaign ID 1001 instead of creating it again. If it really must be created again, change the Campaign Name, or turn off Guard Rails → Duplicate Protection for that run. Nothing was sent.',
		);
	});
});

describe('a split sent in part: the refusal names every part and reaches only the people not called yet', () => {
	const settings = parseCampaignSettings(
		{ projectId: 1, startBlockId: 10, phoneId: 5, name: 'Survey', description: '', date: '2026-12-01', startTime: '9:00', endTime: '17:00', attempts: 1, intervalMinutes: 0 },
		{ zone: 'Asia/Yekaterinburg', today: '2026-11-24' },
	);
	const policy = { normalizePhones: true, removeDuplicates: true, invalidPhones: 'error', maxPerCampaign: 4 } as const;
	const phones = Array.from({ length: 11 }, (_, index) => ({ itemIndex: index, phone: `+791200000${String(index + 1).padStart(2, '0')}`, data: {} }));
	const plan = planCampaigns(settings, phones, policy);
	const at = '2026-11-24T08:00:00.000Z';

	test('one part created, one that may exist, one not created', () => {
		const error = partlySentError(plan, [{ id: 1001, at, date: '2026-12-01' }, undefined, { mayExist: 'HTTP 503', at, date: '2026-12-01' }]);
		expect(error.message).toBe(
			`Guard Rails → Duplicate Protection: this split was already sent in part by this node: "Survey (1/3)": ID 1001, created ${at}; "Survey (2/3)": not created; "Survey (3/3)": may exist (HTTP 503), sent ${at}`,
		);
		expect(error.description).toBe(
			'field "Guard Rails → Duplicate Protection", value "Survey (1/3)". ' +
				'To reach the people not called yet, run again with only the contacts of "Survey (2/3)" (4 contacts, numbers 5 to 8 of the 11 kept from the list: +79120000005 … +79120000008). ' +
				'Check the platform for "Survey (3/3)" before sending its contacts again. ' +
				'Do not send the whole list again: that would create "Survey (1/3)" and "Survey (3/3)" again and call their people twice. Nothing was sent.',
		);
		expect(error.description).not.toMatch(/turn off|change the Campaign Name/);
	});

	test('every part there, one only "may exist": no part to reach, the platform to check', () => {
		const error = partlySentError(plan, [{ id: 1001, at, date: '2026-12-01' }, { mayExist: 'HTTP 503', at, date: '2026-12-01' }, { id: 1003, at, date: '2026-12-01' }]);
		expect(error.problem).toMatch(/^this split was already sent by this node: /);
		expect(error.hint).toBe(
			'Check the platform for "Survey (2/3)" before sending its contacts again. Do not send the whole list again: that would create "Survey (1/3)", "Survey (2/3)" and "Survey (3/3)" again and call their people twice. Nothing was sent.',
		);
	});
});
