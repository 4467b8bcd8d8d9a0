import {
	MEMORY_LIMIT,
	alreadyCreatedError,
	campaignKey,
	describeRemembered,
	readMemory,
	remember,
	type CampaignIdentity,
} from '../../../../../nodes/Is74/helpers/campaignMemory';

const body = (name: string, phones: string[], date = '2026-12-01', project = 1): CampaignIdentity => ({
	campaign: { project_id: project, name, schedule: { date } },
	phones: phones.map((phone) => ({ phone })),
});

describe('campaignKey', () => {
	const memory = readMemory(undefined, '2026-11-24');

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
		expect(campaignKey(readMemory(undefined, '2026-11-24').salt, body('Survey', ['+79120000001']))).not.toBe(key);
	});
});

describe('readMemory and remember', () => {
	test('keeps the salt, drops entries whose date has passed and junk, and copies', () => {
		const stored = {
			salt: 'abc',
			campaigns: {
				past: { id: 1, at: '2026-11-01T00:00:00.000Z', date: '2026-11-23' },
				today: { id: 2, at: '2026-11-01T00:00:00.000Z', date: '2026-11-24' },
				junk: { id: 3 },
			},
		};
		const memory = readMemory(stored, '2026-11-24');
		expect(memory).toEqual({ salt: 'abc', campaigns: { today: { id: 2, at: '2026-11-01T00:00:00.000Z', date: '2026-11-24' } } });
		memory.campaigns.today.id = 9;
		expect(stored.campaigns.today.id).toBe(2);
	});

	test.each([undefined, null, 'text', { campaigns: 'x' }])('%p is an empty memory with a fresh salt', (stored) => {
		const memory = readMemory(stored, '2026-11-24');
		expect(memory.campaigns).toEqual({});
		expect(memory.salt).toMatch(/^[0-9a-f]{32}$/);
	});

	test(`holds at most ${MEMORY_LIMIT} campaigns: the oldest go first; a repeat moves to the newest`, () => {
		const memory = readMemory(undefined, '2026-11-24');
		for (let index = 0; index < MEMORY_LIMIT; index++) remember(memory, `k${index}`, { id: index + 1, at: 'a', date: '2026-12-01' });
		remember(memory, 'k0', { id: 1, at: 'b', date: '2026-12-01' });
		remember(memory, 'new', { mayExist: 'HTTP 503', at: 'c', date: '2026-12-01' });
		const keys = Object.keys(memory.campaigns);
		expect(keys).toHaveLength(MEMORY_LIMIT);
		expect(keys.slice(0, 2)).toEqual(['k2', 'k3']);
		expect(keys.slice(-2)).toEqual(['k0', 'new']);
	});
});

test('a "may exist" reason quoting a phone is stored without it', () => {
	const memory = readMemory(undefined, '2026-11-24');
	remember(memory, 'k', { mayExist: 'HTTP 502 — bad number +7 912 000-00-01 at 8912000000', at: 'a', date: '2026-12-01' });
	expect(memory.campaigns.k.mayExist).toBe('HTTP 502 — bad number … at …');
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
