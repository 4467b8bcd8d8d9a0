import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { ReportResponse } from './domain/apiContract';
import { fetchReport } from './transport/fetchReport';
import { scrubSecrets } from './transport/secrets';
import { toNodeError } from './helpers/nodeErrors';
import { Is74InputError } from './domain/inputError';
import {
	MIN_STEP_MS,
	dedupeFieldsAbsentFromAnswer,
	dedupeFieldsFrom,
	dedupeFieldsNotRequested,
	nextStep,
	pollWindow,
	readState,
	rowTime,
	takeNewRows,
	type DedupeSettings,
	type FirstPoll,
} from './domain/pollState';
import { COLUMN_LIST, keyRowsByOption, readReportColumns, readReportTarget, reportColumnProperties, reportTargetProperties } from './descriptions/report.description';
import { getReportColumns } from './methods/loadOptions';
import { CREDENTIAL_TYPE, credentialSecrets } from './transport/context';
import { buildReportRequest } from './domain/reportRequest';
import { reportRows } from './domain/reportOutput';
import { DEFAULT_TIMEOUT_SECONDS, requestSettingsFrom, retryOptions, timeoutOption } from './descriptions/requestOptions';
import { givenOptions, readSetting, wholeNumberRule } from './domain/settingValue';
import { parseWholeNumber } from './domain/numbers';
import { MAX_TIMEOUT_SECONDS } from './transport';
import { failureFacts } from './transport/failures';

const OVERLAP_MINUTES = wholeNumberRule({ field: 'Options → Overlap (Minutes)', min: 0, max: 1440, untouched: 10, unit: 'minutes' });
const MAX_LOOK_BACK_HOURS = 8760;
/**
 * A poll, retries included, ends within this. n8n's durable scheduler abandons a poll after 45 s
 * (N8N_SCHEDULER_POLL_TIMEOUT) and tells the node it has 36 s (getPollBudgetMs: the timeout less
 * 20%); 30 s leaves the rest for what n8n does around the poll (the credential, the cursor).
 */
const DEFAULT_POLL_BUDGET_SECONDS = 30;
const POLL_BUDGET_SECONDS = wholeNumberRule({ field: 'Options → Poll Budget (Seconds)', min: 1, max: MAX_TIMEOUT_SECONDS, untouched: DEFAULT_POLL_BUDGET_SECONDS, unit: 'seconds' });
/** The field whose time says when a dialog happened (and so when it can be forgotten). */
const TIME_FIELD = 'call_time';
/** "Fetch Test Event" shows this many of the most recent dialogs. */
const TEST_EVENT_ROWS = 5;
const DEDUPE_FIELDS = 'Fields Identifying a Dialog';
/** An error lists at most this many fields (missing or returned): an expression may give thousands. */
const SHOWN_FIELDS = 20;
/**
 * The request gets this share of the poll's budget; the rest is for what follows the answer
 * (de-duplication, building the items), which the poll's own deadline covers too.
 */
const REQUEST_SHARE_OF_BUDGET = 0.9;

/** Dialogs would be merged if a field that identifies them is not returned: refuse instead. */
function dedupeFieldsError(fields: string[], missing: string[], where: string): Is74InputError {
	return new Is74InputError(
		DEDUPE_FIELDS,
		fields,
		`${listFields(missing)} ${missing.length === 1 ? 'is' : 'are'} ${where}`,
		'Add these columns, name fields that are among them, or choose Whole Row.',
	);
}

/** The catch-up step for the next poll, in the static data (none saved: the largest). */
function saveStep(staticData: IDataObject, step: number | undefined): number | undefined {
	if (step === undefined) delete staticData.stepMs;
	else staticData.stepMs = step;
	return step;
}

function listFields(fields: string[]): string {
	return fields.length > SHOWN_FIELDS ? `${fields.slice(0, SHOWN_FIELDS).join(', ')}, … (${fields.length} in all)` : fields.join(', ');
}

