import fc from 'fast-check';

import { COUNTRY_CALLING_CODES, countryCallingCode } from '../../../../../nodes/Is74/domain/countryCodes';
import { E164_PATTERN, checkRawPhone, normalizePhone } from '../../../../../nodes/Is74/domain/phone';

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
		['+81 3 1234 5678', '+81312345678'],
		['+84 24 3826 1234', '+842438261234'],
		['+380 44 123 4567', '+380441234567'],
		['+998 71 123 45 67', '+998711234567'],
		['+20 2 1234 5678', '+20212345678'],
		['+27 21 123 4567', '+27211234567'],
		['+30 21 0123 4567', '+302101234567'],
		[89123456789, '+79123456789'],
	])('%p becomes %p', (input, expected) => {
		expect(normalizePhone(input)).toEqual({ ok: true, value: expected });
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

	test.each([
		['+8 912 000-00-01', '"+89120000001" starts with +89, which is no assigned country calling code (ITU-T E.164); did you mean +7 912 000-00-01?'],
		['+8 (343) 123-45-67', '"+83431234567" starts with +83, which is no assigned country calling code (ITU-T E.164); did you mean +7 343 123-45-67?'],
		['+8 912 345 678', '"+8912345678" starts with +89, which is no assigned country calling code (ITU-T E.164)'],
		['+28 1234 5678', '"+2812345678" starts with +28, which is no assigned country calling code (ITU-T E.164)'],
		['+801 1234 5678', '"+80112345678" starts with +801, which is no assigned country calling code (ITU-T E.164)'],
		['+0 912 345 6789', '"+09123456789" starts with +0, which is no assigned country calling code (ITU-T E.164)'],
	])('%p has no assigned country code: refused', (input, reason) => {
		expect(normalizePhone(input)).toEqual({ ok: false, reason });
	});

	const escapeHatch = 'If it really is an international number starting with +8, switch Options → Normalize Phones off to send it as typed.';
	test.each([
		['+8 495 123-45-67', '"+84951234567" looks like a Russian number written with +8 instead of +7: did you mean +7 495 123-45-67? ' + escapeHatch],
		['+8 861 234-56-78', '"+88612345678" looks like a Russian number written with +8 instead of +7: did you mean +7 861 234-56-78? ' + escapeHatch],
		['+8 800 555-35-35', '"+88005553535" looks like a Russian number written with +8 instead of +7: did you mean +7 800 555-35-35? ' + escapeHatch],
	])('%p: "+8" and ten Russian digits is refused even where the digits form an assigned code', (input, reason) => {
		expect(normalizePhone(input)).toEqual({ ok: false, reason });
	});

	test('"+8 912…" (no code 89 exists) keeps its refusal with the +7 hint, and no escape hatch: no country has it', () => {
		expect(normalizePhone('+8 912 345-67-89')).toEqual({
			ok: false,
			reason: '"+89123456789" starts with +89, which is no assigned country calling code (ITU-T E.164); did you mean +7 912 345-67-89?',
		});
	});

	test('the rule reads the digits, not the spacing: +84 95 123 4567 is the same number as +8 495 123-45-67', () => {
		expect(normalizePhone('+84 95 123 4567')).toEqual(normalizePhone('+8 495 123-45-67'));
		// The price of the rule: a Vietnamese mobile of this shape needs Normalize Phones off.
		expect(normalizePhone('+84 91 234 56 78')).toEqual({ ok: false, reason: expect.stringContaining('did you mean +7 491 234-56-78?') });
		expect(checkRawPhone('+84 91 234 56 78')).toEqual({ ok: true, value: '+84912345678' });
	});

	test('+8… numbers of another length, or whose ten digits are no Russian number, pass', () => {
		expect(normalizePhone('+86 10 1234 5678')).toEqual({ ok: true, value: '+861012345678' });
		expect(normalizePhone('+880 2 1234 5678')).toEqual({ ok: true, value: '+880212345678' });
		expect(normalizePhone('+81 3 1234 5678')).toEqual({ ok: true, value: '+81312345678' });
		expect(normalizePhone('+852 1234 5678')).toEqual({ ok: true, value: '+85212345678' });
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
				expect(first.value).toMatch(E164_PATTERN);
				if (first.value.startsWith('+7')) expect(first.value).toHaveLength(12);
				expect(normalizePhone(first.value)).toEqual(first);
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
		expect(checkRawPhone('8 912 345-67-89')).toEqual({ ok: true, value: '89123456789' });
		expect(checkRawPhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
	});
	test('rejects what cannot be a number', () => {
		expect(checkRawPhone('12-34').ok).toBe(false);
		expect(checkRawPhone(undefined).ok).toBe(false);
	});
	test('"+8" and ten Russian digits that form an assigned code are sent as typed: the escape hatch for real +8… numbers', () => {
		expect(checkRawPhone('+8 495 123-45-67')).toEqual({ ok: true, value: '+84951234567' });
		expect(checkRawPhone('+8 861 234-56-78')).toEqual({ ok: true, value: '+88612345678' });
		expect(checkRawPhone('+8 800 555-35-35')).toEqual({ ok: true, value: '+88005553535' });
	});
	test('a "+" number is still checked against the assigned country codes: "+8 912…" is refused with the +7 hint', () => {
		expect(checkRawPhone('+8 912 000-00-01')).toEqual({
			ok: false,
			reason: '"+89120000001" starts with +89, which is no assigned country calling code (ITU-T E.164); did you mean +7 912 000-00-01?',
		});
		expect(checkRawPhone('+289 1234 5678')).toEqual({ ok: false, reason: '"+28912345678" starts with +28, which is no assigned country calling code (ITU-T E.164)' });
		expect(checkRawPhone('+7 912 000-00-01')).toEqual({ ok: true, value: '+79120000001' });
	});
});

describe('country calling codes (ITU-T E.164)', () => {
	test.each(['1', '7', '20', '27', '30', '31', '33', '34', '36', '39', '44', '49', '55', '61', '81', '82', '84', '86', '90', '91', '98', '211', '212', '230', '262', '290', '299', '350', '359', '373', '380', '383', '389', '420', '423', '500', '590', '599', '670', '672', '692', '800', '808', '850', '870', '880', '882', '883', '886', '960', '971', '979', '992', '996', '998'])(
		'%s is assigned',
		(code) => {
			expect(countryCallingCode(`${code}123456789`)).toBe(code);
		},
	);

	test.each(['0', '28', '280', '289', '83', '89', '801', '809', '851', '854', '210', '214', '259', '292', '384', '422', '671', '684', '693', '969', '978', '990', '999'])('%s is not assigned', (prefix) => {
		expect(countryCallingCode(`${prefix}123456789`)).toBeUndefined();
	});

	test('the list is a prefix code of 1 to 3 digits, without repeats', () => {
		for (const code of COUNTRY_CALLING_CODES) {
			expect(code).toMatch(/^[1-9]\d{0,2}$/);
			expect(COUNTRY_CALLING_CODES.filter((other) => other !== code && other.startsWith(code))).toEqual([]);
		}
		expect(new Set(COUNTRY_CALLING_CODES).size).toBe(COUNTRY_CALLING_CODES.length);
	});
});
