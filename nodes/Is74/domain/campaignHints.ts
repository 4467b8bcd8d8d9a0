/**
 * What a person running IS74 Campaign in the editor must not miss, as short texts n8n shows above the
 * output (execution hints): Dry Run, skipped phones, empty scenario values, duplicates, splits.
 * Composed from the output items (and what failed campaigns were planned to be). n8n renders a hint
 * as HTML, so every text taken from the data (phones, keys, names) is escaped: a phone from a web form
 * holding a link shows as text, not as a live link inside the node's own warning.
 */
import { showValue } from './inputError';
import { escapeHtml } from './text';

/** The fields of one Campaign output item that the hints read. */
export interface CampaignOutcome {
	name: string;
	dryRun?: boolean;
	recipientsSent: number;
	duplicatesRemoved: number;
	rejectedPhones: Array<{ itemIndex: number; listIndex?: number; value: unknown; reason: string }>;
	emptyScenarioValues: Record<string, number>;
	batchNumber: number;
	batchCount: number;
}

export interface CampaignHint {
	message: string;
	type: 'info' | 'warning';
}

/** How many entries a hint lists before "and N more": enough to recognise them, short enough to read. */
const LISTED_PHONES = 3;
const LISTED_KEYS = 5;
const LISTED_SPLITS = 3;

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `shown` entries joined, with "and N more <what>" when some were left out. */
function listed(shown: string[], total: number, what = ''): string {
	const rest = total - shown.length;
	return rest > 0 ? `${shown.join(', ')} and ${rest} more${what ? ` ${rest === 1 ? what : `${what}s`}` : ''}` : shown.join(', ');
}

function dryRunHint(outcomes: CampaignOutcome[]): CampaignHint {
	const recipients = outcomes.reduce((sum, outcome) => sum + outcome.recipientsSent, 0);
	const one = outcomes.length === 1;
	return {
		type: 'warning',
		message:
			`Dry Run: nothing was sent and nobody was called. ${count(outcomes.length, 'campaign')} for ${count(recipients, 'recipient')} ` +
			`${one ? 'is shown as it' : 'are shown as they'} would be sent. To create ${one ? 'it' : 'them'}, turn off Options → Dry Run.`,
	};
}

function skippedHint(rejected: CampaignOutcome['rejectedPhones']): CampaignHint {
	const shown = rejected
		.slice(0, LISTED_PHONES)
		.map(({ value, itemIndex, listIndex }) => `${escapeHtml(showValue(value))} (item ${itemIndex}${listIndex === undefined ? '' : `, list entry ${listIndex}`})`);
	const one = rejected.length === 1;
	return {
		type: 'warning',
		message: `${count(rejected.length, 'phone')} ${one ? 'was' : 'were'} skipped and will not be called: ${listed(shown, rejected.length)}. The ${one ? 'reason is' : 'reasons are'} in rejectedPhones.`,
	};
}

function emptyValuesHint(counts: Map<string, number>): CampaignHint {
	const shown = [...counts].slice(0, LISTED_KEYS).map(([key, contacts]) => `${escapeHtml(JSON.stringify(key))} for ${count(contacts, 'contact')}`);
	return {
		type: 'warning',
		message: `Scenario values sent as empty text: ${listed(shown, counts.size, 'key')}. See emptyScenarioValues; Options → Empty Scenario Values can refuse them.`,
	};
}

function duplicatesHint(removed: number): CampaignHint {
	return {
		type: 'info',
		message: `${count(removed, 'duplicate phone')} ${removed === 1 ? 'was' : 'were'} removed: each number is called once per campaign (Options → Remove Duplicate Phones).`,
	};
}

/** `firsts`: the first campaign of each split list, which is full, so its size is the limit. */
function splitHint(firsts: CampaignOutcome[]): CampaignHint {
	const suffix = (outcome: CampaignOutcome): string => ` (1/${outcome.batchCount})`;
	const shown = firsts.slice(0, LISTED_SPLITS).map((outcome) => {
		const base = outcome.name.endsWith(suffix(outcome)) ? outcome.name.slice(0, -suffix(outcome).length) : outcome.name;
		return `${escapeHtml(JSON.stringify(base))} into ${outcome.batchCount}`;
	});
	return {
		type: 'info',
		message: `Split into several campaigns of at most ${count(firsts[0].recipientsSent, 'recipient')} (Options → Max Recipients per Campaign): ${listed(shown, firsts.length, 'list')}.`,
	};
}

/**
 * The hints for one run's campaign outputs (`made`, error items left out), most important first; none
 * for a clean run. `failed`: the campaigns whose create failed under Continue On Fail, as planned: their
 * skipped phones, duplicates and split are still facts of the run (a split's first part carries the
 * skipped phones), but they sent no empty values.
 */
export function campaignHints(made: CampaignOutcome[], failed: CampaignOutcome[] = []): CampaignHint[] {
	const hints: CampaignHint[] = [];
	const planned = [...made, ...failed];
	if (planned.length === 0) return hints;
	if (made.some((outcome) => outcome.dryRun === true)) hints.push(dryRunHint(made));
	const rejected = planned.flatMap((outcome) => outcome.rejectedPhones);
	if (rejected.length > 0) hints.push(skippedHint(rejected));
	const empty = new Map<string, number>();
	for (const outcome of made) {
		for (const [key, contacts] of Object.entries(outcome.emptyScenarioValues)) empty.set(key, (empty.get(key) ?? 0) + contacts);
	}
	if (empty.size > 0) hints.push(emptyValuesHint(empty));
	const removed = planned.reduce((sum, outcome) => sum + outcome.duplicatesRemoved, 0);
	if (removed > 0) hints.push(duplicatesHint(removed));
	const splits = planned.filter((outcome) => outcome.batchCount > 1 && outcome.batchNumber === 1);
	if (splits.length > 0) hints.push(splitHint(splits));
	return hints;
}
