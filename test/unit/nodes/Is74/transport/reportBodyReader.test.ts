import fc from 'fast-check';

import { ReportBodyReader, STREAM_AFTER_BYTES, type ReportParseResult } from '../../../../../nodes/Is74/transport/reportBodyReader';

/** A whole body, fed in slices as a response would be. */
function readReportText(text: string, sliceBytes = 1 << 16, streamAfterBytes = STREAM_AFTER_BYTES): ReportParseResult {
	const bytes = Buffer.from(text, 'utf8');
	const reader = new ReportBodyReader(streamAfterBytes);
	for (let offset = 0; offset < bytes.length; offset += sliceBytes) reader.write(bytes.subarray(offset, offset + sliceBytes));
	return reader.end();
}

/**
 * Feeds the body's bytes in the given pieces. `streamAfterBytes` 0 streams from the first byte;
 * small values switch from holding to streaming partway through the body.
 */
function readInPieces(bytes: Buffer, cuts: number[], streamAfterBytes = 0): ReportParseResult {
	const reader = new ReportBodyReader(streamAfterBytes);
	let from = 0;
	for (const cut of [...cuts].sort((a, b) => a - b)) {
		reader.write(bytes.subarray(from, cut));
		from = cut;
	}
	reader.write(bytes.subarray(from));
	return reader.end();
}

/** What JSON.parse makes of the body, in the reader's terms. */
function expected(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: {} };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
	return { ok: true, value };
}

function expectSameAsJsonParse(text: string, result: ReportParseResult): void {
	const want = expected(text);
	if (want.ok) expect(result).toEqual({ ok: true, value: want.value });
	else expect(result.ok).toBe(false);
}

const validBodies: Record<string, string> = {
	'a plain report': '{"columns":[{"field":"phone_number","display_name":"Phone"}],"data":[{"phone_number":"+79120000001","duration":30},{"phone_number":"+79120000002","duration":0}],"total_duration":30,"avg_duration":15,"count":2}',
	'data first, summary after': '{"data":[{"a":1}],"count":1}',
	'whitespace everywhere': ' \n{ "data" : [ \n { "a" : [ 1 , 2 ] } ,\t{ "b" : { "c" : null } } \r\n ] , "count" : 2 }\n ',
	'empty data': '{"data":[],"count":0}',
	'blank data': '{"data":[ \n ],"count":0}',
	'no data key': '{"count":0,"columns":[]}',
	'data that is not an array': '{"data":null,"count":0}',
	'scalar and array rows': '{"data":[1,"two",[3,4],true,null,{"five":5}]}',
	'strings that look like structure': '{"data":[{"s":"],[{,}\\"data\\":[","t":"\\\\"},{"u":"\\\\\\"]"}]}',
	'multi-byte text': '{"columns":[{"display_name":"Телефон 📞"}],"data":[{"result":"Клиент согласен — ✅","name":"Ёлка"},{"x":"日本語"}]}',
	'unicode escapes': '{"data":[{"a":"\\u0041\\u00e9\\ud83d\\ude00"}]}',
	'a "data" key nested in a row or column': '{"columns":[{"data":[1,2]}],"data":[{"data":[3]}]}',
	'a repeated data key (the last wins)': '{"data":[1,2],"data":[3]}',
	'an array replaced by null (the last wins)': '{"data":[1,2],"data":null}',
	'an escaped data key': '{"d\\u0061ta":[{"a":1}]}',
	'a long key': `{"${'k'.repeat(100)}":[1],"data":[2]}`,
	'deep rows': '{"data":[{"a":{"b":{"c":[[[{"d":"]"}]]]}}}]}',
	'an empty body': '',
	'a blank body': '  \n',
};

const invalidBodies: Record<string, string> = {
	'truncated in the rows': '{"data":[{"a":1},{"b":',
	'truncated after the rows': '{"data":[{"a":1}],"count":',
	'truncated inside a string': '{"data":[{"a":"abc',
	'unclosed data': '{"data":[{"a":1}',
	'a trailing comma in data': '{"data":[1,2,]}',
	'a leading comma in data': '{"data":[,1]}',
	'a double comma in data': '{"data":[1,,2]}',
	'only a comma in data': '{"data":[,]}',
	'a missing comma in data': '{"data":[{"a":1}{"b":2}]}',
	'a bad token in a row': '{"data":[{"a":nope}]}',
	'a mismatched close of data': '{"data":[1,2}',
	'a mismatched close in a row': '{"data":[{"a":1],{"b":2}]}',
	'an extra closer': '{"data":[1]]}',
	'text after the object': '{"data":[1]} x',
	'two objects': '{"data":[1]}{"data":[2]}',
	'an unescaped control character': '{"data":["a\tb"]}',
	'a broken escape': '{"data":["\\x"]}',
	'a broken key escape': '{"d\\xta":[1]}',
	'the simulator\'s malformed answer': '{"columns": [}, "data": ',
	'a top-level array': '[1,2]',
	'a top-level string': '"data"',
	'a top-level number': '42',
	'null': 'null',
	'HTML': '<html><body>Bad gateway</body></html>',
};

