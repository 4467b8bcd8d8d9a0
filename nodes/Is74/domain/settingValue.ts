/**
 * The one rule for reading a guard rail or a numeric option: a value is valid, or the run is refused
 * before anything is sent. Only the editor's untouched default (an option never added to its
 * collection) means "off" or the default; a value that is nothing (a missing field, null, '') never
 * does, whether an expression gave it or an imported workflow holds it. Pure module: no n8n imports.
 */
import { Is74InputError, showValue } from './inputError';
import { parseWholeNumber } from './numbers';

/** How one option of a collection parameter was given for an item. */
export type Given = { how: 'untouched' } | { how: 'typed' | 'expression'; value: unknown };

export interface SettingRule<T> {
	/** The field as errors name it ("Guard Rails → Max Recipients per Execution"). */
	field: string;
	/** What the option means when it was never added in the editor. */
	untouched: T;
	/** A value given: valid, or an Is74InputError. */
	parse(value: unknown): T;
	/** How to fix an empty value. */
	emptyHint: string;
	/** What an empty text typed by hand means, when it means something (Allowed Phone Prefixes: every number). */
	typedEmpty?: T;
}

const isNothing = (value: unknown): boolean => value === undefined || value === null || value === '';

export function readSetting<T>(given: Given, rule: SettingRule<T>): T {
	if (given.how === 'untouched') return rule.untouched;
	const { value } = given;
	if (!isNothing(value)) return rule.parse(value);
	if (given.how === 'typed' && value === '' && rule.typedEmpty !== undefined) return rule.typedEmpty;
	const problem = given.how === 'expression' ? `the expression gave no value (${showValue(value)})` : 'is empty';
	throw new Is74InputError(rule.field, value, problem, rule.emptyHint);
}

/** A whole number from `min` to `max`. */
export function wholeNumberRule(rule: {
	field: string;
	min: number;
	max: number;
	untouched: number;
	/** What 0 stands for ("no limit"), if anything. */
	zeroMeans?: string;
	/** The unit shown in the fix ("seconds"). */
	unit?: string;
	/** Added to the fix of an empty value. */
	emptyNote?: string;
}): SettingRule<number> {
	const { field, min, max, zeroMeans, unit } = rule;
	const range = `a whole number from ${min} to ${max}${zeroMeans ? ` (0 means ${zeroMeans})` : ''}`;
	return {
		field,
		untouched: rule.untouched,
		parse: (value) => parseWholeNumber(value, field, min, max, zeroMeans ? `Use 0 for ${zeroMeans}.` : `Use ${min} to ${max}${unit ? ` ${unit}` : ''}.`),
		emptyHint: `Make it give ${range}, or type the number.${rule.emptyNote ?? ''}`,
	};
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isExpression = (raw: unknown): boolean => typeof raw === 'string' && raw.startsWith('=');

/**
 * How each option of a collection parameter (Guard Rails, Options) was given for one item, from the
 * parameter as stored (`raw`: expressions unresolved) and as n8n resolved it for the item.
 *
 * n8n never evaluates a whole collection given as one expression (`"guardRails": "={{ $json.rails }}"`
 * in an imported or API-made workflow): loading the workflow turns it into `{}` before the node runs
 * (NodeHelpers.getNodeParameters). Whoever must tell that apart from an untouched collection gives the
 * collection a default that is not `{}` (Guard Rails). Should a raw expression ever reach here, it is
 * refused rather than read as "nothing added".
 */
export function givenOptions(raw: unknown, resolved: unknown, field: string): (key: string) => Given {
	if (raw !== undefined && !isObject(raw)) {
		throw new Is74InputError(field, raw, 'cannot be given as one expression', `Add the ${field} one by one, each with its own value or expression.`);
	}
	const stored = raw ?? {};
	const values = isObject(resolved) ? resolved : {};
	return (key) => (key in stored ? { how: isExpression(stored[key]) ? 'expression' : 'typed', value: values[key] } : { how: 'untouched' });
}

const TRUE_OR_FALSE = 'Make it give true or false, or switch it on or off without an expression.';

/** true or false, nothing else: 0, 1, "false" or "true" are refused, never read as JavaScript truthiness. */
export function booleanRule(rule: { field: string; untouched: boolean; emptyNote?: string }): SettingRule<boolean> {
	const { field } = rule;
	return {
		field,
		untouched: rule.untouched,
		parse: (value) => {
			if (typeof value === 'boolean') return value;
			throw new Is74InputError(field, value, `gave ${showValue(value)}, not true or false`, TRUE_OR_FALSE);
		},
		emptyHint: `${TRUE_OR_FALSE}${rule.emptyNote ?? ''}`,
	};
}

/** One of an option list's values (`choices`, as the editor lists them), nothing else. */
export function choiceRule<T extends string>(rule: { field: string; untouched: T; choices: ReadonlyArray<{ name: string; value: T }> }): SettingRule<T> {
	const { field, choices } = rule;
	const listed = choices.map(({ name, value }) => `"${name}" (${value})`);
	const fix = `Choose ${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}; an expression must give one of these values.`;
	return {
		field,
		untouched: rule.untouched,
		parse: (value) => {
			const choice = choices.find((entry) => entry.value === value);
			if (choice) return choice.value;
			throw new Is74InputError(field, value, `is ${showValue(value)}, which is not one of the choices`, fix);
		},
		emptyHint: fix,
	};
}

/** How a parameter outside any collection was given: typed, or by an expression (`raw` as stored). */
export function givenParameter(raw: unknown, resolved: unknown): Given {
	return raw === undefined ? { how: 'untouched' } : { how: isExpression(raw) ? 'expression' : 'typed', value: resolved };
}

/**
 * A collection holding nothing at all, where its default holds something: not a choice made in the
 * editor, but what n8n leaves of the collection given as one expression (see givenOptions).
 */
export function refuseEmptyCollection(raw: unknown, field: string, problem: string, hint: string): void {
	if (isObject(raw) && Object.keys(raw).length > 0) return;
	throw new Is74InputError(field, raw, problem, hint);
}
