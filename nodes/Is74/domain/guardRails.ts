/**
 * Limits a business sets on the Campaign node, above all for AI agents that use it as a tool: which
 * numbers may be called, and how many people one run may call. Pure module: no n8n imports.
 */
import { Is74InputError } from './inputError';
import { booleanRule, refuseEmptyCollection, wholeNumberRule, type SettingRule } from './settingValue';
import { commaList } from './text';

export const GUARD_FIELD = {
	allowedPrefixes: 'Guard Rails → Allowed Phone Prefixes',
	maxRecipients: 'Guard Rails → Max Recipients per Execution',
	duplicateProtection: 'Guard Rails → Duplicate Protection',
} as const;

/** Spaces, dashes and brackets a person may write inside a prefix ("+7 912"). */
const PREFIX_SEPARATORS = /[\s\-()]/g;

const CLEAR_TO_ALLOW_ALL = 'To allow every number, clear the field completely (an empty field, not an expression).';

/**
 * The prefixes of "Allowed Phone Prefixes" ("+7, +375"): each "+" and 1 to 15 digits. Text of only
 * separators holds no prefix and is refused: only the field left empty by hand allows every number
 * (GUARD_RAILS.allowedPrefixes).
 */
export function parseAllowedPrefixes(value: unknown): string[] {
	if (typeof value !== 'string') {
		throw new Is74InputError(GUARD_FIELD.allowedPrefixes, value, 'must be text', 'Write prefixes separated by commas, for example "+7, +375".');
	}
	const prefixes = commaList(value.replace(/[;\r\n]/g, ',')).map((prefix) => prefix.replace(PREFIX_SEPARATORS, ''));
	if (prefixes.length === 0) {
		throw new Is74InputError(GUARD_FIELD.allowedPrefixes, value, 'holds only separators, no prefix', `Write prefixes such as "+7" or "+7, +375". ${CLEAR_TO_ALLOW_ALL}`);
	}
	for (const prefix of prefixes) {
		if (!/^\+\d{1,15}$/.test(prefix)) {
			throw new Is74InputError(
				GUARD_FIELD.allowedPrefixes,
				value,
				`has "${prefix}", which is not "+" followed by digits`,
				'Write international prefixes separated by commas, for example "+7" (Russia and Kazakhstan), "+7912" or "+7, +375". Leave it empty to allow every number.',
			);
		}
	}
	return [...new Set(prefixes)];
}

const NEVER_OFF = ' An empty value never switches a guard rail off.';

/**
 * How each guard rail is read (domain/settingValue.ts): left out of the collection (removed in the
 * editor, or never added in a workflow saved before every rail had a default), it is off; typed or
 * given by an expression, it must be valid. Only Allowed Phone Prefixes left empty by hand means
 * "every number"; Guard Rails with no rail at all are refused (checkSomeGuardRail).
 */
export const GUARD_RAILS = {
	allowedPrefixes: {
		field: GUARD_FIELD.allowedPrefixes,
		untouched: [],
		typedEmpty: [],
		parse: parseAllowedPrefixes,
		emptyHint: `Make it give prefixes such as "+7", or type them. ${CLEAR_TO_ALLOW_ALL}`,
	} satisfies SettingRule<string[]>,
	maxRecipients: wholeNumberRule({ field: GUARD_FIELD.maxRecipients, min: 0, max: Number.MAX_SAFE_INTEGER, untouched: 0, zeroMeans: 'no limit', emptyNote: NEVER_OFF }),
	duplicateProtection: booleanRule({ field: GUARD_FIELD.duplicateProtection, untouched: false, emptyNote: NEVER_OFF }),
};

/**
 * Guard Rails holding no rail at all: not a choice made in the editor (its default holds every rail,
 * in both variants), but what n8n leaves of Guard Rails given as one expression, whatever it gave.
 */
export function checkSomeGuardRail(raw: unknown): void {
	refuseEmptyCollection(
		raw,
		'Guard Rails',
		'holds no guard rail',
		'n8n drops Guard Rails given as one expression (as an imported or API-made workflow may give them), so none could be read. Set each guard rail in its own field; to switch one off, say so there: Allowed Phone Prefixes empty, Max Recipients per Execution 0, Duplicate Protection off.',
	);
}

/** Why `phone` (normalized) may not be called under `allowed`, or undefined when it may. */
export function prefixRefusal(phone: string, allowed: readonly string[]): string | undefined {
	if (allowed.length === 0 || allowed.some((prefix) => phone.startsWith(prefix))) return undefined;
	const written = phone.startsWith('+') ? '' : ' (a number without "+" has no country the list can check; with Options → Normalize Phones on, Russian numbers get +7)';
	return `is not in the allowed phone prefixes ${allowed.join(', ')}${written}`;
}

export function allowedPrefixesHint(allowed: readonly string[]): string {
	return `This node may only call numbers starting with ${allowed.join(', ')}. To call it, add its prefix to ${GUARD_FIELD.allowedPrefixes} (or empty that field to allow every number); otherwise remove the number, or set Options → On Invalid Phone to "Skip and Report".`;
}

/** Refuses a run that would call more than `max` people (0 = no limit), counted over all its campaigns. */
export function checkRecipientTotal(total: number, max: number, campaignCount: number): void {
	if (max === 0 || total <= max) return;
	const spread = campaignCount > 1 ? ` in ${campaignCount} campaigns` : '';
	throw new Is74InputError(
		GUARD_FIELD.maxRecipients,
		max,
		`this run would call ${total} recipients${spread}, more than the limit of ${max}; nothing was sent`,
		`Call at most ${max} people per run (split the list over several runs), or raise ${GUARD_FIELD.maxRecipients} (0 means no limit).`,
	);
}
