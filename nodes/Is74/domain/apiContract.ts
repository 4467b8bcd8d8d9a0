/**
 * The IS74 "Dialog" API contract as documented (docs/api.md), written once as zod schemas.
 * The nodes run every request body through these schemas before sending it. The simulator has its
 * own reading of the document (simulator/apiRules.ts); test/integration/apiDocument.test.ts holds
 * both to the document's examples and rules, so neither can drift from it unnoticed.
 * Pure module: no n8n imports.
 */
import { z } from 'zod';

export const API_PATHS = {
	login: '/api/login',
	campaigns: '/api/campaigns',
	report: (projectId: number | string) => `/api/analytics/${projectId}/report`,
} as const;

/** The only campaign state the API accepts on creation ("Created"). */
export const CAMPAIGN_STATE_CREATED = 'Создано';
/** The only recurrence the API offers ("once"). */
export const PERIOD_ONCE = { id: 1, title: 'Однократно' } as const;
export const MIN_ATTEMPTS = 1;
export const MAX_ATTEMPTS = 5;

export const DATA_TYPES = ['text', 'number', 'datetime', 'dialog', 'goal'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const FILTER_TYPES = [
	'equal',
	'contains',
	'starts_with',
	'ends_with',
	'is_empty',
	'not_empty',
	'is_true',
	'not_true',
] as const;
export type FilterType = (typeof FILTER_TYPES)[number];
/** Filters that compare the column with `filter_value`; the others ignore it. */
export const VALUE_FILTERS: readonly FilterType[] = ['equal', 'contains', 'starts_with', 'ends_with'];

export const SORTINGS = ['asc', 'desc'] as const;
export type Sorting = (typeof SORTINGS)[number];

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_MS_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for a real calendar date written as YYYY-MM-DD (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
	if (!DATE_PATTERN.test(value)) return false;
	const [year, month, day] = value.split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/** True for an instant written as YYYY-MM-DDTHH:MM:SS.mmmZ on a real calendar day (rejects 2000-02-30T…). */
export function isIsoMillisUtc(value: string): boolean {
	// Date.parse alone would roll a day that does not exist over into the next month.
	return ISO_MS_UTC_PATTERN.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

const integer = z.number({ invalid_type_error: 'must be an integer number' }).int('must be an integer');

export const scheduleSchema = z.object({
	date: z.string().refine(isCalendarDate, 'must be a date written as YYYY-MM-DD'),
	start_time: z.string().regex(TIME_PATTERN, 'must be a time written as HH:MM'),
	end_time: z.string().regex(TIME_PATTERN, 'must be a time written as HH:MM'),
	periods: z.object({
		id: z.literal(PERIOD_ONCE.id),
		title: z.literal(PERIOD_ONCE.title),
	}),
	attempts: z
		.object({
			id: integer.min(MIN_ATTEMPTS, 'must be 1 to 5').max(MAX_ATTEMPTS, 'must be 1 to 5'),
			title: z.string(),
		})
		.refine((attempts) => attempts.title === String(attempts.id), {
			message: 'must be the same number as attempts.id, written as a string',
			path: ['title'],
		}),
	interval: z.string().regex(/^\d+$/, 'must be a whole number of minutes written as a string'),
});

/** A value the voice scenario can use: the API example shows texts and numbers. */
export const scenarioValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const campaignRequestSchema = z.object({
	campaign: z.object({
		project_id: integer,
		name: z.string().optional(),
		description: z.string().optional(),
		start_block_id: integer,
		schedule: scheduleSchema,
		state: z.literal(CAMPAIGN_STATE_CREATED).optional(),
		phone_id: integer,
	}),
	phones: z.array(
		z.object({
			phone: z.string().min(1, 'must not be empty'),
			add_data: z.record(scenarioValueSchema).optional(),
		}),
	),
});
export type CampaignRequestBody = z.infer<typeof campaignRequestSchema>;
export type CampaignSchedule = z.infer<typeof scheduleSchema>;

export const reportColumnSchema = z.object({
	id: integer.optional(),
	name: z.string().optional(),
	display_name: z.string().optional(),
	column_type: z.string().optional(),
	data_type: z.enum(DATA_TYPES).optional(),
	filter_type: z.enum(FILTER_TYPES).optional(),
	filter_value: z.string().optional(),
	sorting: z.enum(SORTINGS).optional(),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;

export const reportRequestSchema = z.object({
	analytics_filter: z.object({
		scenario_id: integer,
		start_block_id: integer,
		outgoing_campaign_id: integer,
		date_start: z.string().refine(isIsoMillisUtc, 'must be ISO 8601 with milliseconds and Z'),
		date_end: z.string().refine(isIsoMillisUtc, 'must be ISO 8601 with milliseconds and Z'),
	}),
	columns: z.array(reportColumnSchema).optional(),
});
export type ReportRequestBody = z.infer<typeof reportRequestSchema>;

export interface ReportResponseColumn {
	field: string;
	display_name?: string;
	type?: string;
}

export interface ReportResponse {
	columns?: ReportResponseColumn[];
	data?: unknown[];
	total_duration?: number;
	avg_duration?: number;
	count?: number;
}

/** One readable line per zod issue: `campaign.schedule.date: must be a date written as YYYY-MM-DD`. */
export function describeIssues(error: z.ZodError): string[] {
	return error.issues.map((issue) => {
		const path = issue.path.join('.');
		const message =
			issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
		return path ? `${path}: ${message}` : message;
	});
}
