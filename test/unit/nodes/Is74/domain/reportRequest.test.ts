import fc from 'fast-check';
import { DateTime } from 'luxon';

import { inputErrorOf } from '../../../../support/inputErrorOf';
import { buildReportRequest, columnsFromJson, columnsFromList, fieldOfListValue, listValueOfField } from '../../../../../nodes/Is74/domain/reportRequest';
import { columnChoices, reportRows, summarize, toolAnswer, TOOL_ROWS_DEFAULT, TOOL_ROWS_MAX } from '../../../../../nodes/Is74/domain/reportOutput';

const context = { zone: 'Asia/Yekaterinburg', now: DateTime.fromISO('2026-11-23T20:15:30.250Z') };
const ids = { projectId: 3, scenarioId: 951, startBlockId: 10, campaignId: 12345 };


describe('columnsFromList', () => {
	test('writes the API shape and leaves out what is not set', () => {
		expect(
			columnsFromList([
				{ name: 'phone_number', displayName: 'Phone', id: 1, columnType: 'field', dataType: 'text', filterType: 'contains', filterValue: '912', sorting: 'asc' },
				{ name: 'status', displayName: '', id: 0, columnType: '', dataType: 'none', filterType: 'is_empty', filterValue: 'ignored', sorting: 'none' },
				{ dataType: 'goal' },
			]),
		).toEqual([
			{ id: 1, name: 'phone_number', display_name: 'Phone', column_type: 'field', data_type: 'text', filter_type: 'contains', filter_value: '912', sorting: 'asc' },
			{ name: 'status', column_type: 'field', filter_type: 'is_empty' },
			{ column_type: 'field', data_type: 'goal' },
		]);
	});

	test('a comparing filter needs a value', () => {
		const error = inputErrorOf(() => columnsFromList([{ name: 'status', filterType: 'equal', filterValue: '' }]));
		expect(error.field).toBe('Columns [0] → Filter Value');
		expect(error.problem).toContain('"equal" compares against a value');
	});

	test('a column needs a name or a data type', () => {
		expect(inputErrorOf(() => columnsFromList([{ displayName: 'X' }])).problem).toContain('needs a Name or a Data Type');
	});

	test('a name is sent exactly as the API named the field, its spaces included; a name of spaces only is no name', () => {
		expect(columnsFromList([{ name: ' tariff ' }, { name: 'call_time\t' }])).toEqual([
			{ name: ' tariff ', column_type: 'field' },
			{ name: 'call_time\t', column_type: 'field' },
		]);
		expect(inputErrorOf(() => columnsFromList([{ name: '   ' }])).problem).toContain('needs a Name or a Data Type');
	});

	test('a name the list stored with a backslash before "=" is the field that starts with "="', () => {
		expect(columnsFromList([{ name: '\\={{ $json.note }}' }, { name: '\\\\=x' }, { name: '\\x' }])).toEqual([
			{ name: '={{ $json.note }}', column_type: 'field' },
			{ name: '\\=x', column_type: 'field' },
			{ name: '\\x', column_type: 'field' },
		]);
	});

	test('unknown data types are refused', () => {
		expect(inputErrorOf(() => columnsFromList([{ name: 'x', dataType: 'money' }])).field).toBe('Columns [0] → Data Type');
	});
});

describe('columnsFromJson', () => {
	test('takes the API array as text or value', () => {
		const columns = [{ id: 1, name: 'phone_number', sorting: 'desc' }];
		expect(columnsFromJson(JSON.stringify(columns))).toEqual(columns);
		expect(columnsFromJson(columns)).toEqual(columns);
		expect(columnsFromJson('')).toEqual([]);
	});
	test.each([
		['[{"name": "x"', 'is not valid JSON'],
		['{"name": "x"}', 'must be an array of column objects'],
		['[{"name": "x", "filter_type": "like"}]', 'filter_type'],
		['[{"name": "x", "colour": "red"}]', 'Unrecognized key'],
		['[{"name": 5}]', 'name'],
		['[null]', 'Expected object'],
	])('%s is refused', (text, problem) => {
		expect(inputErrorOf(() => columnsFromJson(text)).problem).toContain(problem);
	});
});

