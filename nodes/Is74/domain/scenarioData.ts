/**
 * Scenario data: the per-contact values a voice scenario reads (API field phones[].add_data), from
 * Define Below rows, all fields of a contact or a JSON object; what counts as empty, and the rule of
 * Options → Empty Scenario Values. Pure module: no n8n imports.
 */
import type { CampaignRequestBody } from './apiContract';
import { FIELD } from './campaignSettings';
import { Is74InputError, showValue } from './inputError';
import { booleanRule, choiceRule, readSetting, type Given } from './settingValue';
import { hasVisibleCharacter } from './text';

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
		checkScenarioKey(key, value);
		data[key] = scenarioValue(key, source[key]);
	}
	return data;
}

/** One scenario value as it is sent: text, a number or true/false; anything empty becomes "". */
function scenarioValue(key: string, raw: unknown): string | number | boolean {
	if (raw === null || raw === undefined) return '';
	// Text that shows nothing goes out as "", like a missing value: one kind of empty for the scenario.
	if (typeof raw === 'string') return hasVisibleCharacter(raw) ? raw : '';
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
	throw new Is74InputError(
		`${FIELD.scenarioData} → "${key}"`,
		raw,
		'must be text, a number or true/false',
		'Pick a single field of it, or turn it into text with JSON.stringify().',
	);
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
 * The rule the options give (domain/settingValue.ts), or a refusal. `allowEmptyValues: true` (the
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

/** A contact's scenario data, and why it must not be sent if it is (see Contact.refusal in campaignPlan.ts). */
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
		data[key] = scenarioValue(key, value);
	}
	return { data: data as ScenarioData, refusal };
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
