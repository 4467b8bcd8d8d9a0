/**
 * Turns what the user configured into the exact `POST /api/campaigns` bodies, validating all of it
 * first. Pure module: no n8n imports, so it is unit-tested without n8n and reused by the benchmark.
 */
import {
	CAMPAIGN_STATE_CREATED,
	MAX_ATTEMPTS,
	MIN_ATTEMPTS,
	PERIOD_ONCE,
	campaignRequestSchema,
	describeIssues,
	type CampaignRequestBody,
	type CampaignSchedule,
} from './apiContract';
import { allowedPrefixesHint, prefixRefusal } from './guardRails';
import { Is74InputError, showValue } from './inputError';
import { parseId, parseWholeNumber } from './numbers';
import { checkRawPhone, normalizePhone } from './phone';
import { PHONE_LIST_HINT } from './phoneList';
import { toCalendarDate, toClockTime } from './schedule';
import { booleanRule, choiceRule, readSetting, type Given } from './settingValue';

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

/**
 * Letters, numbers and symbols that show nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0)
 * and the blank Braille pattern (U+2800), used to make names that look empty.
 */
const BLANK_FILLERS = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
const LATIN_CYRILLIC_OR_DIGIT = /[0-9A-Za-z\u0410-\u044f\u0401\u0451]/;

/**
 * True when the text has something a person can see: a letter, number, punctuation or symbol that
 * is not a blank filler. Spaces, control and format characters, and marks alone (a combining
 * grapheme joiner, a variation selector) show nothing.
 */
function hasVisibleCharacter(text: string): boolean {
	// Checked for every scenario value of every contact: a Latin or Cyrillic letter or a digit settles it at once.
	return LATIN_CYRILLIC_OR_DIGIT.test(text) || /[\p{L}\p{N}\p{P}\p{S}]/u.test(text.replace(BLANK_FILLERS, ''));
}

function minutesOf(clock: string): number {
	const [hours, minutes] = clock.split(':').map(Number);
	return hours * 60 + minutes;
}

/**
 * Validates and converts the campaign settings. `today` is the current calendar date in the
 * workflow's timezone (`YYYY-MM-DD`), used to refuse dates in the past.
 */
export function parseCampaignSettings(
	input: CampaignSettingsInput,
	context: { zone: string; today: string },
): CampaignSettings {
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

	const date = toCalendarDate(input.date, context.zone);
	if (!date.ok) {
		throw new Is74InputError(FIELD.date, input.date, date.reason, 'Pick a date, or use an expression that gives YYYY-MM-DD.');
	}
	if (date.value < context.today) {
		throw new Is74InputError(
			FIELD.date,
			input.date,
			`is in the past (today is ${context.today} in ${context.zone})`,
			'Choose today or a later date.',
		);
	}
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
			date: date.value,
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

export type ScenarioData = Record<string, string | number | boolean>;

/**
 * Per-contact data for the scenario. Values must be text, numbers or booleans (the scenario reads
 * them as start-block parameters); empty values (null, or text with no visible character) become
 * empty text so the key stays (see EmptyValuesRule for when they are refused instead).
 */
export function toScenarioData(value: unknown, owned = false): ScenarioData {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new Is74InputError(
			FIELD.scenarioData,
			value,
			'must be an object of key/value pairs',
			'Use an expression that gives an object, for example {{ { name: $json.name } }}.',
		);
	}
	// An object the caller built for this purpose is checked in place rather than copied: for 100,000
	// recipients that is 100,000 allocations fewer.
	const data = (owned ? value : {}) as ScenarioData;
	const source = value as Record<string, unknown>;
	for (const key in source) {
		if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
		const raw = source[key];
		checkScenarioKey(key, value);
		if (raw === null || raw === undefined) data[key] = '';
		// Text that shows nothing goes out as "", like a missing value: one kind of empty for the scenario.
		else if (typeof raw === 'string') data[key] = hasVisibleCharacter(raw) ? raw : '';
		else if (typeof raw === 'boolean') data[key] = raw;
		else if (typeof raw === 'number' && Number.isFinite(raw)) data[key] = raw;
		else {
			throw new Is74InputError(
				`${FIELD.scenarioData} → "${key}"`,
				raw,
				'must be text, a number or true/false',
				'Pick a single field of it, or turn it into text with JSON.stringify().',
			);
		}
	}
	return data;
}

