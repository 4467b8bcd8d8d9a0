/**
 * The campaign settings: what the user configured for a campaign (IDs, name, description, schedule),
 * checked and converted to the API's values, and compared between items. Pure module: no n8n imports.
 */
import { MAX_ATTEMPTS, MIN_ATTEMPTS, PERIOD_ONCE, type CampaignSchedule } from './apiContract';
import { Is74InputError, showValue } from './inputError';
import { parseId, parseWholeNumber } from './numbers';
import { toCalendarDate, toClockTime, writtenCalendarDate } from './schedule';
import { hasVisibleCharacter } from './text';

export const FIELD = {
	projectId: 'Project ID (project_id)',
	startBlockId: 'Scenario Start Block ID (start_block_id)',
	phoneId: 'Caller Phone ID (phone_id)',
	name: 'Campaign Name (name)',
	description: 'Description (description)',
	date: 'Date (schedule.date)',
	startTime: 'Start Time (schedule.start_time)',
	endTime: 'End Time (schedule.end_time)',
	attempts: 'Attempts (schedule.attempts)',
	interval: 'Minutes Between Attempts (schedule.interval)',
	phone: 'Phone (phones[].phone)',
	phoneList: 'Phones (phones[].phone)',
	scenarioData: 'Scenario Data (phones[].add_data)',
	recipients: 'Recipients',
	maxPerCampaign: 'Max Recipients per Campaign',
} as const;

export interface CampaignSettingsInput {
	projectId: unknown;
	startBlockId: unknown;
	phoneId: unknown;
	name: unknown;
	description: unknown;
	date: unknown;
	startTime: unknown;
	endTime: unknown;
	attempts: unknown;
	intervalMinutes: unknown;
}

export interface CampaignSettings {
	projectId: number;
	startBlockId: number;
	phoneId: number;
	name: string;
	description: string;
	schedule: CampaignSchedule;
}

function minutesOf(clock: string): number {
	const [hours, minutes] = clock.split(':').map(Number);
	return hours * 60 + minutes;
}

/**
 * What the settings are read in: `today` is the current calendar date in the workflow's timezone
 * (`YYYY-MM-DD`), used to refuse dates in the past; `toolUse`: an AI agent gives the values.
 */
export interface SettingsContext {
	zone: string;
	today: string;
	toolUse?: boolean;
}

const TOOL_DATE_REFUSED = {
	ok: false,
	reason: 'must be written YYYY-MM-DD in tool use: the calendar day a reviewer reads must be the day called, and the day of a date-time depends on a time zone',
} as const;

/**
 * The Date's calendar day. In tool use only a day as written (YYYY-MM-DD) is taken: a human review
 * shows the model's Date as the model wrote it, and a date-time ("…T22:30:00Z") is another day in
 * the workflow timezone, so the reviewer would approve one day and people be called on the next.
 */
function campaignDate(value: unknown, context: SettingsContext): string {
	const date = context.toolUse ? (writtenCalendarDate(value) ?? TOOL_DATE_REFUSED) : toCalendarDate(value, context.zone);
	if (!date.ok) {
		const hint = context.toolUse
			? `Give the day the calls start as YYYY-MM-DD, for example ${context.today}, without a time or a time zone.`
			: 'Pick a date, or use an expression that gives YYYY-MM-DD.';
		throw new Is74InputError(FIELD.date, value, date.reason, hint);
	}
	if (date.value < context.today) {
		throw new Is74InputError(FIELD.date, value, `is in the past (today is ${context.today} in ${context.zone})`, 'Choose today or a later date.');
	}
	return date.value;
}

