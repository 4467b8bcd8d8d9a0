import fc from 'fast-check';

import { jsonErrorPosition, parseJson } from '../../../../../nodes/Is74/domain/text';

describe('parseJson', () => {
	test('the reason is a position, never JSON.parse\'s message (which quotes the text)', () => {
		expect(parseJson('{"name": }secret-value')).toEqual({ ok: false, reason: 'at position 9' });
		expect(parseJson('{"name": ')).toEqual({ ok: false, reason: 'it ends at position 9 before the JSON is complete' });
		expect(parseJson('{"name": 1}')).toEqual({ ok: true, value: { name: 1 } });
	});
});

describe('jsonErrorPosition: where a text stops being JSON', () => {
	test.each([
		['{"a": [}', 7],
		['{"a": 1,}', 8],
		['[1, 2', 5],
		['"abc', 4],
		['"a\u0001"', 2],
		['"a\\x"', 2],
		['"\\u12G4"', 1],
		['01', 1],
		['-', 0],
		['1.', 1],
		['tru', 0],
		['{"a" 1}', 5],
		['{1: 2}', 1],
		['[1] x', 4],
		['', 0],
		['\ufeff{}', 0],
	])('%j: %d', (text, position) => {
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
		expect(jsonErrorPosition(text)).toBe(position);
	});

	test('valid JSON, deeply nested too, has none', () => {
		for (const text of ['{}', ' [ ] ', '{"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n\\"",{}]}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) expect(jsonErrorPosition(text)).toBe(-1);
	});

	test('agrees with JSON.parse on every text: valid exactly when JSON.parse accepts it', () => {
		const alphabet = fc.constantFrom(...'{}[]:,"\\ \n0123456789-+.eEtrufalsnu\u0001é'.split(''));
		const mutated = fc.tuple(fc.json(), fc.array(fc.tuple(fc.nat(), fc.option(alphabet, { nil: undefined })), { maxLength: 3 })).map(([text, edits]) => {
			let out = text;
			for (const [at, char] of edits) {
				const index = out.length === 0 ? 0 : at % (out.length + 1);
				out = char === undefined ? out.slice(0, index) + out.slice(index + 1) : out.slice(0, index) + char + out.slice(index);
			}
			return out;
		});
		fc.assert(
			fc.property(fc.oneof(mutated, fc.string({ unit: alphabet, maxLength: 30 })), (text) => {
				let valid = true;
				try {
					JSON.parse(text);
				} catch {
					valid = false;
				}
				const position = jsonErrorPosition(text);
				expect(position === -1).toBe(valid);
				if (!valid) expect(position).toBeLessThanOrEqual(text.length);
			}),
			{ numRuns: 5000 },
		);
	});
});
