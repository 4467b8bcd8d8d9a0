import { checkRecipientTotal, parseAllowedPrefixes, prefixRefusal } from '../../../../../nodes/Is74/domain/guardRails';

describe('parseAllowedPrefixes', () => {
	test.each([
		['+7', ['+7']],
		[' +7, +375 ;+7 912\n+7', ['+7', '+375', '+7912']],
		['+1 (202)', ['+1202']],
	])('%p gives %p', (value, expected) => {
		expect(parseAllowedPrefixes(value)).toEqual(expected);
	});

	test.each([
		['RU', 'has "RU", which is not "+" followed by digits'],
		['7', 'has "7", which is not "+" followed by digits'],
		['+7, +', 'has "+", which is not "+" followed by digits'],
		[7, 'must be text'],
		[undefined, 'must be text'],
		[',', 'holds only separators, no prefix'],
		[' ; ', 'holds only separators, no prefix'],
		['\n', 'holds only separators, no prefix'],
		[', ,', 'holds only separators, no prefix'],
	])('%p is refused: %s', (value, problem) => {
		expect(() => parseAllowedPrefixes(value)).toThrow(`Guard Rails → Allowed Phone Prefixes: ${problem}`);
	});
});

describe('prefixRefusal', () => {
	test('no list allows everything; a listed prefix allows its numbers', () => {
		expect(prefixRefusal('+442071234567', [])).toBeUndefined();
		expect(prefixRefusal('+79120000001', ['+7'])).toBeUndefined();
		expect(prefixRefusal('+375291234567', ['+7', '+375'])).toBeUndefined();
	});

	test('a number outside the list is refused, naming the list', () => {
		expect(prefixRefusal('+442071234567', ['+7', '+375'])).toBe('is not in the allowed phone prefixes +7, +375');
		expect(prefixRefusal('+79220000001', ['+7912'])).toBe('is not in the allowed phone prefixes +7912');
	});

	test('digits without "+" (Normalize Phones off) cannot be checked, and say so', () => {
		expect(prefixRefusal('89120000001', ['+7'])).toBe(
			'is not in the allowed phone prefixes +7 (a number without "+" has no country the list can check; with Options → Normalize Phones on, Russian numbers get +7)',
		);
	});
});

describe('checkRecipientTotal', () => {
	test('0 is no limit; up to the limit passes', () => {
		expect(() => checkRecipientTotal(1_000_000, 0, 1)).not.toThrow();
		expect(() => checkRecipientTotal(50, 50, 3)).not.toThrow();
	});

	test('one past the limit is refused, with the campaign count when there are several', () => {
		expect(() => checkRecipientTotal(51, 50, 1)).toThrow('Guard Rails → Max Recipients per Execution: this run would call 51 recipients, more than the limit of 50; nothing was sent');
		expect(() => checkRecipientTotal(5, 4, 3)).toThrow('this run would call 5 recipients in 3 campaigns, more than the limit of 4');
	});
});
