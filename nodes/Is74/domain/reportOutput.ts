/**
 * The report output: a report answer turned into rows (keyed by field or by column name), a summary,
 * the bounded answer an AI agent gets, and the column list the editor shows. Pure module: no n8n imports.
 */
import type { ReportResponse, ReportResponseColumn } from './apiContract';
import { parseWholeNumber } from './numbers';
import { listValueOfField } from './reportRequest';

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

/**
 * The report's columns as list entries, in the API's order; each field once, entries without one
 * skipped. The value is the field exactly as the API named it (spaces kept: the API knows " tariff ",
 * not "tariff"), written as listValueOfField stores it.
 */
export function columnChoices(report: ReportResponse): ColumnChoice[] {
	const choices: ColumnChoice[] = [];
	const seen = new Set<string>();
	for (const column of Array.isArray(report.columns) ? report.columns : []) {
		const field = typeof column?.field === 'string' ? column.field : '';
		if (field.trim() === '' || seen.has(field)) continue;
		seen.add(field);
		const label = typeof column.display_name === 'string' && column.display_name.trim() !== '' ? column.display_name.trim() : field;
		const type = typeof column.type === 'string' && column.type !== '' ? `, ${column.type}` : '';
		choices.push({ name: label, value: listValueOfField(field), description: `${field}${type}` });
	}
	return choices;
}