/**
 * Refuses a scenario-data key that cannot be sent. `__proto__` would vanish from any object it is
 * assigned to (and an object under it would become the prototype), so it is refused, never dropped.
 * Callers that build the data object check each key before assigning it.
 */
export function checkScenarioKey(key: string, where: unknown): void {
	if (key.trim() === '') {
		throw new Is74InputError(FIELD.scenarioData, where, 'has an empty key', 'Give every value a parameter name.');
	}
	if (key === '__proto__') {
		throw new Is74InputError(
			`${FIELD.scenarioData} → "${key}"`,
			where,
			'is a reserved name that cannot be sent',
			'Rename the field in the source data, or leave it out (Fields to Leave Out: __proto__).',
		);
	}
}

/** One row of "Define Below": a parameter name and where its value comes from. */
export interface ScenarioPair {
	key?: unknown;
	/** `value` (default): the Value, evaluated per input item; `contactField`: a field of the contact. */
	valueFrom?: unknown;
	value?: unknown;
	contactField?: unknown;
}

/** The contact a "Define Below" row is read for: an input item, or one entry of an item's list. */
export interface ScenarioContact {
	/** Position in the item's list; undefined when the item itself is the contact. */
	listIndex?: number;
	phone: unknown;
	/** The contact's own fields: the item json, a list object, or undefined for a bare phone entry. */
	record: unknown;
}

/** Empty as a person sees it: missing, or text with no visible character (the same rule as for names). */
const isEmptyValue = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && !hasVisibleCharacter(value));

/**
 * Options → Empty Scenario Values. Blank optional fields are ordinary data, so by default only the
 * mapping mistake is refused: a Define Below parameter that is empty for every contact of the run.
 */
export type EmptyValuesRule = 'refuseEmptyForAll' | 'refuseAny' | 'allowAll';
export const EMPTY_VALUES_FIELD = 'Options → Empty Scenario Values';
const OLD_ALLOW_EMPTY = 'the old option Allow Empty Scenario Values';

/** Its choices, as the editor lists them. */
export const EMPTY_VALUES_CHOICES: ReadonlyArray<{ name: string; value: EmptyValuesRule }> = [
	{ name: 'Allow All', value: 'allowAll' },
	{ name: 'Refuse a Field Empty for Every Contact', value: 'refuseEmptyForAll' },
	{ name: 'Refuse Any Empty Value', value: 'refuseAny' },
];
const EMPTY_VALUES = choiceRule<EmptyValuesRule>({ field: EMPTY_VALUES_FIELD, untouched: 'refuseEmptyForAll', choices: EMPTY_VALUES_CHOICES });
const OLD_ALLOW_EMPTY_VALUES = booleanRule({ field: 'Options → Allow Empty Scenario Values (Old)', untouched: false });

/**
 * The rule the options give (helpers/settingValue.ts), or a refusal. `allowEmptyValues: true` (the
 * boolean this option replaced, still in saved workflows) means Allow All.
 */
export function readEmptyValuesRule(given: (key: string) => Given): EmptyValuesRule {
	const oldAllow = readSetting(given('allowEmptyValues'), OLD_ALLOW_EMPTY_VALUES);
	const chosen = given('emptyValues');
	if (chosen.how === 'untouched') return oldAllow ? 'allowAll' : EMPTY_VALUES.untouched;
	const rule = readSetting(chosen, EMPTY_VALUES);
	if (oldAllow && rule !== 'allowAll') {
		throw new Is74InputError(
			EMPTY_VALUES_FIELD,
			rule,
			`is ${showValue(rule)}, but ${OLD_ALLOW_EMPTY} is on`,
			'Remove the old option Allow Empty Scenario Values (it meant "Allow All"), or set Empty Scenario Values to "Allow All".',
		);
	}
	return rule;
}

