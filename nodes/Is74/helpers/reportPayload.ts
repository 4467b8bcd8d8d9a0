/**
 * Builds the exact `POST /api/analytics/{project_id}/report` request from the user's settings, and
 * turns the response into rows and summaries. Pure module: no n8n imports.
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
	type ReportResponse,
	type ReportResponseColumn,
} from './apiContract';
import { parseId, parseWholeNumber } from './numbers';
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

/** The editor's column list, validated and written in the API's shape. */
export function columnsFromList(entries: ColumnListEntry[]): ReportColumn[] {
	return entries.map((entry, index) => {
		const field = `${REPORT_FIELD.columns} [${index}]`;
		const column: ReportColumn = {};
		if (entry.id !== undefined && entry.id !== '' && entry.id !== 0) {
			column.id = parseId(entry.id, `${field} → ID`, 'Use the column ID from the platform, or leave it empty.');
		}
		const name = entry.name?.trim();
		if (name) column.name = name;
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

export interface ReportSummary {
	count: number;
	totalDurationSeconds: number | null;
	averageDurationSeconds: number | null;
	columns: ReportResponseColumn[];
}

const finite = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

export function summarize(report: ReportResponse): ReportSummary {
	const rows = Array.isArray(report.data) ? report.data : [];
	const count = finite(report.count) ?? rows.length;
	const total = finite(report.total_duration);
	const average = finite(report.avg_duration) ?? (total !== null && count > 0 ? total / count : null);
	return {
		count,
		totalDurationSeconds: total,
		averageDurationSeconds: average,
		columns: Array.isArray(report.columns) ? report.columns : [],
	};
}

export interface RowOptions {
	keyBy: 'field' | 'displayName';
	/** 0 means all rows. */
	limit: number;
	/** Fields added to every row (the summary), or undefined. */
	extra?: Record<string, unknown>;
}

/**
 * Report rows as plain objects. Rows are returned as they came when no renaming or extra fields
 * are asked for, so a million-row report is not copied twice.
 */
export function reportRows(report: ReportResponse, options: RowOptions): Array<Record<string, unknown>> {
	const data = Array.isArray(report.data) ? report.data : [];
	const rows = options.limit > 0 && data.length > options.limit ? data.slice(0, options.limit) : data;
	const labels = new Map<string, string>();
	if (options.keyBy === 'displayName' && Array.isArray(report.columns)) {
		for (const column of report.columns) {
			if (column && typeof column.field === 'string' && typeof column.display_name === 'string' && column.display_name !== '') {
				labels.set(column.field, column.display_name);
			}
		}
	}
	const extra = options.extra;
	return rows.map((row) => {
		if (typeof row !== 'object' || row === null || Array.isArray(row)) {
			return extra ? { value: row, ...extra } : { value: row };
		}
		if (labels.size === 0 && !extra) return row as Record<string, unknown>;
		const out: Record<string, unknown> = {};
		for (const key in row) putKey(out, labels.get(key) ?? key, (row as Record<string, unknown>)[key]);
		return extra ? Object.assign(out, extra) : out;
	});
}

/** `out[key] = value`, except that a key named __proto__ becomes a plain key instead of vanishing. */
function putKey(out: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
	else out[key] = value;
}

/**
 * Rows an AI agent gets by default, and the most it can get: a tool answer is one message the model
 * reads whole (the 540 dialogs of a test report, as rows, made a 156 KB message).
 */
export const TOOL_ROWS_DEFAULT = 20;
export const TOOL_ROWS_MAX = 100;

export interface ToolAnswer extends ReportSummary {
	rowsShown: number;
	rowsLeftOut: number;
	note: string;
	rows: Array<Record<string, unknown>>;
}

/** Max Rows, checked: refused above the cap, never bent to it. */
export function toolRowCount(value: unknown): number {
	return parseWholeNumber(value, 'Max Rows', 0, TOOL_ROWS_MAX, `Use 0 to ${TOOL_ROWS_MAX}: the model reads every row it is given.`);
}

/** The summary of the whole report plus its first `maxRows` rows, saying how many were left out. */
export function toolAnswer(report: ReportResponse, options: { keyBy: RowOptions['keyBy']; maxRows: unknown }): ToolAnswer {
	const maxRows = toolRowCount(options.maxRows);
	const total = Array.isArray(report.data) ? report.data.length : 0;
	const rows = maxRows === 0 ? [] : reportRows(report, { keyBy: options.keyBy, limit: maxRows });
	const rowsLeftOut = total - rows.length;
	const note =
		total === 0
			? 'The report has no rows.'
			: rowsLeftOut === 0
				? `All ${total} rows are shown.`
			: `The first ${rows.length} of ${total} rows are shown; ${rowsLeftOut} are left out; the count and durations cover the whole report.`;
	return { ...summarize(report), rowsShown: rows.length, rowsLeftOut, note, rows };
}

/**
 * The period the editor's column lookup asks for: the last minute. The API answers every report with
 * its columns, whatever rows the period holds, so the shortest period gives the same list with the
 * fewest dialogs: a small answer and little work for the server.
 */
export const COLUMN_LOOKUP_MINUTES = 1;

/** One entry of the editor's column list: the display name shown, the field stored. */
export interface ColumnChoice {
	name: string;
	value: string;
	description: string;
}

/** The report's columns as list entries, in the API's order; each field once, entries without one skipped. */
export function columnChoices(report: ReportResponse): ColumnChoice[] {
	const choices: ColumnChoice[] = [];
	const seen = new Set<string>();
	for (const column of Array.isArray(report.columns) ? report.columns : []) {
		const field = typeof column?.field === 'string' ? column.field.trim() : '';
		if (field === '' || seen.has(field)) continue;
		seen.add(field);
		const label = typeof column.display_name === 'string' && column.display_name.trim() !== '' ? column.display_name.trim() : field;
		const type = typeof column.type === 'string' && column.type !== '' ? `, ${column.type}` : '';
		choices.push({ name: label, value: field, description: `${field}${type}` });
	}
	return choices;
}
