import { booleanRule, choiceRule, givenOptions, givenParameter, readSetting, refuseEmptyCollection, wholeNumberRule, type Given } from '../../../../../nodes/Is74/domain/settingValue';
import { inputErrorOf } from '../../../../support/inputErrorOf';

const rule = wholeNumberRule({ field: 'Options → Max', min: 0, max: 100, untouched: 7, zeroMeans: 'no limit', emptyNote: ' Never off.' });

describe('readSetting: valid, or refused; only the untouched default means the default', () => {
	test('untouched gives the default; typed and expression values are parsed (digits as text too)', () => {
		expect(readSetting({ how: 'untouched' }, rule)).toBe(7);
		expect(readSetting({ how: 'typed', value: 0 }, rule)).toBe(0);
		expect(readSetting({ how: 'expression', value: '12' }, rule)).toBe(12);
	});

	test.each<[Given, string]>([
		[{ how: 'expression', value: undefined }, 'the expression gave no value (undefined)'],
		[{ how: 'expression', value: null }, 'the expression gave no value (null)'],
		[{ how: 'expression', value: '' }, 'the expression gave no value ("")'],
		[{ how: 'typed', value: null }, 'is empty'],
		[{ how: 'typed', value: '' }, 'is empty'],
	])('%j is refused: %s', (given, problem) => {
		const error = inputErrorOf(() => readSetting(given, rule));
		expect({ field: error.field, problem: error.problem, hint: error.hint }).toEqual({
			field: 'Options → Max',
			problem,
			hint: 'Make it give a whole number from 0 to 100 (0 means no limit), or type the number. Never off.',
		});
	});

	test('out of range is refused, never bent', () => {
		expect(inputErrorOf(() => readSetting({ how: 'expression', value: 101 }, rule)).problem).toBe('must be a whole number from 0 to 100');
	});

	test('an empty text typed by hand has a meaning only where the rule gives it one', () => {
		const prefixes = { field: 'P', untouched: ['+7'], typedEmpty: [] as string[], parse: (value: unknown) => [String(value)], emptyHint: 'h' };
		expect(readSetting({ how: 'typed', value: '' }, prefixes)).toEqual([]);
		expect(inputErrorOf(() => readSetting({ how: 'expression', value: '' }, prefixes)).problem).toBe('the expression gave no value ("")');
	});
});

describe('givenOptions: how each option of a collection was given', () => {
	test('absent is untouched; an expression is told from a typed value; the value is the resolved one', () => {
		const given = givenOptions({ a: 1, b: '={{ $json.b }}' }, { a: 1, b: null }, 'Options');
		expect([given('a'), given('b'), given('c')]).toEqual([{ how: 'typed', value: 1 }, { how: 'expression', value: null }, { how: 'untouched' }]);
	});

	test('a whole collection as one expression is refused, never read as "nothing added"', () => {
		const error = inputErrorOf(() => givenOptions('={{ $json.options }}', undefined, 'Options'));
		expect([error.field, error.problem]).toEqual(['Options', 'cannot be given as one expression']);
	});
});

describe('booleanRule: true or false, nothing else', () => {
	const dryRun = booleanRule({ field: 'Options → Dry Run', untouched: false, emptyNote: ' Never "create".' });

	test('untouched is the default; true and false are themselves', () => {
		expect([readSetting({ how: 'untouched' }, dryRun), readSetting({ how: 'expression', value: true }, dryRun), readSetting({ how: 'typed', value: false }, dryRun)]).toEqual([false, true, false]);
	});

	test.each([[0, 'gave 0, not true or false'], [1, 'gave 1, not true or false'], ['false', 'gave "false", not true or false'], ['true', 'gave "true", not true or false']])('%j is refused, never read by truthiness', (value, problem) => {
		const error = inputErrorOf(() => readSetting({ how: 'expression', value }, dryRun));
		expect([error.field, error.problem, error.hint]).toEqual(['Options → Dry Run', problem, 'Make it give true or false, or switch it on or off without an expression.']);
	});

	test('an expression giving nothing is refused, with the note', () => {
		expect(inputErrorOf(() => readSetting({ how: 'expression', value: '' }, dryRun)).hint).toBe('Make it give true or false, or switch it on or off without an expression. Never "create".');
	});
});

describe('choiceRule: one of the listed values', () => {
	const invalid = choiceRule({ field: 'Options → On Invalid Phone', untouched: 'error', choices: [{ name: 'Stop With an Error', value: 'error' }, { name: 'Skip and Report', value: 'skip' }] });

	test('untouched is the default; a listed value is itself; anything else, or nothing, is refused naming the choices', () => {
		expect([readSetting({ how: 'untouched' }, invalid), readSetting({ how: 'expression', value: 'skip' }, invalid)]).toEqual(['error', 'skip']);
		const error = inputErrorOf(() => readSetting({ how: 'expression', value: 'Error' }, invalid));
		expect([error.problem, error.hint]).toEqual(['is "Error", which is not one of the choices', 'Choose "Stop With an Error" (error) or "Skip and Report" (skip); an expression must give one of these values.']);
		expect(inputErrorOf(() => readSetting({ how: 'expression', value: '' }, invalid)).problem).toBe('the expression gave no value ("")');
	});
});

describe('givenParameter and refuseEmptyCollection', () => {
	test('a parameter is untouched when absent, an expression when stored as one, typed otherwise', () => {
		expect([givenParameter(undefined, 'x'), givenParameter('={{ $json.a }}', ''), givenParameter('', '')]).toEqual([{ how: 'untouched' }, { how: 'expression', value: '' }, { how: 'typed', value: '' }]);
	});

	test('a collection holding nothing (or absent, or not an object) is refused; one holding something passes', () => {
		expect(() => refuseEmptyCollection({ dryRun: false }, 'Options', 'holds no option', 'Fix.')).not.toThrow();
		for (const raw of [{}, undefined, '={{ $json.options }}']) {
			expect(inputErrorOf(() => refuseEmptyCollection(raw, 'Options', 'holds no option', 'Fix.')).problem).toBe('holds no option');
		}
	});
});
