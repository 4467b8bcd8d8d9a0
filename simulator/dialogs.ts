/**
 * The simulated platform's results: one dialog per phone of each created campaign, derived
 * deterministically from the phone and the campaign (the same campaign always gives the same rows),
 * plus the report engine (columns, filters, sorting, totals) of POST /api/analytics/{id}/report.
 */
import {
	FILTERS_WITHOUT_VALUE,
	type CampaignRequest,
	type DataType,
	type ReportAnswerColumn,
	type ReportColumn,
	type ReportRequest,
} from './apiRules';

/** The platform works in Chelyabinsk time (UTC+5, no daylight saving). */
export const PLATFORM_UTC_OFFSET_HOURS = 5;

export interface StoredCampaign {
	id: number;
	projectId: number;
	startBlockId: number;
	body: CampaignRequest;
	createdAt: Date;
}

/** A dialog as the report returns it; scenario data (`add_data`) comes back as the campaign sent it. */
export type DialogRow = Record<string, unknown>;

export interface CatalogColumn {
	field: string;
	display_name: string;
	type: DataType;
}

export const BASE_CATALOG: CatalogColumn[] = [
	{ field: 'dialog_id', display_name: 'Dialog ID', type: 'number' },
	{ field: 'phone_number', display_name: 'Phone Number', type: 'text' },
	{ field: 'call_time', display_name: 'Call Time', type: 'datetime' },
	{ field: 'status', display_name: 'Status', type: 'text' },
	{ field: 'duration', display_name: 'Duration', type: 'number' },
	{ field: 'attempts', display_name: 'Attempts', type: 'number' },
	{ field: 'dialog', display_name: 'Dialog', type: 'dialog' },
	{ field: 'goal_reached', display_name: 'Goal Reached', type: 'goal' },
];

/** FNV-1a: a small, stable hash so every run produces the same dialogs. */
export function stableHash(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash >>> 0;
}

