/**
 * The editor's lists (n8n "load options") of IS74 Analytics and IS74 Trigger: the report's columns,
 * read from the API for the campaign entered above them.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { readReportTarget } from '../descriptions/report.description';
import { Is74InputError } from '../domain/inputError';
import { REPORT_FIELD, buildReportRequest } from '../domain/reportRequest';
import { COLUMN_LOOKUP_MINUTES, columnChoices } from '../domain/reportOutput';
import { credentialSecrets, type RequestSettings } from '../transport/context';
import { fetchReport } from '../transport/fetchReport';
import { scrubSecrets } from '../transport/secrets';

/** The fields a column lookup needs, as the editor names them. */
const TARGET_FIELDS = { projectId: 'Project ID', scenarioId: 'Scenario ID', startBlockId: 'Scenario Start Block ID', campaignId: 'Campaign ID' } as const;

/** The editor waits on the list: a short deadline and one retry, not a run's patience. Fixed: no option of the node sets it. */
const LOOKUP_SETTINGS: RequestSettings = { timeoutMs: 20_000, maxRetries: 1, initialDelayMs: 1_000 };

const TYPE_INSTEAD = 'Meanwhile a column name can still be typed: switch the field to Expression and enter it, for example phone_number.';

/** The list's one entry when there are no columns to show: it says why. Picking it names no column. */
function notice(name: string, description: string): INodePropertyOptions[] {
	return [{ name, value: '', description: description ? `${description} ${TYPE_INSTEAD}` : TYPE_INSTEAD }];
}

/** A field above that holds nothing usable yet (an expression the editor could not work out counts as nothing). */
function isMissing(value: unknown): boolean {
	return value === undefined || value === null || value === '' || value === 0 || (typeof value === 'string' && value.startsWith('='));
}

/**
 * The report's columns for the project, scenario, start block and campaign entered above: display
 * name shown, field stored. One read (the report call sends nothing to anyone) of the last
 * COLUMN_LOOKUP_MINUTES minutes. Missing fields, invalid ones and a refusal of the API each give
 * one entry that says so, instead of a list.
 */
export async function getReportColumns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const target = readReportTarget((name) => this.getCurrentNodeParameter(name));
	const missing = (Object.keys(TARGET_FIELDS) as Array<keyof typeof TARGET_FIELDS>).filter((key) => isMissing(target[key]));
	if (missing.length > 0) {
		const names = missing.map((key) => TARGET_FIELDS[key]);
		const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
		return notice(`Enter the ${list} above to list the columns`, 'The columns are read from the IS74 API for that campaign.');
	}
	const now = DateTime.now();
	let request;
	try {
		request = buildReportRequest({ ...target, period: 'custom', start: now.minus({ minutes: COLUMN_LOOKUP_MINUTES }), end: now }, [], { zone: this.getTimezone(), now });
	} catch (error) {
		if (!(error instanceof Is74InputError)) throw new NodeOperationError(this.getNode(), error as Error);
		return notice(`Invalid ${error.field}: ${error.problem}`, error.hint);
	}
	const campaignId = request.body.analytics_filter.outgoing_campaign_id;
	let report;
	try {
		report = await fetchReport(this, request, {
			purpose: `list the columns of campaign ${campaignId}`,
			requestName: 'the column list request',
			consequence: 'The list could not be loaded.',
			settings: LOOKUP_SETTINGS,
		});
	} catch (error) {
		// The transport's texts are scrubbed already; anything else (a credential n8n could not read) is scrubbed here.
		const secrets = await credentialSecrets(this);
		const { message, description } = error as { message?: unknown; description?: unknown };
		return notice(scrubSecrets(String(message ?? error), secrets), scrubSecrets(typeof description === 'string' ? description : '', secrets).trim());
	}
	const choices = columnChoices(report);
	if (choices.length === 0) {
		return notice(`The IS74 API listed no columns for campaign ${campaignId}`, `Check the ${REPORT_FIELD.scenarioId} and ${REPORT_FIELD.startBlockId}.`);
	}
	const offered = withoutSecrets(choices.slice(0, MAX_LISTED_COLUMNS), await credentialSecrets(this));
	if (choices.length > MAX_LISTED_COLUMNS) offered.push(listCut(choices.length));
	return offered;
}

/** The editor draws every entry of a list: an answer may name far more columns than a person can scan. */
const MAX_LISTED_COLUMNS = 1_000;

/** The last entry of a list cut at MAX_LISTED_COLUMNS. */
function listCut(total: number): INodePropertyOptions {
	const shown = MAX_LISTED_COLUMNS.toLocaleString('en-US');
	return {
		name: `List cut at ${shown} of ${total.toLocaleString('en-US')} columns`,
		value: '',
		description: `The list shows the first ${shown} columns the IS74 API named, in its order. A column further on can still be typed: switch the field to Expression and enter its field name.`,
	};
}

/**
 * The columns as the editor may show them: names and descriptions are the server's, so scrubbed. A
 * column whose field (the value picking stores in the workflow) holds a secret is not offered at all,
 * since no scrubbed spelling of it names the column; one entry at the end says how many and why.
 */
function withoutSecrets(choices: INodePropertyOptions[], secrets: unknown[]): INodePropertyOptions[] {
	const offered: INodePropertyOptions[] = [];
	let withheld = 0;
	for (const choice of choices) {
		const field = String(choice.value);
		if (scrubSecrets(field, secrets) !== field) {
			withheld++;
			continue;
		}
		offered.push({ ...choice, name: scrubSecrets(choice.name, secrets), description: scrubSecrets(choice.description ?? '', secrets) });
	}
	if (withheld === 0) return offered;
	const one = withheld === 1;
	offered.push({
		name: one ? "1 column not listed: its field name holds part of this credential's secret" : `${withheld} columns not listed: their field names hold part of this credential's secret`,
		value: '',
		description: one
			? "The IS74 API named this column with 8 or more characters of the token, password or login of this credential. Picking it would store that secret in the workflow, so it is not offered. Rename the scenario's field on the platform."
			: "The IS74 API named these columns with 8 or more characters of the token, password or login of this credential. Picking one would store that secret in the workflow, so they are not offered. Rename the scenario's fields on the platform.",
	});
	return offered;
}