describe('buildReportRequest', () => {
	test('a preset period becomes the exact body, with the project in the path', () => {
		expect(buildReportRequest({ ...ids, period: 'yesterday' }, [{ name: 'status' }], context)).toEqual({
			projectId: 3,
			path: '/api/analytics/3/report',
			body: {
				analytics_filter: {
					scenario_id: 951,
					start_block_id: 10,
					outgoing_campaign_id: 12345,
					date_start: '2026-11-22T19:00:00.000Z',
					date_end: '2026-11-23T18:59:59.999Z',
				},
				columns: [{ name: 'status' }],
			},
		});
	});

	test('a custom End written to the second includes that whole second', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T00:00:00', end: '2026-11-20T23:59:59' }, [], context);
		expect(request.body.analytics_filter.date_end).toBe('2026-11-20T18:59:59.999Z');
	});

	test('a custom End written as a date alone includes that whole day: Start and End on the same date is one day', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20', end: '2026-11-20' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-19T19:00:00.000Z', date_end: '2026-11-20T18:59:59.999Z' });
	});

	test('dates picked in the editor (saved as T00:00:00): the same date for Start and End is that whole day', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T00:00:00', end: '2026-11-20T00:00:00' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-19T19:00:00.000Z', date_end: '2026-11-20T18:59:59.999Z' });
	});

	test('dates picked in the editor from the 20th to the 21st include both days, as a date typed alone would', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T00:00:00', end: '2026-11-21T00:00' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-19T19:00:00.000Z', date_end: '2026-11-21T18:59:59.999Z' });
	});

	test('a midnight End with a zone is an instant in that zone, widened to its second only', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-19T00:00:00Z', end: '2026-11-20T00:00:00Z' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-19T00:00:00.000Z', date_end: '2026-11-20T00:00:00.999Z' });
	});

	test('a custom End written to the minute includes that whole minute', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T09:00', end: '2026-11-20T23:59' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-20T04:00:00.000Z', date_end: '2026-11-20T18:59:59.999Z' });
	});

	test('an End is compared with the start after it is widened: the same second written twice is that second', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T09:00:00', end: '2026-11-20T09:00:00' }, [], context);
		expect(request.body.analytics_filter).toMatchObject({ date_start: '2026-11-20T04:00:00.000Z', date_end: '2026-11-20T04:00:00.999Z' });
	});

	test('an End equal to the start to the millisecond is still refused', () => {
		const error = inputErrorOf(() => buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T09:00:00.000', end: '2026-11-20T09:00:00.000' }, [], context));
		expect(error.problem).toBe('must be after the start 2026-11-20T04:00:00.000Z');
	});

	test('a custom period reads zone-less values in the workflow timezone', () => {
		const request = buildReportRequest({ ...ids, period: 'custom', start: '2026-11-20T08:00:00', end: '2026-11-20T18:00:00.5+05:00' }, [], context);
		expect(request.body.analytics_filter.date_start).toBe('2026-11-20T03:00:00.000Z');
		expect(request.body.analytics_filter.date_end).toBe('2026-11-20T13:00:00.500Z');
	});

	test.each([
		[{ period: 'custom', start: '2026-11-20T10:00:00', end: '2026-11-20T09:00:00' }, 'End (date_end)', 'must be after the start'],
		[{ period: 'custom', start: 'soon', end: '2026-11-20T09:00:00' }, 'Start (date_start)', 'not a valid date'],
		[{ period: 'lastYear' }, 'Period', 'must be one of'],
		[{ period: 'today', campaignId: '' }, 'Campaign ID (outgoing_campaign_id)', 'positive whole number'],
		[{ period: 'today', scenarioId: -1 }, 'Scenario ID (scenario_id)', 'positive whole number'],
	])('%p is refused', (change, field, problem) => {
		const error = inputErrorOf(() => buildReportRequest({ ...ids, ...change }, [], context));
		expect(error.field).toBe(field);
		expect(error.problem).toContain(problem);
	});
});

