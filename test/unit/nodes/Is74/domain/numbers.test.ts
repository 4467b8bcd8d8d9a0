import { parseId, positiveSafeInteger } from '../../../../../nodes/Is74/domain/numbers';

describe('positiveSafeInteger: the one rule for a positive whole number from a number or a string', () => {
	test.each([
		[12, 12],
		['12', 12],
		[' 12 ', 12],
		['012', 12],
		[9007199254740991, 9007199254740991],
		['9007199254740991', 9007199254740991],
	])('%p → %p', (value, expected) => {
		expect(positiveSafeInteger(value)).toBe(expected);
	});

	test.each([0, '0', -5, '-5', 1.5, '1.5', '1e3', '+12', '', '   ', 'abc', 9007199254740992, '12345678901234567890', Infinity, NaN, null, undefined, true, [7], {}])('%p is none', (value) => {
		expect(positiveSafeInteger(value)).toBeUndefined();
	});

	test('parseId uses it, and names the field and the value otherwise', () => {
		expect(parseId(' 012 ', 'Project ID', 'hint')).toBe(12);
		expect(() => parseId('1.5', 'Project ID', 'Use the number from the platform.')).toThrow('Project ID: must be a positive whole number');
	});
});
