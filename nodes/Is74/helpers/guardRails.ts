/**
 * Limits a business sets on the Campaign node, above all for AI agents that use it as a tool: which
 * numbers may be called, and how many people one run may call. Pure module: no n8n imports.
 */
import { Is74InputError } from './inputError';
import { commaList } from './text';

export const GUARD_FIELD = {
	allowedPrefixes: 'Guard Rails → Allowed Phone Prefixes',
	maxRecipients: 'Guard Rails → Max Recipients per Execution',
	duplicateProtection: 'Guard Rails → Duplicate Protection',
} as const;

/** Spaces, dashes and brackets a person may write inside a prefix ("+7 912"). */
const PREFIX_SEPARATORS = /[\s\-()]/g;

/**
 * The prefixes of "Allowed Phone Prefixes" ("+7, +375"): each "+" and 1 to 15 digits. Empty means
 * every number is allowed.
 */
export function parseAllowedPrefixes(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	if (typeof value !== 'string') {
		throw new Is74InputError(GUARD_FIELD.allowedPrefixes, value, 'must be text', 'Write prefixes separated by commas, for example "+7, +375".');
	}
	const prefixes = commaList(value.replace(/[;\r\n]/g, ',')).map((prefix) => prefix.replace(PREFIX_SEPARATORS, ''));
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
