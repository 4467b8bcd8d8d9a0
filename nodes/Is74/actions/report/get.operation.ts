import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { ReportResponse } from '../../domain/apiContract';
import { keyRowsByOption, readReportColumns, readReportTarget, reportColumnProperties, reportTargetProperties } from '../../descriptions/report.description';
import { itemReader } from '../../helpers/itemParameter';
import { runsAsTool } from '../../helpers/nodeErrors';
import { fetchReport } from '../../transport/fetchReport';
import type { WorkUnit } from '../router';
import { parseWholeNumber } from '../../domain/numbers';
import { buildReportRequest, type ReportRequest } from '../../domain/reportRequest';
import { reportRows, summarize, toolAnswer, toolRowCount, TOOL_ROWS_DEFAULT, TOOL_ROWS_MAX } from '../../domain/reportOutput';
import { Is74InputError } from '../../domain/inputError';
import { DEFAULT_TIMEOUT_SECONDS, requestSettingsFrom, retryOptions, timeoutOption } from '../../descriptions/requestOptions';
import { givenOptions } from '../../domain/settingValue';

const show = { resource: ['report'], operation: ['get'] };
const SUMMARY_OUTPUT_DESCRIPTION = 'One item: count, total and average duration, columns';
/** The outputs a tool may give: bounded whatever the report's size. */
const TOOL_OUTPUTS = ['summary', 'summaryAndRows'];

export const description: INodeProperties[] = [
	...reportTargetProperties({ show }),
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Custom', value: 'custom' },
			{ name: 'Last 24 Hours', value: 'last24Hours' },
			{ name: 'Last 30 Days', value: 'last30Days' },
			{ name: 'Last 7 Days', value: 'last7Days' },
			{ name: 'Today', value: 'today' },
			{ name: 'Yesterday', value: 'yesterday' },
		],
		default: 'today',
		displayOptions: { show },
		description: 'Dialogs to include, in the workflow timezone. Today and Yesterday are whole days; the others end now.',
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show: { ...show, period: ['custom'] } },
		description: 'Start of the period (API field date_start)',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show: { ...show, period: ['custom'] } },
		description: 'End of the period (API field date_end), included: a date (or a picked date at 00:00) includes that whole day, a time its whole minute or second',
	},
	...reportColumnProperties({ show }),
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Rows', value: 'rows', description: 'One item per dialog' },
			{ name: 'Summary', value: 'summary', description: SUMMARY_OUTPUT_DESCRIPTION },
			{ name: 'Raw Response', value: 'raw', description: 'One item: the API answer as it came' },
		],
		default: 'rows',
		displayOptions: { show: { ...show, '@tool': [false] } },
	},
	// An AI agent reads the whole answer as one message: as a tool, the node never answers with the whole report.
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Summary', value: 'summary', description: SUMMARY_OUTPUT_DESCRIPTION },
			{
				name: 'Summary and Rows',
				value: 'summaryAndRows',
				description: 'One item: the summary, the first rows (Max Rows) and how many rows were left out',
			},
		],
		default: 'summaryAndRows',
		displayOptions: { show: { ...show, '@tool': [true] } },
	},
	{
		displayName: 'Max Rows',
		name: 'maxRows',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: TOOL_ROWS_MAX },
		default: TOOL_ROWS_DEFAULT,
		displayOptions: { show: { ...show, '@tool': [true], output: ['summaryAndRows'] } },
		description: `How many dialog rows the model gets, 0 to ${TOOL_ROWS_MAX}. The counts and durations always cover the whole report, and the answer says how many rows were left out.`,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		displayOptions: { show: { ...show, output: ['rows'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...show, output: ['rows'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Add Summary to Rows',
				name: 'includeSummary',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/output': ['rows'] } },
				description: 'Whether to add reportCount, reportTotalDurationSeconds and reportAverageDurationSeconds to every row',
			},
			keyRowsByOption({ show: { '/output': ['rows', 'summaryAndRows'] } }),
			...retryOptions,
			timeoutOption(DEFAULT_TIMEOUT_SECONDS.read),
		],
	},
];

interface GetOptions {
	includeSummary?: boolean;
	keyBy?: 'field' | 'displayName';
	maxRetries?: number;
	initialRetryDelayMs?: number;
	timeoutSeconds?: number;
}