interface TriggerOptions {
	keyBy?: 'field' | 'displayName';
	overlapMinutes?: number;
	maxRetries?: number;
	initialRetryDelayMs?: number;
	timeoutSeconds?: number;
	pollBudgetSeconds?: number;
}

export class Is74Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IS74 Trigger',
		name: 'is74Trigger',
		icon: { light: 'file:is74.svg', dark: 'file:is74.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ "Campaign " + $parameter["campaignId"] }}',
		description: 'Starts the workflow for each new dialog result of an IS74 AI Assistant call campaign',
		documentationUrl: 'https://github.com/is74/n8n-nodes-is74#is74-trigger',
		defaults: { name: 'IS74 Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			...reportTargetProperties(),
			...reportColumnProperties(),
			{
				displayName: 'De-Duplicate By',
				name: 'dedupeBy',
				type: 'options',
				options: [
					{ name: 'Chosen Fields', value: 'fields', description: 'Dialogs with the same values in these fields are the same dialog' },
					{ name: 'Whole Row', value: 'rowHash', description: 'A hash of all returned fields identifies the dialog' },
				],
				default: 'fields',
				description: 'How a dialog is recognised so it is emitted only once',
			},
			// Version 1 keeps the typed list its workflows saved; version 2 picks the fields from the report's columns.
			{
				displayName: DEDUPE_FIELDS,
				name: 'dedupeFields',
				type: 'string',
				default: 'phone_number, call_time',
				displayOptions: { show: { dedupeBy: ['fields'], '@version': [1] } },
				description: 'Comma-separated field names (they must be among the returned columns)',
			},
			{
				displayName: DEDUPE_FIELDS,
				name: 'dedupeFields',
				type: 'multiOptions',
				typeOptions: COLUMN_LIST,
				// A field the list lacks (the API was unreachable when the node was opened) is kept and used.
				allowArbitraryValues: true,
				default: ['phone_number', 'call_time'],
				displayOptions: { show: { dedupeBy: ['fields'], '@version': [2] } },
				description:
					'The fields whose values identify a dialog (they must be among the returned columns). Choose from the list the API gives for the campaign above, or specify names, for example phone_number, call_time, using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'On First Activation',
				name: 'firstPoll',
				type: 'options',
				options: [
					{ name: 'Only Dialogs From Now On', value: 'newOnly' },
					{ name: 'Also Dialogs of a Look-Back Period', value: 'lookBack' },
				],
				default: 'newOnly',
			},
			{
				displayName: 'Look-Back (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				displayOptions: { show: { firstPoll: ['lookBack'] } },
				description: 'How far back the first poll reaches',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					keyRowsByOption(),
					...retryOptions,
					{
						displayName: 'Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description: 'Each poll also looks this far before the previous one, to catch dialogs that reach the platform late',
					},
					timeoutOption(DEFAULT_TIMEOUT_SECONDS.read),
					{
						displayName: 'Poll Budget (Seconds)',
						name: 'pollBudgetSeconds',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
						default: DEFAULT_POLL_BUDGET_SECONDS,
						description:
							"Each poll, retries and the processing of the answer included, ends within this time, and within the time n8n gives a poll (36 of its 45 seconds). A poll that cannot finish emits nothing, asks for a shorter period next time, and says so in n8n's log; one that cannot finish even a minute fails.",
					},
				],
			},
		],
	};

	methods = { loadOptions: { getReportColumns } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const firstPoll = this.getNodeParameter('firstPoll', 'newOnly') as FirstPoll;
		let dedupe: DedupeSettings;
		try {
			dedupe =
				this.getNodeParameter('dedupeBy', 'fields') === 'rowHash'
					? { by: 'rowHash' }
					: { by: 'fields', fields: dedupeFieldsFrom(this.getNodeParameter('dedupeFields', ''), this.getNode().typeVersion, DEDUPE_FIELDS) };
		} catch (error) {
			throw toNodeError(this, error);
		}
		if (dedupe.by === 'fields' && dedupe.fields.length === 0) {
			throw new NodeOperationError(this.getNode(), `Invalid ${DEDUPE_FIELDS}: no field is named`, {
				description: 'Name the fields that identify a dialog, for example phone_number, call_time, or choose Whole Row.',
			});
		}
		// Checked on every poll, the first one (activation) and "Fetch Test Event" included, before any request.
		let columns;
		let settings;
		let overlapMinutes: number;
		let lookBackHours: number;
		let budgetMs: number;
		try {
			const given = givenOptions(this.getNode().parameters.options, options, 'Options');
			settings = requestSettingsFrom(given, DEFAULT_TIMEOUT_SECONDS.read);
			// Refused, never clamped: the one rule for numbers (domain/numbers.ts, domain/settingValue.ts).
			overlapMinutes = readSetting(given('overlapMinutes'), OVERLAP_MINUTES);
			lookBackHours = parseWholeNumber(this.getNodeParameter('lookBackHours', 24), 'Look-Back (Hours)', 1, MAX_LOOK_BACK_HOURS, `Give how many hours the first poll reaches back, from 1 to ${MAX_LOOK_BACK_HOURS} (a year).`);
			budgetMs = readSetting(given('pollBudgetSeconds'), POLL_BUDGET_SECONDS) * 1000;
			columns = readReportColumns((name, fallback) => this.getNodeParameter(name, fallback));
			const notRequested = dedupe.by === 'fields' ? dedupeFieldsNotRequested(dedupe.fields, columns) : [];
			if (dedupe.by === 'fields' && notRequested.length > 0) {
				const names = columns.map((column) => column.name as string);
				throw dedupeFieldsError(dedupe.fields, notRequested, `not among the requested columns (${listFields(names)})`);
			}
		} catch (error) {
			throw toNodeError(this, error);
		}

		const now = DateTime.now();
		const manual = this.getMode() === 'manual';
		// n8n 2.41+ says how long it lets a poll run (n8n before has no such limit, nor this function);
		// a value that is not a finite number says nothing, and the option applies.
		const given = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const n8nBudgetMs = typeof given === 'number' && Number.isFinite(given) ? given : Infinity;
		// "Fetch Test Event" has no poll timeout: it keeps the request's own Timeout only.
		const pollBudgetMs = Math.min(budgetMs, n8nBudgetMs);
		const requestDeadlineAt = manual ? undefined : now.toMillis() + pollBudgetMs * REQUEST_SHARE_OF_BUDGET;
		const staticData = this.getWorkflowStaticData('node');
		const state = readState(staticData);
		const window = manual ? { start: now.minus({ hours: lookBackHours }), end: now } : pollWindow(state, now, { overlapMinutes, firstPoll, lookBackHours });
		if (!window) {
			// First activation with "from now on": remember now, emit nothing.
			staticData.lastPollEnd = now.toUTC().toISO();
			staticData.seen = {};
			delete staticData.lookBackStart;
			return null;
		}

		let request;
		try {
			request = buildReportRequest(
				{
					...readReportTarget((name, fallback) => this.getNodeParameter(name, fallback)),
					period: 'custom',
					start: window.start,
					end: window.end,
				},
				columns,
				{ zone: this.getTimezone(), now },
			);
		} catch (error) {
			throw toNodeError(this, error);
		}

		const campaignId = request.body.analytics_filter.outgoing_campaign_id;
		/**
		 * A poll out of its budget: nothing emitted, the memory and position untouched, only a shorter
		 * step for next time (and where a first look-back began, so the next one starts there too). Once
		 * the step is the smallest, a shorter one cannot help: the poll fails, so n8n shows it (a single
		 * slow poll of a trigger polled every minute first warns, as its step only then becomes the
		 * smallest). The log line holds only our own facts (`cause` names no server text).
		 */
		const outOfBudget = (cause: string): null => {
			const seconds = pollBudgetMs / 1000;
			if (state.stepMs !== undefined && state.stepMs <= MIN_STEP_MS) {
				throw new NodeOperationError(this.getNode(), `The platform cannot answer even one minute of campaign ${campaignId} within the poll budget of ${seconds} s (${cause})`, {
					description: `Nothing was emitted and nothing was marked as seen; the next poll asks for the same minute again. Raise Options → Poll Budget (Seconds) (with n8n's durable scheduler, at most the 36 s n8n gives a poll), or check that the IS74 platform answers normally.`,
				});
			}
			const step = saveStep(staticData, nextStep(state, window, { outOfTime: true }));
			if (!state.lastPollEnd) staticData.lookBackStart = window.start.toUTC().toISO();
			this.logger.warn(
				`IS74 Trigger: the poll of campaign ${campaignId} could not finish within its budget of ${seconds} s (${cause}). Nothing was emitted and nothing was marked as seen; the next poll asks for ${Number(((step ?? 0) / 60_000).toFixed(1))} minutes from ${window.start.toUTC().toISO()} instead.`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
			return null;
		};

		let report;
		try {
			report = await fetchReport(this, request, {
				purpose: `poll the results of campaign ${campaignId}`,
				requestName: 'the poll',
				consequence: 'Nothing was emitted; the next poll covers this period again.',
				settings: { ...settings, deadlineAt: requestDeadlineAt },
			});
		} catch (error) {
			const facts = failureFacts(error);
			if (manual || !facts?.outOfTime) throw toNodeError(this, error);
			return outOfBudget(facts.outOfTimeCause ?? 'no complete answer in time');
		}
		const rows = (Array.isArray(report.data) ? report.data : []).filter(
			(row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row),
		);
		if (dedupe.by === 'fields') {
			const { absent, returned } = dedupeFieldsAbsentFromAnswer(dedupe.fields, rows, report.columns);
			if (absent.length > 0) {
				// The field names are the server's: shown only through the scrubber.
				const shown = scrubSecrets(listFields(returned), await credentialSecrets(this));
				const where = rows.length > 0 ? `in none of the ${rows.length} returned dialogs (returned fields: ${shown})` : `in none of the returned columns (${shown})`;
				throw toNodeError(this, dedupeFieldsError(dedupe.fields, absent, where));
			}
		}
		const toItems = (selected: Array<Record<string, unknown>>) =>
			this.helpers.returnJsonArray(reportRows({ ...report, data: selected } as ReportResponse, { keyBy: options.keyBy ?? 'field', limit: 0 }) as IDataObject[]);

		if (manual) {
			// The most recent dialogs, so fields can be mapped; the trigger's memory is left alone.
			const recent = [...rows].sort((a, b) => (rowTime(b, TIME_FIELD) ?? 0) - (rowTime(a, TIME_FIELD) ?? 0)).slice(0, TEST_EVENT_ROWS);
			if (recent.length === 0) {
				throw new NodeOperationError(this.getNode(), `No dialogs of campaign ${request.body.analytics_filter.outgoing_campaign_id} in the last ${lookBackHours} hours`, {
					description: 'Check the IDs, or raise Look-Back (Hours) to find older dialogs for a test event.',
				});
			}
			return [toItems(recent)];
		}

		const result = takeNewRows(rows, state, window, { overlapMinutes, dedupe, timeField: TIME_FIELD });
		const items = result.fresh.length > 0 ? [toItems(result.fresh)] : null;
		// The budget covers the work after the answer too: past it, n8n may already have abandoned the poll.
		const usedMs = Date.now() - now.toMillis();
		if (usedMs >= pollBudgetMs) return outOfBudget('processing the answer took past the budget');
		// Saved only after a successful poll: a failed one changes nothing, so the next covers the gap.
		staticData.lastPollEnd = result.state.lastPollEnd;
		staticData.seen = result.state.seen;
		delete staticData.lookBackStart;
		saveStep(staticData, nextStep(state, window, { outOfTime: false, behind: window.end < now, usedShare: usedMs / pollBudgetMs }));
		return items;
	}
}