/** How many contacts of `phones` have each key empty (sent as ""); keys never empty are left out. */
export function countEmptyValues(phones: CampaignRequestBody['phones']): Record<string, number> {
	// A Map: a key such as "constructor" must not meet a plain object's inherited members.
	const counts = new Map<string, number>();
	for (const { add_data: data } of phones) {
		// toScenarioData sent every empty value as "".
		for (const key in data) {
			if (data[key] === '') counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return Object.fromEntries(counts);
}

const ALLOW_ALL_HINT = 'To send it empty on purpose, set Options → Empty Scenario Values to "Allow All".';

/**
 * The refusal of Define Below parameter `key`, empty for all `contacts` of the run: the mapping
 * mistake. `row` is the parameter as configured (its expression unevaluated), for the likely cause;
 * `listEntries`: the contacts are entries of each item's list (One Campaign per Item).
 */
export function emptyParameterRefusal(key: string, contacts: number, row: ScenarioPair | undefined, listEntries: boolean): Is74InputError {
	const fromContact = row?.valueFrom === 'contactField';
	const shown = fromContact ? row?.contactField : row?.value;
	let cause: string;
	if (row === undefined) cause = "The parameter's Value gives nothing for every contact: it probably reads a field the items don't have. Check it against the input data.";
	else if (fromContact) cause = `No contact has a value in its field "${String(row.contactField ?? '').trim()}": check the field's name against the contacts (a misspelt name gives nothing).`;
	else if (typeof shown !== 'string' || !shown.startsWith('=')) cause = 'The Value is empty: type the value, or remove the parameter.';
	else if (listEntries) cause = `${LIST_EXPRESSION_HINT}: to send a field of each contact, set Value From to "Contact Field" and name the field.`;
	else cause = "The Value gives nothing for every item: it probably reads a field the items don't have (a misspelt name, such as $json.nmae for $json.name). Check it against the input data.";
	return new Is74InputError(
		`${FIELD.scenarioData} → "${key}"`,
		shown ?? '',
		`is empty for every contact of the run (${contacts} ${contacts === 1 ? 'contact' : 'contacts'}); nothing was sent`,
		`${cause} ${ALLOW_ALL_HINT}`,
	);
}

/** A contact's scenario data, and why it must not be sent if it is (see RecipientInput.refusal). */
export interface ContactData {
	data: ScenarioData;
	refusal?: Is74InputError;
}

const STRICT_HINT = 'Options → Empty Scenario Values is "Refuse Any Empty Value": choose "Refuse a Field Empty for Every Contact" or "Allow All" to send empty values as empty text.';
const LIST_EXPRESSION_HINT = 'Expressions read the input item ($json), not the entries of its list';

/** Why a contact must not be called: its value for `key` is empty. `hint` says how to fill it. */
function emptyValueRefusal(key: string, value: unknown, contact: ScenarioContact, hint: string): Is74InputError {
	const who = `contact ${contact.listIndex !== undefined ? `[${contact.listIndex}] ` : ''}${showValue(contact.phone)}`;
	return new Is74InputError(`${FIELD.scenarioData} → "${key}"`, value, `gave no value for ${who}`, `${hint} ${STRICT_HINT}`);
}

/**
 * The "Define Below" data of one contact. With `refuseAny` (Refuse Any Empty Value), a value that
 * resolved to nothing gives a refusal naming the contact and the key; otherwise it is sent as empty text.
 */
export function scenarioDataFromPairs(pairs: ScenarioPair[], contact: ScenarioContact, refuseAny: boolean): ContactData {
	const data: Record<string, unknown> = {};
	let refusal: Is74InputError | undefined;
	for (const pair of pairs) {
		const key = String(pair.key ?? '').trim();
		if (key === '') {
			throw new Is74InputError(FIELD.scenarioData, pair, 'has a parameter without a name', 'Give every scenario parameter a name or remove it.');
		}
		checkScenarioKey(key, pair);
		const fromContact = pair.valueFrom === 'contactField';
		let value = pair.value;
		if (fromContact) {
			const field = String(pair.contactField ?? '').trim();
			if (field === '') {
				throw new Is74InputError(`${FIELD.scenarioData} → "${key}"`, pair.contactField ?? '', 'takes its value from a contact field, but no field is named', 'Enter the name of the contact field to send, for example name.');
			}
			const record = contact.record;
			value = typeof record === 'object' && record !== null && Object.prototype.hasOwnProperty.call(record, field) ? (record as Record<string, unknown>)[field] : undefined;
		}
		if (refuseAny && !refusal && isEmptyValue(value)) {
			const hint = fromContact
				? `The contact has no value in its field "${String(pair.contactField).trim()}": fill it in the source data.`
				: contact.listIndex !== undefined
					? `${LIST_EXPRESSION_HINT}: to send a field of each contact, set Value From to "Contact Field" and name the field.`
					: 'Check that the expression gives a value for every item.';
			refusal = emptyValueRefusal(key, value, contact, hint);
		}
		data[key] = value;
	}
	return { data: toScenarioData(data, true), refusal };
}

/**
 * The "All Fields" or "JSON Object" data of one contact. Empty values are sent as empty text; with
 * `refuseAny` (Refuse Any Empty Value) the first one gives a refusal naming the contact and the key.
 * `owned`: see toScenarioData.
 */
export function scenarioDataFromObject(value: unknown, contact: ScenarioContact, refuseAny: boolean, mode: 'allFields' | 'json', owned = false): ContactData {
	// Read before toScenarioData, which turns null into '' (in place when `owned`).
	const source = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	const key = refuseAny ? Object.keys(source).find((name) => isEmptyValue(source[name])) : undefined;
	const empty = key === undefined ? undefined : source[key];
	const data = toScenarioData(value, owned);
	if (key === undefined) return { data };
	const hint =
		mode === 'allFields'
			? `The contact has no value in its field "${key}": fill it in the source data, or leave the field out (Fields to Leave Out).`
			: contact.listIndex !== undefined
				? `${LIST_EXPRESSION_HINT}: choose Scenario Data → "All Fields of the Item" or "Define Below" with Value From "Contact Field" to send each contact's own fields.`
				: 'Check that the expression gives a value for every item (a misspelt field gives nothing).';
	return { data, refusal: emptyValueRefusal(key, empty, contact, hint) };
}

export interface RecipientInput {
	itemIndex: number;
	/** Position in the item's recipient list (per-item mode only). */
	listIndex?: number;
	phone: unknown;
	data: ScenarioData;
	/**
	 * A problem with the data that stops the run only if this recipient is sent: a contact whose phone
	 * is skipped as invalid, or removed as a duplicate, is never called, so its data does not matter.
	 */
	refusal?: Is74InputError;
}

export interface RecipientPolicy {
	normalizePhones: boolean;
	removeDuplicates: boolean;
	invalidPhones: 'error' | 'skip';
	/** 0 means no limit. */
	maxPerCampaign: number;
	/** Guard Rails → Allowed Phone Prefixes, checked on the normalized number; empty or missing allows every number. */
	allowedPrefixes?: readonly string[];
}

export interface RejectedPhone {
	itemIndex: number;
	listIndex?: number;
	value: unknown;
	reason: string;
}

export interface DuplicatePhone {
	itemIndex: number;
	listIndex?: number;
	phone: string;
	firstItemIndex: number;
}

/** Distinct, ascending item indexes of accepted[start, end) plus `extra` (already ascending input). */
function batchItems(acceptedItems: number[], start: number, end: number, extra: number[]): number[] {
	const out: number[] = [];
	let previous = -1;
	const push = (index: number): void => {
		if (index !== previous) out.push(index);
		previous = index;
	};
	if (extra.length === 0) {
		for (let position = start; position < end; position++) push(acceptedItems[position]);
		return out;
	}
	const merged = [...acceptedItems.slice(start, end), ...extra].sort((a, b) => a - b);
	for (const index of merged) push(index);
	return out;
}

export interface CampaignBatch {
	body: CampaignRequestBody;
	/** How many of this campaign's contacts have each scenario key empty (sent as empty text). */
	emptyValues: Record<string, number>;
	/** Input items whose recipients are in this batch (plus, on batch 1, those reported). */
	itemIndexes: number[];
	batchNumber: number;
	batchCount: number;
}

export interface CampaignPlan {
	batches: CampaignBatch[];
	rejected: RejectedPhone[];
	duplicates: DuplicatePhone[];
	recipientCount: number;
}

/** Text that holds more than one "+" or 20 digits is probably several phones: say how a list is given. */
function invalidPhoneHint(value: unknown): string {
	const fix = 'Fix the number in the source data, or set Options → On Invalid Phone to "Skip and Report".';
	const severalPhones = typeof value === 'string' && ((value.match(/\+/g)?.length ?? 0) > 1 || value.replace(/\D/g, '').length >= 20);
	return severalPhones ? `${fix} ${PHONE_LIST_HINT}` : fix;
}

/**
 * Checks every recipient, removes duplicates (the first wins) and splits the list into campaigns of
 * at most `maxPerCampaign` numbers, named "Name (1/3)", "Name (2/3)"… Throws before returning
 * anything if a phone is invalid (unless skipped) or no recipient is left.
 */
export function planCampaigns(
	settings: CampaignSettings,
	recipients: Iterable<RecipientInput>,
	policy: RecipientPolicy,
): CampaignPlan {
	const check = policy.normalizePhones ? normalizePhone : checkRawPhone;
	const firstSeen = new Map<string, number>();
	const rejected: RejectedPhone[] = [];
	const duplicates: DuplicatePhone[] = [];
	// Parallel arrays: the exact API entries, and the item each came from (ascending).
	const accepted: CampaignRequestBody['phones'] = [];
	const acceptedItems: number[] = [];
	let total = 0;

	const allowed = policy.allowedPrefixes ?? [];
	for (const recipient of recipients) {
		total++;
		const result = check(recipient.phone);
		const refusal = result.ok ? prefixRefusal(result.value, allowed) : undefined;
		if (!result.ok || refusal !== undefined) {
			const reason = result.ok ? `"${result.value}" ${refusal}` : result.reason;
			if (policy.invalidPhones === 'error') {
				const where = recipient.listIndex === undefined ? FIELD.phone : `${FIELD.phone} [${recipient.listIndex}]`;
				throw new Is74InputError(where, recipient.phone, reason, result.ok ? allowedPrefixesHint(allowed) : invalidPhoneHint(recipient.phone), recipient.itemIndex);
			}
			rejected.push({ itemIndex: recipient.itemIndex, listIndex: recipient.listIndex, value: recipient.phone, reason });
			continue;
		}
		if (policy.removeDuplicates) {
			const first = firstSeen.get(result.value);
			if (first !== undefined) {
				duplicates.push({ itemIndex: recipient.itemIndex, listIndex: recipient.listIndex, phone: result.value, firstItemIndex: first });
				continue;
			}
			firstSeen.set(result.value, recipient.itemIndex);
		}
		if (recipient.refusal) throw recipient.refusal.atItem(recipient.itemIndex);
		accepted.push({ phone: result.value, add_data: recipient.data });
		acceptedItems.push(recipient.itemIndex);
	}

	if (accepted.length === 0) {
		const problem =
			total === 0
				? 'the recipient list is empty'
				: `none of the ${total} phone numbers is valid (first problem: ${rejected[0]?.reason})`;
		throw new Is74InputError(
			FIELD.recipients,
			total === 0 ? [] : rejected[0]?.value,
			problem,
			'Check that the Phone expression points at the field that holds the numbers.',
			total === 0 ? undefined : rejected[0]?.itemIndex,
		);
	}

	const size = policy.maxPerCampaign > 0 ? policy.maxPerCampaign : accepted.length;
	const batchCount = Math.ceil(accepted.length / size);
	const campaign = {
		project_id: settings.projectId,
		name: settings.name,
		description: settings.description,
		start_block_id: settings.startBlockId,
		schedule: settings.schedule,
		state: CAMPAIGN_STATE_CREATED,
		phone_id: settings.phoneId,
	} as const;
	const header = campaignRequestSchema.shape.campaign.safeParse(campaign);
	if (!header.success) {
		// Settings were parsed above; this guards the contract itself against drift.
		throw new Is74InputError('campaign', campaign, describeIssues(header.error).join('; '), 'Check the campaign settings.');
	}

	const reported = [...rejected, ...duplicates].map((entry) => entry.itemIndex);
	const batches: CampaignBatch[] = [];
	for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
		const start = batchIndex * size;
		const end = Math.min(accepted.length, start + size);
		const phones = batchCount === 1 ? accepted : accepted.slice(start, end);
		batches.push({
			body: {
				campaign: {
					...campaign,
					name: batchCount > 1 ? `${settings.name} (${batchIndex + 1}/${batchCount})` : settings.name,
				},
				phones,
			},
			emptyValues: countEmptyValues(phones),
			itemIndexes: batchItems(acceptedItems, start, end, batchIndex === 0 ? reported : []),
			batchNumber: batchIndex + 1,
			batchCount,
		});
	}
	return { batches, rejected, duplicates, recipientCount: accepted.length };
}

/** What became of one part of a split, as errors tell it. */
export interface SplitPart {
	/** yes: created; maybe: may exist; no: provably not created, or never sent; later: sent after the error that tells it. */
	exists: 'yes' | 'maybe' | 'no' | 'later';
	/** Shown after the part's name: "ID 1001, created", "not created (this error)"… */
	state: string;
}

/** The contacts of one part of a split: how many, where in the list (a long part), and their phones (a long part: first and last). */
function partContacts(plan: CampaignPlan, batch: CampaignBatch): string {
	const phones = batch.body.phones.map((entry) => entry.phone);
	if (phones.length <= 3) return `${phones.length === 1 ? '1 contact' : `${phones.length} contacts`}: ${phones.join(', ')}`;
	const start = plan.batches.slice(0, batch.batchNumber - 1).reduce((sum, earlier) => sum + earlier.body.phones.length, 0);
	return `${phones.length} contacts, numbers ${start + 1} to ${start + phones.length} of the ${plan.recipientCount} kept from the list: ${phones[0]} … ${phones[phones.length - 1]}`;
}

/** `"A"`, `"A" and "B"`, `"A", "B" and "C"`. */
function namesOf(names: string[]): string {
	return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A split sent in part (`parts[i]` is what became of `plan.batches[i]`): what became of each part,
 * and how to reach the people of the parts not created without calling anyone twice. Sending the
 * whole list again, under any name or guard rail, would create the existing parts again.
 */
export function splitSentInPart(plan: CampaignPlan, parts: SplitPart[]): { status: string; fix: string } {
	const name = (index: number) => `"${plan.batches[index].body.campaign.name ?? ''}"`;
	const where = (exists: SplitPart['exists']) => parts.flatMap((part, index) => (part.exists === exists ? [index] : []));
	const [missing, maybe] = [where('no'), where('maybe')];
	const existing = parts.flatMap((part, index) => (part.exists === 'yes' || part.exists === 'maybe' ? [name(index)] : []));
	const fix: string[] = [];
	if (missing.length > 0) {
		fix.push(`To reach the people not called yet, run again with only the contacts of ${namesOf(missing.map((index) => `${name(index)} (${partContacts(plan, plan.batches[index])})`))}.`);
	}
	if (maybe.length > 0) fix.push(`Check the platform for ${namesOf(maybe.map(name))} before sending ${maybe.length === 1 ? 'its' : 'their'} contacts again.`);
	if (existing.length > 0) {
		const later = where('later').length > 0 ? ' (and any part sent after this one)' : '';
		const people = existing.length === 1 && later === '' ? 'its' : 'their';
		fix.push(`Do not send the whole list again: that would create ${namesOf(existing)} again${later} and call ${people} people twice.`);
	}
	return { status: parts.map((part, index) => `${name(index)}: ${part.state}`).join('; '), fix: fix.join(' ') };
}
