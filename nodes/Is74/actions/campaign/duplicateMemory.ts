/**
 * Duplicate Protection's memory kept in the node's workflow static data (what it holds:
 * domain/duplicateMemory.ts). n8n saves static data after production executions (trigger, webhook,
 * chat) but not after manual ones; within one execution repeated tool calls share it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { campaignKey, campaignsOf, remember, saltOf, type CampaignIdentity, type CampaignMemory, type RememberedCampaign } from '../../domain/duplicateMemory';
import { settingsContext } from './config';

/** The key of the node's static data that holds the memory. */
const MEMORY_KEY = 'campaignMemory';

/** Why a claimed campaign "may exist" while its create is on its way. */
const SENDING = 'another call of this node was sending it';

type Outcome = { id: number } | { mayExist: string } | 'nothing created';

/**
 * The creates on their way, per static data object (the tool calls of one execution share it): a call
 * that finds another's claim waits for that create's outcome instead of guessing that it "may exist".
 */
const sending = new WeakMap<object, Map<string, { settled: Promise<void>; settle: () => void }>>();

/**
 * The campaigns this node remembers, kept live in the node's static data: the tool calls an agent makes
 * at once share it, so each reads and writes it whole, with no await between, and a campaign is
 * claimed before it is sent.
 */
export class CampaignMemoryStore {
	/** The salt every key of this store is hashed with: stored before any key is computed. */
	private readonly salt: string;

	private readonly today: string;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.today = settingsContext(ctx).today;
		const stored = this.staticData()[MEMORY_KEY];
		this.salt = saltOf(stored).salt;
		// Stored at once, in every mode (Dry Run too): every key is hashed with a salt the memory keeps,
		// and every call of this execution hashes with the same one.
		this.write(campaignsOf(stored, this.today));
	}

	private staticData(): IDataObject {
		return this.ctx.getWorkflowStaticData('node');
	}

	private read(): Record<string, RememberedCampaign> {
		return campaignsOf(this.staticData()[MEMORY_KEY], this.today);
	}

	/** Every write stores the salt the keys were computed with. */
	private write(campaigns: Record<string, RememberedCampaign>): void {
		const memory: CampaignMemory = { salt: this.salt, campaigns };
		// A new object each time, so n8n sees the static data changed and saves it.
		this.staticData()[MEMORY_KEY] = memory as unknown as IDataObject;
	}

	private inFlight(): Map<string, { settled: Promise<void>; settle: () => void }> {
		const data = this.staticData();
		let creates = sending.get(data);
		if (!creates) sending.set(data, (creates = new Map()));
		return creates;
	}

	keyOf(body: CampaignIdentity): string {
		return campaignKey(this.salt, body);
	}

	/** What the memory holds for `key`; a create another call has on its way is judged when it is claimed. */
	find(key: string): RememberedCampaign | undefined {
		return this.inFlight().has(key) ? undefined : this.read()[key];
	}

	/**
	 * Marks `key` as being sent, or returns what the memory holds for it. A create another call of
	 * this execution has on its way is waited for: once it is settled, the memory tells the truth.
	 */
	async claim(key: string, date: string): Promise<RememberedCampaign | undefined> {
		for (let other = this.inFlight().get(key); other; other = this.inFlight().get(key)) await other.settled;
		const campaigns = this.read();
		const earlier = campaigns[key];
		if (earlier) return earlier;
		remember(campaigns, key, { mayExist: SENDING, at: new Date().toISOString(), date });
		this.write(campaigns);
		let settle!: () => void;
		const settled = new Promise<void>((resolve) => {
			settle = resolve;
		});
		this.inFlight().set(key, { settled, settle });
		return undefined;
	}

	/**
	 * What became of a claimed campaign: its ID, why it may exist, or nothing created (the platform
	 * provably did not act on it: forgotten, so it may be sent again).
	 */
	settle(key: string, outcome: Outcome, date: string): void {
		const campaigns = this.read();
		if (outcome === 'nothing created') delete campaigns[key];
		else remember(campaigns, key, { ...outcome, at: new Date().toISOString(), date });
		this.write(campaigns);
		const creates = this.inFlight();
		creates.get(key)?.settle();
		creates.delete(key);
	}
}