describe('report responses', () => {
	const report = {
		columns: [
			{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
			{ field: 'duration', display_name: 'Duration', type: 'number' },
		],
		data: [{ phone_number: '+79120000001', duration: 30 }, 'odd row', { phone_number: '+79120000002', duration: 90 }],
		total_duration: 120,
		avg_duration: 60,
		count: 2,
	};

	test('summarize uses the API totals', () => {
		expect(summarize(report)).toEqual({ count: 2, totalDurationSeconds: 120, averageDurationSeconds: 60, columns: report.columns });
	});

	test('summarize copes with a report without data or totals', () => {
		expect(summarize({})).toEqual({ count: 0, totalDurationSeconds: null, averageDurationSeconds: null, columns: [] });
		expect(summarize({ data: [{}, {}], total_duration: 50 })).toEqual({ count: 2, totalDurationSeconds: 50, averageDurationSeconds: 25, columns: [] });
	});

	test('a row key or display name __proto__ stays a plain key', () => {
		const row = JSON.parse('{"a": 1, "__proto__": "x"}');
		expect(Object.entries(reportRows({ data: [row] }, { keyBy: 'field', limit: 0, extra: { reportCount: 1 } })[0])).toEqual([['a', 1], ['__proto__', 'x'], ['reportCount', 1]]);
		const labelled = { columns: [{ field: 'a', display_name: '__proto__' }], data: [{ a: 1 }] };
		expect(Object.entries(reportRows(labelled, { keyBy: 'displayName', limit: 0 })[0])).toEqual([['__proto__', 1]]);
	});

	test('rows keyed by field (as they came), by display name, limited, with summary', () => {
		expect(reportRows(report, { keyBy: 'field', limit: 0 })).toEqual([report.data[0], { value: 'odd row' }, report.data[2]]);
		expect(reportRows(report, { keyBy: 'displayName', limit: 1 })).toEqual([{ 'Phone Number': '+79120000001', Duration: 30 }]);
		expect(reportRows(report, { keyBy: 'field', limit: 1, extra: { reportCount: 2 } })).toEqual([{ phone_number: '+79120000001', duration: 30, reportCount: 2 }]);
	});
});

describe('toolAnswer (what an AI agent reads)', () => {
	const row = (index: number) => ({ phone_number: `+7912${String(index).padStart(7, '0')}`, status: 'answered', duration: 60 });
	const big = { columns: [{ field: 'phone_number', display_name: 'Phone Number', type: 'text' }], data: Array.from({ length: 540 }, (_, index) => row(index)), total_duration: 32_400, count: 540 };

	test('the default shows 20 rows, names how many were left out, and keeps the totals of the whole report', () => {
		expect(TOOL_ROWS_DEFAULT).toBe(20);
		expect(toolAnswer(big, { keyBy: 'field', maxRows: TOOL_ROWS_DEFAULT })).toEqual({
			count: 540,
			totalDurationSeconds: 32_400,
			averageDurationSeconds: 60,
			columns: big.columns,
			rowsShown: 20,
			rowsLeftOut: 520,
			note: 'The first 20 of 540 rows are shown; 520 are left out; the count and durations cover the whole report.',
			rows: big.data.slice(0, 20),
		});
	});

	test('a short report is shown whole and says so', () => {
		const small = { data: [row(1), row(2)], count: 2, total_duration: 120 };
		expect(toolAnswer(small, { keyBy: 'displayName', maxRows: 20 })).toMatchObject({ rowsShown: 2, rowsLeftOut: 0, note: 'All 2 rows are shown.', rows: small.data });
	});

	test('0 rows gives the summary alone; the cap is 100', () => {
		expect(TOOL_ROWS_MAX).toBe(100);
		expect(toolAnswer(big, { keyBy: 'field', maxRows: 0 })).toMatchObject({ rowsShown: 0, rowsLeftOut: 540, rows: [] });
		expect(() => toolAnswer(big, { keyBy: 'field', maxRows: 101 })).toThrow('Max Rows');
	});
});

describe('a field as a list value: what n8n would read as an expression gets a backslash', () => {
	test('a field starting with "=" (or backslashes then "=") gets one backslash more; any other is itself', () => {
		expect(listValueOfField('={{ $json.note }}')).toBe('\\={{ $json.note }}');
		expect(listValueOfField('\\=x')).toBe('\\\\=x');
		expect(listValueOfField('phone_number')).toBe('phone_number');
		expect(listValueOfField('\\x')).toBe('\\x');
		expect(listValueOfField('a=b')).toBe('a=b');
	});

	test('no list value starts with "=", and each gives back its field', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string().map((rest) => `=${rest}`), fc.string().map((rest) => `\\\\=${rest}`)), (field) => {
				const value = listValueOfField(field);
				expect(value.startsWith('=')).toBe(false);
				expect(fieldOfListValue(value)).toBe(field);
			}),
		);
	});
});

describe('columnChoices: the editor\'s column list', () => {
	test('display name shown, field stored (exactly, spaces included), in the API\'s order; each field once; entries without a field skipped', () => {
		const columns = [
			{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
			{ field: 'tariff' },
			{ field: ' call_time ', display_name: '  ', type: 'datetime' },
			{ field: '={{ $json.note }}', display_name: 'Note', type: 'text' },
			{ field: '   ', display_name: 'Blank' },
			{ field: 'phone_number', display_name: 'Again', type: 'text' },
			{ display_name: 'No field' },
			null,
			'status',
			{ field: 42, display_name: 'A number' },
		];
		expect(columnChoices({ columns } as never)).toEqual([
			{ name: 'Phone Number', value: 'phone_number', description: 'phone_number, text' },
			{ name: 'tariff', value: 'tariff', description: 'tariff' },
			{ name: ' call_time ', value: ' call_time ', description: ' call_time , datetime' },
			{ name: 'Note', value: '\\={{ $json.note }}', description: '={{ $json.note }}, text' },
		]);
	});

	test('no columns, or columns that are not a list: an empty list', () => {
		expect(columnChoices({})).toEqual([]);
		expect(columnChoices({ columns: 'phone_number' } as never)).toEqual([]);
	});
});
