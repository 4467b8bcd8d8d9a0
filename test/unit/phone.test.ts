import fc from 'fast-check';

import { E164_PATTERN, checkRawPhone, normalizePhone } from '../../nodes/shared/phone';

describe('normalizePhone', () => {
	test.each([
		['8 (912) 345-67-89', '+79123456789'],
		['89123456789', '+79123456789'],
		['79123456789', '+79123456789'],
		['9123456789', '+79123456789'],
		['+7 912 345 67 89', '+79123456789'],
		['+7(343)123-45-67', '+73431234567'],
		['8.912.345.67.89', '+79123456789'],
		['+44 20 7946 0958', '+442079460958'],
		['+1-202-555-0143', '+12025550143'],
		[89123456789, '+79123456789'],
	])('%p becomes %p', (input, expected) => {
		expect(normalizePhone(input)).toEqual({ ok: true, phone: expected });
	});

	test.each([
		['', 'the phone number is empty'],
		['123', 'not a Russian number'],
		['+7912345678', '+7 must be followed by exactly 10 digits'],
		['+791234567890', '+7 must be followed by exactly 10 digits'],
		['+12', 'an international number needs a country code and 8 to 15 digits'],
		['0079123456789', 'not a Russian number'],
		['8912345678a', 'only digits'],
		['+7 912 ABC', 'only digits may follow "+"'],
		['59123456789', 'not a Russian number'],
		[null, 'expected a phone number as text, got null'],
		[{ phone: '1' }, 'got an object'],
		[['89123456789'], 'got a list'],
		[-5, 'positive whole number'],
		[8.9e10 + 0.5, 'positive whole number'],
	])('%p is rejected', (input, reason) => {
		const result = normalizePhone(input);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(reason);
	});

	test('is idempotent and only ever returns valid E.164 numbers (property)', () => {
		const phoneLike = fc.oneof(
			fc.stringMatching(/^[+]?[0-9 ()\-.]{0,18}$/),
			fc.tuple(fc.constantFrom('8', '7', '+7', ''), fc.stringMatching(/^9[0-9]{9}$/)).map(([prefix, rest]) => prefix + rest),
		);
		fc.assert(
			fc.property(phoneLike, (input) => {
				const first = normalizePhone(input);
				if (!first.ok) return;
				expect(first.phone).toMatch(E164_PATTERN);
				if (first.phone.startsWith('+7')) expect(first.phone).toHaveLength(12);
				expect(normalizePhone(first.phone)).toEqual(first);
			}),
			{ numRuns: 2000 },
		);
	});

	test('never guesses: digit strings that are not 10/11-digit Russian forms are rejected (property)', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9]{1,15}$/), (digits) => {
				const russian = (digits.length === 11 && /^[78]/.test(digits)) || (digits.length === 10 && digits.startsWith('9'));
				expect(normalizePhone(digits).ok).toBe(russian);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('checkRawPhone (normalization off)', () => {
	test('keeps digits as given, only trims separators', () => {
		expect(checkRawPhone('8 912 345-67-89')).toEqual({ ok: true, phone: '89123456789' });
		expect(checkRawPhone('+44 20 7946 0958')).toEqual({ ok: true, phone: '+442079460958' });
	});
	test('rejects what cannot be a number', () => {
		expect(checkRawPhone('12-34').ok).toBe(false);
		expect(checkRawPhone(undefined).ok).toBe(false);
	});
});
