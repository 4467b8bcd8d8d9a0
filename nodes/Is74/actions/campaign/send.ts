/** Sends the planned campaigns: each create once, and every error names what the run may already have made. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { API_PATHS } from '../../domain/apiContract';
import { campaignIdOf } from '../../domain/campaignAnswer';
import { alreadyCreatedError } from '../../domain/duplicateMemory';
import type { CampaignSettings } from '../../domain/campaignSettings';
import { splitSentInPart, type CampaignBatch, type CampaignPlan, type SplitPart } from '../../domain/campaignPlan';
import { is74Request } from '../../transport';
import type { RequestSettings } from '../../transport/context';
import { answerExcerpt, failureFacts } from '../../transport/failures';
import { addToDescription, continuesAfterFailure, toNodeError } from '../../helpers/nodeErrors';
import type { ItemConfig } from './config';
import type { CampaignMemoryStore } from './duplicateMemory';

/** The campaigns planned from one item, or from one group of items. */
export interface PlannedCampaigns {
	plan: CampaignPlan;
	config: ItemConfig;
	/** The item errors are reported against. */
	itemIndex: number;
}

/** What a batch's output says of it, whatever became of its create (the first part of a split carries the plan's rejects and duplicates). */
export function summaryJson(plan: CampaignPlan, batch: CampaignBatch, settings: CampaignSettings): IDataObject {
	const first = batch.batchNumber === 1;
	return {
		name: batch.body.campaign.name,
		projectId: settings.projectId,
		startBlockId: settings.startBlockId,
		phoneId: settings.phoneId,
		recipientsSent: batch.body.phones.length,
		duplicatesRemoved: first ? plan.duplicates.length : 0,
		rejectedPhones: first ? (plan.rejected as unknown as IDataObject[]) : [],
		emptyScenarioValues: batch.emptyValues,
		schedule: batch.body.campaign.schedule as unknown as IDataObject,
		batchNumber: batch.batchNumber,
		batchCount: batch.batchCount,
	};
}

/** Sends one create and returns the answer's text; transport failures throw. */
async function sendBatch(ctx: IExecuteFunctions, batch: CampaignBatch, itemIndex: number, settings: RequestSettings): Promise<string> {
	return await is74Request(
		ctx,
		{ method: 'POST', path: API_PATHS.campaigns, body: batch.body, itemIndex, purpose: `create the campaign "${batch.body.campaign.name}"` },
		'createOnce',
		settings,
	);
}

/** The error for a create the API accepted (2xx) without an ID a report could find it by. */
async function withoutIdError(ctx: IExecuteFunctions, batch: CampaignBatch, problem: 'missing' | 'unusable', body: string, itemIndex: number): Promise<NodeApiError> {
	const message = `IS74 API accepted the campaign "${batch.body.campaign.name}" but its answer holds no ${problem === 'unusable' ? 'usable ' : ''}campaign ID`;
	const hint = `The campaign was probably created and may exist: check the platform before running again. The answer was: ${(await answerExcerpt(ctx, body)) || '(empty)'}`;
	return new NodeApiError(ctx.getNode(), { message, description: hint }, { itemIndex, message, description: hint });
}

/** A create of this run that may have reached the platform, for the errors that follow it. */
interface SentCampaign {
	name: string;
	itemIndexes: number[];
	/** The campaign ID, when the answer held one. */
	id?: number;
	/** Otherwise why the campaign may exist anyway. */
	mayExist?: string;
}

const MAX_LISTED_ITEMS = 5;

/** What a Dry Run output says to the person who approves it. */
export const DRY_RUN_NOTE =
	'Dry run (propose only): nothing was sent and nobody was called. To create this campaign, run the node with Options → Dry Run off, or approve this request.';

function describeItems(itemIndexes: number[]): string {
	const shown = itemIndexes.slice(0, MAX_LISTED_ITEMS).join(', ');
	const more = itemIndexes.length > MAX_LISTED_ITEMS ? ` and ${itemIndexes.length - MAX_LISTED_ITEMS} more` : '';
	return `${itemIndexes.length === 1 ? 'item' : 'items'} ${shown}${more}`;
}

/**
 * What a re-run must not create again: `Campaigns already created in this run: ID 1001 "Debtors"
 * (item 0). Campaigns that may exist from this run: "VIP" (items 1, 4): may exist — HTTP 503.`
 */
function describeSent(sent: SentCampaign[]): string {
	const known = sent.filter((campaign) => campaign.id !== undefined);
	const maybe = sent.filter((campaign) => campaign.id === undefined);
	const parts: string[] = [];
	if (known.length > 0) {
		parts.push(`Campaigns already created in this run: ${known.map(({ id, name, itemIndexes }) => `ID ${id} "${name}" (${describeItems(itemIndexes)})`).join(', ')}.`);
	}
	if (maybe.length > 0) {
		parts.push(`Campaigns that may exist from this run: ${maybe.map(({ name, itemIndexes, mayExist }) => `"${name}" (${describeItems(itemIndexes)}): may exist — ${mayExist}`).join(', ')}.`);
	}
	return parts.join(' ');
}

