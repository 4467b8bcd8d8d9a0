/**
 * The report request: the exact `POST /api/analytics/{project_id}/report` from the user's settings
 * (campaign, period, columns, filters), checked before it is sent. Pure module: no n8n imports.
 */
import type { DateTime } from 'luxon';
import {
	API_PATHS,
	DATA_TYPES,
	FILTER_TYPES,
	SORTINGS,
	VALUE_FILTERS,
	describeIssues,
	reportColumnSchema,
	reportRequestSchema,
	type FilterType,
	type ReportColumn,
	type ReportRequestBody,
} from './apiContract';
import { parseId } from './numbers';
import { Is74InputError } from './inputError';
import { parseJson } from './text';
import { PERIOD_PRESETS, endOfWrittenUnit, presetPeriod, toApiDateTime, toDateTime, type PeriodPreset } from './schedule';

export const REPORT_FIELD = {
	projectId: 'Project ID (path project_id)',
	scenarioId: 'Scenario ID (scenario_id)',
	startBlockId: 'Scenario Start Block ID (start_block_id)',
	campaignId: 'Campaign ID (outgoing_campaign_id)',
	period: 'Period',
	start: 'Start (date_start)',
	end: 'End (date_end)',
	columns: 'Columns',
	columnsJson: 'Columns (JSON)',
} as const;

/** One column as the editor's column list gives it ("none" means the option is not sent). */
export interface ColumnListEntry {
	name?: string;
	displayName?: string;
	id?: number | string;
	columnType?: string;
	dataType?: string;
	filterType?: string;
	filterValue?: string;
	sorting?: string;
}

function checkFilterValue(column: ReportColumn, field: string): void {
	const needsValue = column.filter_type !== undefined && VALUE_FILTERS.includes(column.filter_type as FilterType);
	if (needsValue && (column.filter_value === undefined || column.filter_value === '')) {
		throw new Is74InputError(
			field,
			column.filter_value ?? '',
			`the filter "${column.filter_type}" compares against a value, but none is set`,
			'Enter a Filter Value, or choose a filter that needs none (is_empty, not_empty, is_true, not_true).',
		);
	}
	if (column.name === undefined && column.data_type === undefined) {
		throw new Is74InputError(
			field,
			column,
			'names no column: it needs a Name or a Data Type',
			'Set the column Name (for example phone_number), or a Data Type to get all columns of that type.',
		);
	}
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, hint: string): T | undefined {
	if (value === undefined || value === '' || value === 'none') return undefined;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw new Is74InputError(field, value, `must be one of ${allowed.join(', ')}`, hint);
}

/** "=" after any number of backslashes: a field that starts so is stored with one backslash more. */
const EQUALS_START = /^\\*=/;

/**
 * The value a column list entry stores for `field`. n8n reads any parameter value that starts with "="
 * as an expression and runs it, so a field the server named "={{ … }}" is offered with a backslash in
 * front (and one starting with backslashes then "=" with one more): picking it stores text, never code
 * the server wrote, and the run sends the field as the API named it (fieldOfListValue).
 */
export function listValueOfField(field: string): string {
	return EQUALS_START.test(field) ? `\\${field}` : field;
}

/** The field a column list value names: listValueOfField undone. */
export function fieldOfListValue(value: string): string {
	return value.startsWith('\\') && EQUALS_START.test(value) ? value.slice(1) : value;
}

/**
 * The editor's column list, validated and written in the API's shape. A name is sent as given, spaces
 * included (a field the API named " tariff " is that field); a name of spaces only is no name.
 */
export function columnsFromList(entries: ColumnListEntry[]): ReportColumn[] {
	return entries.map((entry, index) => {
		const field = `${REPORT_FIELD.columns} [${index}]`;
		const column: ReportColumn = {};
		if (entry.id !== undefined && entry.id !== '' && entry.id !== 0) {
			column.id = parseId(entry.id, `${field} → ID`, 'Use the column ID from the platform, or leave it empty.');
		}
		if (typeof entry.name === 'string' && entry.name.trim() !== '') column.name = fieldOfListValue(entry.name);
		const displayName = entry.displayName?.trim();
		if (displayName) column.display_name = displayName;
		column.column_type = entry.columnType?.trim() || 'field';
		const dataType = oneOf(entry.dataType, DATA_TYPES, `${field} → Data Type`, 'Pick a data type from the list.');
		if (dataType) column.data_type = dataType;
		const filterType = oneOf(entry.filterType, FILTER_TYPES, `${field} → Filter`, 'Pick a filter from the list.');
		if (filterType) {
			column.filter_type = filterType;
			if (VALUE_FILTERS.includes(filterType)) column.filter_value = String(entry.filterValue ?? '');
		}
		const sorting = oneOf(entry.sorting, SORTINGS, `${field} → Sorting`, 'Pick Ascending, Descending or None.');
		if (sorting) column.sorting = sorting;
		checkFilterValue(column, `${field} → Filter Value`);
		return column;
	});
}