describe('ReportBodyReader (held and parsed whole, streamed, or switching partway)', () => {
	test.each(Object.entries(validBodies))('%s: same report as JSON.parse at every split point', (_name, text) => {
		const bytes = Buffer.from(text, 'utf8');
		expectSameAsJsonParse(text, readInPieces(bytes, []));
		for (let cut = 0; cut <= bytes.length; cut++) expectSameAsJsonParse(text, readInPieces(bytes, [cut]));
		expectSameAsJsonParse(text, readInPieces(bytes, Array.from({ length: bytes.length }, (_, index) => index)));
		// Empty chunks between all bytes: an escape pending at a chunk's end must survive them.
		expectSameAsJsonParse(text, readInPieces(bytes, Array.from({ length: bytes.length * 2 }, (_, index) => index >> 1)));
		// Held and parsed whole, or switched to streaming after any number of bytes.
		const sevens = Array.from({ length: Math.floor(bytes.length / 7) }, (_, index) => (index + 1) * 7);
		for (let after = 1; after <= bytes.length + 1; after++) expectSameAsJsonParse(text, readInPieces(bytes, sevens, after));
		expectSameAsJsonParse(text, readInPieces(bytes, [], STREAM_AFTER_BYTES));
		expect(expected(text).ok).toBe(true);
	});

	test.each(Object.entries(invalidBodies))('%s: refused at every split point', (_name, text) => {
		const bytes = Buffer.from(text, 'utf8');
		expect(expected(text).ok).toBe(false);
		for (let cut = 0; cut <= bytes.length; cut++) expect(readInPieces(bytes, [cut]).ok).toBe(false);
		expect(readInPieces(bytes, Array.from({ length: bytes.length }, (_, index) => index)).ok).toBe(false);
		const sevens = Array.from({ length: Math.floor(bytes.length / 7) }, (_, index) => (index + 1) * 7);
		for (let after = 1; after <= bytes.length + 1; after++) expect(readInPieces(bytes, sevens, after).ok).toBe(false);
		expect(readInPieces(bytes, [], STREAM_AFTER_BYTES).ok).toBe(false);
	});

	test('errors name the problem and show the start of the body', () => {
		expect(readReportText('{"data": [', 4, 0)).toEqual({ ok: false, reason: 'the report is not valid JSON (it ends inside the data array)', start: '{"data": [' });
		expect(readReportText('{"data": [')).toEqual({ ok: false, reason: 'the report is not valid JSON (at byte 10)', start: '{"data": [' });
		expect(readReportText('[1,2]')).toEqual({ ok: false, reason: 'the report is not a JSON object', start: '[1,2]' });
		expect(readReportText('[1,2]', 2, 0)).toEqual({ ok: false, reason: 'the report is not a JSON object', start: '[1,2]' });
		const badRow = readReportText(`{"data":[${'{"a":1},'.repeat(20_000)}{"a":nope}]}`, 1024, 0);
		expect(badRow).toEqual({ ok: false, reason: `the report is not valid JSON (at byte ${'{"data":['.length + '{"a":1},'.length * 20_000 + '{"a":'.length}, in the data rows)`, start: expect.stringMatching(/^\{"data":\[\{"a":1\},/) });
		expect(readReportText('{"data":[1,]}', 64, 0)).toEqual({ ok: false, reason: 'the report is not valid JSON (a comma ends the data array)', start: '{"data":[1,]}' });
		expect(readReportText('{"data":[,1]}', 64, 0)).toEqual({ ok: false, reason: expect.stringContaining('a comma with no row before it'), start: '{"data":[,1]}' });
	});

	test("JSON.parse's own message, which quotes the body, is never the reason: a position is", () => {
		const echoed = 'tok-9f8e7d6c5b4a';
		// Held whole, the error at byte 10 (the "}"); the bytes after it are the echoed.
		expect(readReportText(`{"data": [}${echoed}`)).toEqual({ ok: false, reason: 'the report is not valid JSON (at byte 10)', start: `{"data": [}${echoed}` });
		// Byte positions, not characters: "ф" is two bytes.
		expect(readReportText(`{"ф": [}${echoed}`)).toMatchObject({ ok: false, reason: 'the report is not valid JSON (at byte 8)' });
		// Streamed: a row batch, and the envelope around the data array.
		expect(readReportText(`{"data":[{"a":1},x${echoed}]}`, 4, 0)).toMatchObject({ ok: false, reason: 'the report is not valid JSON (at byte 17, in the data rows)' });
		expect(readReportText(`{"columns": [}${echoed}, "data": []}`, 4, 0)).toMatchObject({ ok: false, reason: 'the report is not valid JSON (outside the data rows)' });
		for (const body of [`{"data": [}${echoed}`, `{"data":[{"a":1},x${echoed}]}`, `{"columns": [}${echoed}, "data": []}`]) {
			for (const stream of [STREAM_AFTER_BYTES, 0]) {
				const result = readReportText(body, 4, stream);
				expect(result.ok ? '' : result.reason).not.toMatch(/tok|9f8e|Unexpected|"/);
			}
		}
	});

	test('a large body in small slices gives every row, in order', () => {
		const rows = Array.from({ length: 50_000 }, (_, index) => ({ id: index, phone_number: `+7912${String(index).padStart(7, '0')}`, note: index % 7 === 0 ? 'Перезвонить, "срочно"' : '' }));
		const text = JSON.stringify({ columns: [{ field: 'id' }], data: rows, count: rows.length });
		const want = { ok: true, value: JSON.parse(text) };
		for (const slice of [1 << 16, 4096, 17]) expect(readReportText(text, slice, 0)).toEqual(want);
		expect(readReportText(text, 4096, 1 << 20)).toEqual(want);
		expect(readReportText(text)).toEqual(want);
	});

	test('property: any report-shaped JSON reads as JSON.parse reads it, however it is split', () => {
		const report = fc.record(
			{ columns: fc.array(fc.jsonValue(), { maxLength: 3 }), data: fc.array(fc.jsonValue(), { maxLength: 8 }), count: fc.integer(), extra: fc.jsonValue() },
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(report, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), fc.nat(), (value, cutSeeds, pretty, afterSeed) => {
				const text = JSON.stringify(value, null, pretty ? 2 : undefined);
				const bytes = Buffer.from(text, 'utf8');
				const cuts = cutSeeds.map((seed) => seed % (bytes.length + 1));
				expectSameAsJsonParse(text, readInPieces(bytes, cuts, afterSeed % (bytes.length + 2)));
			}),
			{ numRuns: 500 },
		);
	});

	test('property: a body with one byte removed, inserted or changed is accepted only if JSON.parse accepts it', () => {
		const base = JSON.stringify({ columns: [{ field: 'a', display_name: 'A "x"' }], data: [{ a: 1, b: 'т\\,[]' }, [2, { c: null }], 'row'], count: 3 });
		const bytes = Buffer.from(base, 'utf8');
		const edit = fc.record({ kind: fc.constantFrom('remove', 'insert', 'replace'), at: fc.nat({ max: bytes.length - 1 }), byte: fc.constantFrom(...Buffer.from('{}[],:"\\ 0an'.split('').join(''), 'utf8')) });
		fc.assert(
			fc.property(edit, fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), ({ kind, at, byte }, cutSeeds, afterSeed) => {
				const edited =
					kind === 'remove'
						? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
						: Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(kind === 'insert' ? at : at + 1)]);
				const text = edited.toString('utf8');
				// A cut inside a multi-byte character is part of what is tested: bytes, not text.
				const cuts = cutSeeds.map((seed) => seed % (edited.length + 1));
				expectSameAsJsonParse(text, readInPieces(edited, cuts, afterSeed % (edited.length + 2)));
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('a row limit', () => {
	/** Feeds slices until the reader is satisfied, as the transport does; returns what was fed. */
	function readUntilSatisfied(text: string, limit: number, sliceBytes: number): { result: ReportParseResult; fed: number } {
		const bytes = Buffer.from(text, 'utf8');
		const reader = new ReportBodyReader(undefined, limit);
		let fed = 0;
		while (fed < bytes.length && !reader.satisfied()) {
			reader.write(bytes.subarray(fed, fed + sliceBytes));
			fed += sliceBytes;
		}
		return { result: reader.end(), fed: Math.min(fed, bytes.length) };
	}

	const body = `{"columns":[{"field":"n"}],"data":[${Array.from({ length: 1000 }, (_, n) => `{"n":${n}}`).join(',')}],"count":1000}`;

	test('is satisfied once the rows are there, long before the end of the body', () => {
		const { result, fed } = readUntilSatisfied(body, 5, 64);
		expect(result).toEqual({ ok: true, value: { data: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] } });
		expect(fed).toBeLessThan(200);
	});

	test('gives the whole report when the body ends first', () => {
		const { result } = readUntilSatisfied('{"data":[{"n":1},{"n":2}],"count":2}', 5, 7);
		expect(result).toEqual({ ok: true, value: { data: [{ n: 1 }, { n: 2 }], count: 2 } });
	});

	test('still refuses a body that breaks before the rows are there', () => {
		const { result } = readUntilSatisfied('{"data":[{"n":1},{"n":}', 5, 4);
		expect(result.ok).toBe(false);
	});

	test('without a limit the reader is never satisfied', () => {
		const reader = new ReportBodyReader();
		reader.write(Buffer.from(body));
		expect(reader.satisfied()).toBe(false);
	});
});