/** The creates of one node run. */
export class CampaignRun {
	/** Every create of the run that may have reached the platform, across items and groups. */
	private readonly sent: SentCampaign[] = [];

	/** What became of each part of a split sent so far: a failed part's error tells every part. */
	private readonly parts = new Map<CampaignBatch, SplitPart>();

	/** `memory`: with Duplicate Protection, where each create that may have reached the platform is recorded. */
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly memory?: CampaignMemoryStore,
	) {}

	/**
	 * Sends one batch (in Dry Run, shows it instead) and returns its output json. A failure throws,
	 * naming every campaign the run made or may have made before it. `memoryKey`: the batch's key in
	 * the duplicate memory, recorded once the API confirmed the create or may have acted on it.
	 */
	async deliver(planned: PlannedCampaigns, batch: CampaignBatch, itemIndexes: number[], memoryKey?: string): Promise<IDataObject[]> {
		const { options, settings } = planned.config;
		const json = summaryJson(planned.plan, batch, settings);
		if (options.dryRun) {
			const proposal = { recipientsToCall: batch.body.phones.length, body: batch.body as unknown as IDataObject };
			return [{ dryRun: true, note: DRY_RUN_NOTE, method: 'POST', path: API_PATHS.campaigns, ...json, ...proposal }];
		}
		const date = batch.body.campaign.schedule.date;
		const memory = memoryKey === undefined ? undefined : this.memory;
		let settled = false;
		const remember = (outcome: { id: number } | { mayExist: string } | 'nothing created'): void => {
			settled = true;
			memory?.settle(memoryKey as string, outcome, date);
		};
		const campaign = { name: batch.body.campaign.name ?? '', itemIndexes };
		let nodeError: NodeApiError | NodeOperationError;
		let mayExist: string | undefined;
		// Claimed just before it leaves: another call of this execution (an agent's tool calls run at
		// once) may have sent the same campaign since the run was prepared; one still on its way is
		// waited for, so the answer says what became of it.
		const earlier = await memory?.claim(memoryKey as string, date);
		if (earlier) {
			nodeError = toNodeError(this.ctx, alreadyCreatedError(campaign.name, earlier), planned.itemIndex);
			addToDescription(nodeError, describeSent(this.sent));
			throw nodeError;
		}
		try {
			try {
				const body = await sendBatch(this.ctx, batch, planned.itemIndex, options.requestSettings);
				const answer = campaignIdOf(body);
				if (answer.ok) {
					remember({ id: answer.value });
					this.sent.push({ ...campaign, id: answer.value });
					this.parts.set(batch, { exists: 'yes', state: `ID ${answer.value}, created` });
					return [{ campaignId: answer.value, ...json }];
				}
				nodeError = await withoutIdError(this.ctx, batch, answer.reason, body, planned.itemIndex);
				mayExist = `accepted without a ${answer.reason === 'unusable' ? 'usable ' : ''}campaign ID`;
			} catch (error) {
				nodeError = toNodeError(this.ctx, error, planned.itemIndex);
				// Only the transport can prove a create was not acted on; any other failure may have been.
				const facts = failureFacts(error);
				if (facts?.mayHaveActed !== false) mayExist = facts?.summary ?? (await answerExcerpt(this.ctx, nodeError.message));
			}
			addToDescription(nodeError, describeSent(this.sent));
			if (mayExist !== undefined) {
				remember({ mayExist });
				this.sent.push({ ...campaign, mayExist });
				this.parts.set(batch, { exists: 'maybe', state: `may exist (${mayExist})` });
			} else {
				remember('nothing created');
				this.parts.set(batch, { exists: 'no', state: 'not created' });
			}
			addToDescription(nodeError, this.splitStatus(planned.plan, batch));
			throw nodeError;
		} finally {
			// A claim is always settled, so a call waiting for it never waits for ever.
			if (!settled) remember({ mayExist: 'the node stopped before it had read the answer' });
		}
	}

	/**
	 * For a part of a split that just failed (`failed`): what became of every part, and how to reach
	 * the people not called yet without calling anyone twice. Empty when no part exists or may exist
	 * and none is still to be sent: then "nothing was created" says it all.
	 */
	private splitStatus(plan: CampaignPlan, failed: CampaignBatch): string {
		if (failed.batchCount < 2) return '';
		const goesOn = continuesAfterFailure(this.ctx);
		const parts = plan.batches.map((batch): SplitPart => {
			const part = this.parts.get(batch);
			if (batch === failed && part) return { ...part, state: `${part.exists === 'maybe' ? 'may exist' : 'not created'} (this error)` };
			if (part) return part;
			return goesOn
				? { exists: 'later', state: 'sent after this one (its own output says what became of it)' }
				: { exists: 'no', state: 'not sent (the run stopped at this error)' };
		});
		if (parts.every((part) => part.exists === 'no')) return '';
		const { status, fix } = splitSentInPart(plan, parts);
		return `The parts of this split: ${status}. ${fix}`;
	}
}