/** The "Columns (JSON)" mode: the API's own array, pasted or built by an expression. */
export function columnsFromJson(value: unknown): ReportColumn[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		const result = parseJson(value);
		if (!result.ok) {
			throw new Is74InputError(
				REPORT_FIELD.columnsJson,
				value,
				`is not valid JSON (${result.reason})`,
				'Paste the "columns" array of the API, for example [{"name": "phone_number"}].',
			);
		}
		parsed = result.value;
	}
	if (!Array.isArray(parsed)) {
		throw new Is74InputError(
			REPORT_FIELD.columnsJson,
			value,
			'must be an array of column objects',
			'Wrap the columns in [ ], for example [{"name": "phone_number", "sorting": "asc"}].',
		);
	}
	return parsed.map((entry, index) => {
		const field = `${REPORT_FIELD.columnsJson} [${index}]`;
		const result = reportColumnSchema.strict().safeParse(entry);
		if (!result.success) {
			throw new Is74InputError(
				field,
				entry,
				describeIssues(result.error).join('; '),
				`Columns take id, name, display_name, column_type, data_type (${DATA_TYPES.join(', ')}), filter_type, filter_value and sorting (asc, desc).`,
			);
		}
		checkFilterValue(result.data, field);
		return result.data;
	});
}

export interface ReportSettingsInput {
	projectId: unknown;
	scenarioId: unknown;
	startBlockId: unknown;
	campaignId: unknown;
	period: unknown;
	start?: unknown;
	end?: unknown;
}

export interface ReportRequest {
	projectId: number;
	path: string;
	body: ReportRequestBody;
}

export function buildReportRequest(
	input: ReportSettingsInput,
	columns: ReportColumn[],
	context: { zone: string; now: DateTime },
): ReportRequest {
	const projectId = parseId(input.projectId, REPORT_FIELD.projectId, 'Use the project ID your IS74 manager gave you.');
	const scenarioId = parseId(input.scenarioId, REPORT_FIELD.scenarioId, 'Use the ID of the voice scenario.');
	const startBlockId = parseId(input.startBlockId, REPORT_FIELD.startBlockId, 'Use the ID of the scenario start block.');
	const campaignId = parseId(
		input.campaignId,
		REPORT_FIELD.campaignId,
		'Use the campaign ID, for example {{ $json.campaignId }} after an IS74 Campaign node.',
	);

	let start: DateTime;
	let end: DateTime;
	if (input.period === 'custom') {
		const parsedStart = toDateTime(input.start, context.zone);
		if (!parsedStart.ok) throw new Is74InputError(REPORT_FIELD.start, input.start, parsedStart.reason, 'Pick a start date and time.');
		const parsedEnd = toDateTime(input.end, context.zone);
		if (!parsedEnd.ok) throw new Is74InputError(REPORT_FIELD.end, input.end, parsedEnd.reason, 'Pick an end date and time.');
		start = parsedStart.value;
		// Widened first: Start and End on the same date is that whole day.
		end = endOfWrittenUnit(input.end, parsedEnd.value);
		if (end <= start) {
			throw new Is74InputError(
				REPORT_FIELD.end,
				input.end,
				`must be after the start ${toApiDateTime(start)}`,
				'Set an end later than the start, or choose a preset period.',
			);
		}
	} else if (typeof input.period === 'string' && (PERIOD_PRESETS as readonly string[]).includes(input.period)) {
		({ start, end } = presetPeriod(input.period as PeriodPreset, context.now, context.zone));
	} else {
		throw new Is74InputError(
			REPORT_FIELD.period,
			input.period,
			`must be one of ${[...PERIOD_PRESETS, 'custom'].join(', ')}`,
			'Pick a period from the list.',
		);
	}

	const body: ReportRequestBody = {
		analytics_filter: {
			scenario_id: scenarioId,
			start_block_id: startBlockId,
			outgoing_campaign_id: campaignId,
			date_start: toApiDateTime(start),
			date_end: toApiDateTime(end),
		},
		columns,
	};
	const checked = reportRequestSchema.safeParse(body);
	if (!checked.success) {
		throw new Is74InputError('request', body, describeIssues(checked.error).join('; '), 'Check the report settings.');
	}
	return { projectId, path: API_PATHS.report(projectId), body };
}