function readRequest(ctx: IExecuteFunctions, itemIndex: number, now: DateTime): ReportRequest {
	// Read like the campaign settings: `$('Settings').first()…` must not come out empty on n8n 1.123.
	const item = ctx.getInputData()[itemIndex];
	const get = (name: string, fallback?: unknown): unknown => itemReader(ctx, name, fallback)(itemIndex, item);
	const period = get('period');
	const custom = period === 'custom';
	return buildReportRequest(
		{
			...readReportTarget(get),
			period,
			start: custom ? get('start') : undefined,
			end: custom ? get('end') : undefined,
		},
		readReportColumns(get),
		{ zone: ctx.getTimezone(), now },
	);
}

/** The output items' json: the raw answer, one summary, or one per row. */
function outputJson(report: ReportResponse, request: ReportRequest, output: string, limit: number, options: GetOptions): IDataObject[] {
	if (output === 'raw') return [report as IDataObject];
	const filter = request.body.analytics_filter;
	const period = { campaignId: filter.outgoing_campaign_id, periodStart: filter.date_start, periodEnd: filter.date_end };
	if (output === 'summaryAndRows') {
		return [{ ...period, ...toolAnswer(report, { keyBy: options.keyBy ?? 'field', maxRows: limit }) } as unknown as IDataObject];
	}
	const summary = summarize(report);
	if (output === 'summary') {
		return [
			{
				...period,
				count: summary.count,
				totalDurationSeconds: summary.totalDurationSeconds,
				averageDurationSeconds: summary.averageDurationSeconds,
				columns: summary.columns as unknown as IDataObject[],
			},
		];
	}
	const extra = options.includeSummary
		? {
				reportCount: summary.count,
				reportTotalDurationSeconds: summary.totalDurationSeconds,
				reportAverageDurationSeconds: summary.averageDurationSeconds,
			}
		: undefined;
	return reportRows(report, { keyBy: options.keyBy ?? 'field', limit, extra }) as IDataObject[];
}

/** Item `itemIndex`'s report: request, output and request settings, all read and checked before any request. */
function prepareItem(ctx: IExecuteFunctions, itemIndex: number, now: DateTime): WorkUnit {
	const request = readRequest(ctx, itemIndex, now);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as GetOptions;
	const settings = requestSettingsFrom(givenOptions(ctx.getNode().parameters.options, options, 'Options'), DEFAULT_TIMEOUT_SECONDS.read);
	const output = ctx.getNodeParameter('output', itemIndex) as string;
	if (runsAsTool(ctx) && !TOOL_OUTPUTS.includes(output)) {
		throw new Is74InputError(
			'Output',
			output,
			`"${output}" is not available when the node is an AI tool`,
			`Choose Summary and Rows (at most ${TOOL_ROWS_MAX} rows) or Summary: the model reads the whole answer as one message.`,
		);
	}
	let limit = 0;
	if (output === 'summaryAndRows') {
		// Checked here, so a model asking for too many rows is refused before the request.
		limit = toolRowCount(ctx.getNodeParameter('maxRows', itemIndex, TOOL_ROWS_DEFAULT));
	} else if (output === 'rows' && !(ctx.getNodeParameter('returnAll', itemIndex, true) as boolean)) {
		limit = parseWholeNumber(ctx.getNodeParameter('limit', itemIndex, 50), 'Limit', 1, Number.MAX_SAFE_INTEGER, 'Use a positive whole number, or turn Return All on.');
	}
	// The first rows alone are enough unless the summary or the column names are wanted too.
	const rowsOnly = output === 'rows' && !options.includeSummary && (options.keyBy ?? 'field') === 'field';
	return {
		itemIndexes: [itemIndex],
		run: async () => {
			const report = await fetchReport(ctx, request, {
				itemIndex,
				purpose: `get the report of campaign ${request.body.analytics_filter.outgoing_campaign_id}`,
				requestName: 'the report request',
				consequence: 'This is a problem on the service side; try again later.',
				settings,
				rowLimit: rowsOnly ? limit : 0,
			});
			return outputJson(report, request, output, limit, options);
		},
	};
}

export function prepare(this: IExecuteFunctions, items: INodeExecutionData[]): WorkUnit[] {
	const now = DateTime.now();
	return items.map((_, itemIndex) => {
		try {
			return prepareItem(this, itemIndex, now);
		} catch (problem) {
			return { itemIndexes: [itemIndex], problem };
		}
	});
}
