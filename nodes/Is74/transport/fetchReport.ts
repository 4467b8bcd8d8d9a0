/** Fetches a report for the Analytics node and the Trigger alike, parsing it as it arrives. */
import { NodeApiError } from 'n8n-workflow';

import type { ReportResponse } from '../domain/apiContract';
import { REPORT_ANSWER_MAX_BYTES } from './answer';
import { ReportBodyReader, type ReportParseResult } from './reportBodyReader';
import type { ReportRequest } from '../domain/reportRequest';
import type { RequestContext, RequestSettings } from './context';
import { answerExcerpt } from './failures';
import { is74RequestWithReader } from './index';

export interface FetchReportContext {
	/** Undefined for a trigger's poll, which has no input items. */
	itemIndex?: number;
	/** What the request does, for error messages ("get the report of campaign 1001"). */
	purpose: string;
	/** How an unusable answer is named ("the report request"). */
	requestName: string;
	/** What the user should know when the answer is unusable. */
	consequence: string;
	settings: RequestSettings;
	/**
	 * Only this many rows are wanted and nothing else of the report (0 or undefined: the whole
	 * report): reading stops once they have arrived, and the connection is closed.
	 */
	rowLimit?: number;
	/** The report's size cap: REPORT_ANSWER_MAX_BYTES unless a test needs a small one. */
	maxAnswerBytes?: number;
}

export async function fetchReport(ctx: RequestContext, request: ReportRequest, context: FetchReportContext): Promise<ReportResponse> {
	const parsed: ReportParseResult = await is74RequestWithReader(
		ctx,
		{ method: 'POST', path: request.path, body: request.body, itemIndex: context.itemIndex ?? 0, purpose: context.purpose },
		'read',
		context.settings,
		() => new ReportBodyReader(undefined, context.rowLimit ?? 0),
		context.maxAnswerBytes ?? REPORT_ANSWER_MAX_BYTES,
	);
	if (parsed.ok) return parsed.value;
	const message = `IS74 API answered ${context.requestName} with an unusable body: ${parsed.reason}`;
	const description = `The start of the answer: ${(await answerExcerpt(ctx, parsed.start)) || '(empty)'}. ${context.consequence}`;
	throw new NodeApiError(ctx.getNode(), { message, description }, { itemIndex: context.itemIndex, message, description });
}
