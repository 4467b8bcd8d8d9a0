import { Is74InputError } from '../../../../../nodes/Is74/domain/inputError';
import { isOnePhone, phoneListEntries } from '../../../../../nodes/Is74/domain/phoneList';

const FIELD = 'Phones (phones[].phone)';

describe('phoneListEntries', () => {
	test.each([
		['+79120000001, +79120000002', ['+79120000001', '+79120000002']],
		['+79120000001;+79120000002', ['+79120000001', '+79120000002']],
		['+79120000001\n+79120000002\r\n 8 912 000-00-03 ', ['+79120000001', '+79120000002', '8 912 000-00-03']],
		['+79120000001, , ;\n', ['+79120000001']],
		['["+79120000001", 89120000002]', ['+79120000001', 89120000002]],
		[' [{"phone": "+79120000001", "name": "Ivan"}] ', [{ phone: '+79120000001', name: 'Ivan' }]],
		['[]', []],
	])('text %p gives %p', (value, expected) => {
		expect(phoneListEntries(value, FIELD)).toEqual(expected);
	});

	test('a single value without a separator stays one phone, exactly as given', () => {
		expect(phoneListEntries('+7 (912) 000-00-01', FIELD)).toEqual(['+7 (912) 000-00-01']);
		expect(phoneListEntries('+7 912 000 00 01 +7 912 000 00 02', FIELD)).toEqual(['+7 912 000 00 01 +7 912 000 00 02']);
		expect(phoneListEntries(79120000001, FIELD)).toEqual([79120000001]);
		expect(phoneListEntries({ phone: '+79120000001' }, FIELD)).toEqual([{ phone: '+79120000001' }]);
	});

	test('an array is the list as it is (its entries are not split again)', () => {
		const list = ['+79120000001, +79120000002'];
		expect(phoneListEntries(list, FIELD)).toBe(list);
	});

	test.each([undefined, null, '', '  \n'])('%p is no entry', (value) => {
		expect(phoneListEntries(value, FIELD)).toEqual([]);
	});

	test.each([
		['["+79120000001", ', 'starts like a JSON array but is not valid JSON'],
		['[1, 2', 'starts like a JSON array but is not valid JSON'],
	])('%p is refused naming the field and value', (value, problem) => {
		let error: unknown;
		try {
			phoneListEntries(value, FIELD);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(Is74InputError);
		expect((error as Is74InputError).message).toMatch(new RegExp(`^${FIELD.replace(/[()[\]]/g, '\\$&')}: ${problem}`));
		expect((error as Is74InputError).description).toBe(
			`field "${FIELD}", value ${JSON.stringify(value)}. Write a JSON array such as ["+79120000001", "+79120000002"], or separate the phones with commas.`,
		);
	});
});

describe('isOnePhone: phoneListEntries would give the value itself as its one entry', () => {
	test.each([
		'+79120000001',
		' 8 (912) 000-00-01 ',
		79120000001,
		{ phone: '+79120000001' },
		true,
		'',
		'  \n ',
		null,
		undefined,
		[],
		['+79120000001'],
		'+79120000001, +79120000002',
		'+79120000001;',
		'+79120000001\n',
		'["+79120000001"]',
		' [] ',
	])('%p', (value) => {
		const entries = phoneListEntries(value, FIELD);
		expect(isOnePhone(value)).toBe(entries.length === 1 && entries[0] === value);
	});
});