const STATUSES = ['answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'no_answer', 'no_answer', 'busy', 'failed'];

function minutes(clock: string): number {
	const [hours, mins] = clock.split(':').map(Number);
	return hours * 60 + mins;
}

/** The dialogs of one campaign (one per phone), with call times inside its daily window. */
export function campaignDialogs(campaign: StoredCampaign): DialogRow[] {
	const { schedule } = campaign.body.campaign;
	const [year, month, day] = schedule.date.split('-').map(Number);
	const windowStart = minutes(schedule.start_time);
	const windowLength = Math.max(1, minutes(schedule.end_time) - windowStart);
	const maxAttempts = schedule.attempts.id;
	const interval = Number(schedule.interval);
	return (campaign.body.phones ?? []).map((entry, index) => {
		const hash = stableHash(`${campaign.id}:${entry.phone}`);
		const status = STATUSES[hash % STATUSES.length];
		const answered = status === 'answered';
		const attempts = answered ? 1 + ((hash >>> 4) % maxAttempts) : maxAttempts;
		const offset = ((index * 2) % windowLength) + Math.min((attempts - 1) * interval, windowLength - 1);
		const localMinutes = windowStart + Math.min(offset, windowLength - 1);
		const callTime = new Date(
			Date.UTC(year, month - 1, day, 0, localMinutes, (hash >>> 20) % 60) - PLATFORM_UTC_OFFSET_HOURS * 3_600_000,
		);
		const name = typeof entry.add_data?.name === 'string' ? entry.add_data.name : '';
		const goal = answered && (hash >>> 12) % 3 !== 0;
		const row: DialogRow = {
			dialog_id: campaign.id * 100_000 + index + 1,
			phone_number: entry.phone,
			call_time: callTime.toISOString(),
			status,
			duration: answered ? 20 + ((hash >>> 8) % 280) : 0,
			attempts,
			dialog: answered
				? `Бот: Здравствуйте${name ? `, ${name}` : ''}! Это AI-ассистент Интерсвязи. Клиент: ${goal ? 'Да, всё устраивает.' : 'Перезвоните позже.'}`
				: '',
			goal_reached: goal,
		};
		for (const [key, value] of Object.entries(entry.add_data ?? {})) {
			if (!(key in row)) row[key] = value;
		}
		return row;
	});
}

/** The columns a campaign's rows have: the base catalog plus its scenario data keys (as text). */
export function campaignCatalog(campaign: StoredCampaign | undefined): CatalogColumn[] {
	const catalog = [...BASE_CATALOG];
	const known = new Set(catalog.map((column) => column.field));
	for (const entry of campaign?.body.phones ?? []) {
		for (const key of Object.keys(entry.add_data ?? {})) {
			if (!known.has(key)) {
				known.add(key);
				catalog.push({ field: key, display_name: key, type: 'text' });
			}
		}
	}
	return catalog;
}

export class ReportRequestError extends Error {
	constructor(readonly field: string, message: string) {
		super(`${field}: ${message}`);
	}
}

interface ResolvedColumn {
	fields: CatalogColumn[];
	request: ReportColumn;
}

function resolveColumns(requested: ReportColumn[] | undefined, catalog: CatalogColumn[]): ResolvedColumn[] {
	if (!requested || requested.length === 0) {
		return catalog.map((column) => ({ fields: [column], request: {} }));
	}
	return requested.map((column, index) => {
		if (column.name !== undefined) {
			const found = catalog.find((entry) => entry.field === column.name);
			if (!found) throw new ReportRequestError(`columns.${index}.name`, `unknown column "${column.name}"`);
			return { fields: [found], request: column };
		}
		if (column.data_type !== undefined) {
			return { fields: catalog.filter((entry) => entry.type === column.data_type), request: column };
		}
		throw new ReportRequestError(`columns.${index}`, 'a column needs a name or a data_type');
	});
}

function isTrue(value: unknown): boolean {
	return value === true || value === 1 || value === 'true' || value === '1';
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function passes(value: unknown, column: ReportColumn): boolean {
	const text = isEmpty(value) ? '' : String(value).toLowerCase();
	const wanted = (column.filter_value ?? '').toLowerCase();
	switch (column.filter_type) {
		case undefined:
			return true;
		case 'equal':
			return text === wanted;
		case 'contains':
			return text.includes(wanted);
		case 'starts_with':
			return text.startsWith(wanted);
		case 'ends_with':
			return text.endsWith(wanted);
		case 'is_empty':
			return isEmpty(value);
		case 'not_empty':
			return !isEmpty(value);
		case 'is_true':
			return isTrue(value);
		case 'not_true':
			return !isTrue(value);
	}
}

function compare(a: unknown, b: unknown): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	return String(a ?? '').localeCompare(String(b ?? ''));
}

export interface ReportResult {
	columns: ReportAnswerColumn[];
	data: DialogRow[];
	total_duration: number;
	avg_duration: number;
	count: number;
}

/** Runs a validated report request over the rows of a campaign. */
/** Whether a dialog's result has reached the platform yet (for polling tests). */
export type Visibility = (row: DialogRow) => boolean;

export function runReport(
	body: ReportRequest,
	campaign: StoredCampaign | undefined,
	isVisible: Visibility | undefined,
): ReportResult {
	const filter = body.analytics_filter;
	const start = Date.parse(filter.date_start);
	const end = Date.parse(filter.date_end);
	if (end < start) throw new ReportRequestError('analytics_filter.date_end', 'must not be before date_start');
	const catalog = campaignCatalog(campaign);
	const resolved = resolveColumns(body.columns, catalog);
	for (const [index, column] of resolved.entries()) {
		const needsValue = column.request.filter_type && !FILTERS_WITHOUT_VALUE.includes(column.request.filter_type);
		if (needsValue && column.request.filter_value === undefined) {
			throw new ReportRequestError(`columns.${index}.filter_value`, `is required for filter_type ${column.request.filter_type}`);
		}
	}

	let rows = campaign && campaign.startBlockId === filter.start_block_id ? campaignDialogs(campaign) : [];
	rows = rows.filter((row) => {
		const time = Date.parse(String(row.call_time));
		if (time < start || time > end) return false;
		if (isVisible && !isVisible(row)) return false;
		return resolved.every((column) => column.fields.every((field) => passes(row[field.field], column.request)));
	});
	const sorters = resolved.filter((column) => column.request.sorting);
	if (sorters.length > 0) {
		rows.sort((a, b) => {
			for (const column of sorters) {
				for (const field of column.fields) {
					const order = compare(a[field.field], b[field.field]);
					if (order !== 0) return column.request.sorting === 'desc' ? -order : order;
				}
			}
			return 0;
		});
	}

	const seen = new Set<string>();
	const columns: ReportAnswerColumn[] = [];
	for (const column of resolved) {
		for (const field of column.fields) {
			if (seen.has(field.field)) continue;
			seen.add(field.field);
			columns.push({
				field: field.field,
				display_name: column.fields.length === 1 && column.request.display_name ? column.request.display_name : field.display_name,
				type: field.type,
			});
		}
	}
	const data = rows.map((row) => {
		const projected: DialogRow = {};
		for (const column of columns) projected[column.field] = row[column.field];
		return projected;
	});
	const total = rows.reduce((sum, row) => sum + (typeof row.duration === 'number' ? row.duration : 0), 0);
	return {
		columns,
		data,
		total_duration: total,
		avg_duration: data.length === 0 ? 0 : Math.round((total / data.length) * 100) / 100,
		count: data.length,
	};
}