/** Validates and converts the campaign settings. */
export function parseCampaignSettings(input: CampaignSettingsInput, context: SettingsContext): CampaignSettings {
	const projectId = parseId(input.projectId, FIELD.projectId, 'Use the project ID your IS74 manager gave you.');
	const startBlockId = parseId(
		input.startBlockId,
		FIELD.startBlockId,
		'Use the ID of the start block of the voice scenario.',
	);
	const phoneId = parseId(input.phoneId, FIELD.phoneId, 'Use the ID of the platform number the calls are made from.');

	if (typeof input.name !== 'string' || input.name.trim() === '') {
		throw new Is74InputError(FIELD.name, input.name, 'is empty', 'Give the campaign a name, for example "Customer survey".');
	}
	if (!hasVisibleCharacter(input.name)) {
		throw new Is74InputError(FIELD.name, input.name, 'has no visible character', 'Give the campaign a name people can read on the platform, for example "Customer survey".');
	}
	const description = input.description ?? '';
	if (typeof description !== 'string') {
		throw new Is74InputError(FIELD.description, description, 'must be text', 'Use plain text or leave it empty.');
	}

	const date = campaignDate(input.date, context);
	const startTime = toClockTime(input.startTime);
	if (!startTime.ok) {
		throw new Is74InputError(FIELD.startTime, input.startTime, startTime.reason, 'Write the start of the daily call window, for example 09:00.');
	}
	const endTime = toClockTime(input.endTime);
	if (!endTime.ok) {
		throw new Is74InputError(FIELD.endTime, input.endTime, endTime.reason, 'Write the end of the daily call window, for example 18:00.');
	}
	if (minutesOf(endTime.value) <= minutesOf(startTime.value)) {
		throw new Is74InputError(
			FIELD.endTime,
			input.endTime,
			`must be after the start time ${startTime.value}`,
			'The daily window cannot cross midnight: set an end time later than the start time.',
		);
	}
	const attempts = parseWholeNumber(
		input.attempts,
		FIELD.attempts,
		MIN_ATTEMPTS,
		MAX_ATTEMPTS,
		'The platform dials each number 1 to 5 times.',
	);
	const interval = parseWholeNumber(
		input.intervalMinutes,
		FIELD.interval,
		0,
		10_080,
		'Give the pause between attempts in whole minutes, for example 5.',
	);

	return {
		projectId,
		startBlockId,
		phoneId,
		name: input.name.trim(),
		description,
		schedule: {
			date,
			start_time: startTime.value,
			end_time: endTime.value,
			periods: { ...PERIOD_ONCE },
			attempts: { id: attempts, title: String(attempts) },
			interval: String(interval),
		},
	};
}

/** Each campaign setting with its field label, read from parsed settings, for comparing items. */
const SETTING_FIELDS: Array<[string, (settings: CampaignSettings) => unknown]> = [
	[FIELD.projectId, (settings) => settings.projectId],
	[FIELD.startBlockId, (settings) => settings.startBlockId],
	[FIELD.phoneId, (settings) => settings.phoneId],
	[FIELD.name, (settings) => settings.name],
	[FIELD.description, (settings) => settings.description],
	[FIELD.date, (settings) => settings.schedule.date],
	[FIELD.startTime, (settings) => settings.schedule.start_time],
	[FIELD.endTime, (settings) => settings.schedule.end_time],
	[FIELD.attempts, (settings) => settings.schedule.attempts.id],
	[FIELD.interval, (settings) => settings.schedule.interval],
];

/** The first setting in which two items' parsed settings differ, or undefined when they are the same. */
export function settingsDifference(first: CampaignSettings, other: CampaignSettings): { field: string; first: unknown; other: unknown } | undefined {
	for (const [field, read] of SETTING_FIELDS) {
		if (read(first) !== read(other)) return { field, first: read(first), other: read(other) };
	}
	return undefined;
}

/** A value that must be the same for every item but is not: names both items and both values. */
export function differsBetweenItems(field: string, first: unknown, other: unknown, itemIndex: number, hint: string): Is74InputError {
	return new Is74InputError(field, other, `differs between items: item 0 gives ${showValue(first)}, item ${itemIndex} gives ${showValue(other)}`, hint, itemIndex);
}
