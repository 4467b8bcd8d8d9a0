/* eslint-disable @n8n/community-nodes/no-restricted-globals -- waits between polls */
/**
 * The queue suite's trigger scenario (shared by its files), run with n8n's durable scheduler off and on: a campaign whose
 * dialogs reach the platform when the test reveals them, and the proof that each dialog starts exactly
 * one execution across polls and a restart of the main process.
 */
import type { DialogRow } from '../../simulator/dialogs';
import type { Is74Simulator } from '../../simulator/server';
import type { QueueCluster } from '../../harness/queueMode';

export const TRIGGER_PREFIX = '+7913';

export const triggerPhones = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `${TRIGGER_PREFIX}${String(from + index).padStart(7, '0')}`);

/** Polls `read` every half second until `done`; on timeout the error carries the cluster's logs. */
export async function until<T>(cluster: QueueCluster, what: string, read: () => T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs / 1000} s\n${cluster.logs()}`);
		await new Promise((wait) => setTimeout(wait, 500));
	}
}

/** A campaign of 15 dialogs for the trigger; each reaches the platform once revealed. */
export class PolledDialogs {
	readonly campaignId: number;
	private readonly revealed = new Set<string>();

	/** The campaign is called today, its one-minute window ten minutes ago (platform time, UTC+5). */
	constructor(private readonly sim: Is74Simulator) {
		const local = new Date(Date.now() - 10 * 60_000 + 5 * 3_600_000);
		if (local.getUTCHours() === 23 && local.getUTCMinutes() === 59) local.setUTCMinutes(58);
		const hhmm = (date: Date) => date.toISOString().slice(11, 16);
		this.campaignId = sim.seedCampaign({
			campaign: {
				project_id: 1,
				name: 'Polled in queue mode',
				start_block_id: 10,
				phone_id: 5,
				state: 'Создано',
				schedule: { date: local.toISOString().slice(0, 10), start_time: hhmm(local), end_time: hhmm(new Date(local.getTime() + 60_000)), periods: { id: 1, title: 'Однократно' }, attempts: { id: 1, title: '1' }, interval: '0' },
			},
			phones: triggerPhones(0, 15).map((phone) => ({ phone })),
		}).id;
		this.arrive();
	}

	/** Trigger dialogs reach the platform when revealed; every other dialog at once (sim.reset() forgets this: call again). */
	arrive(): void {
		this.sim.setArrivalDelay((row: DialogRow) => {
			if (!String(row.phone_number).startsWith(TRIGGER_PREFIX)) return Number.NEGATIVE_INFINITY;
			return this.revealed.has(String(row.phone_number)) ? 0 : Number.POSITIVE_INFINITY;
		});
	}

	reveal(from: number, to: number): void {
		for (const phone of triggerPhones(from, to)) this.revealed.add(phone);
	}

	/** The report requests the trigger made for this campaign. */
	polls(): number {
		return this.sim.requests('report').filter((entry) => (entry.body as { analytics_filter: { outgoing_campaign_id: number } }).analytics_filter.outgoing_campaign_id === this.campaignId).length;
	}
}

/**
 * The trigger workflow (triggerWorkflow, published, the first five dialogs revealed before the main
 * started) emits each new dialog in exactly one execution: at start-up, at the next poll, after a
 * restart of the main process (dialogs that arrived while it was down), and nothing at one more poll.
 * The executions run on the workers.
 */
export async function provesTriggerAcrossRestart(cluster: QueueCluster, dialogs: PolledDialogs, workflowId: string): Promise<void> {
	const emitted = () =>
		cluster
			.executions(workflowId)
			.filter((row) => row.status === 'success')
			.map((row) => (cluster.executionData(row.id).resultData.runData['IS74 Trigger']?.[0]?.data?.main[0] ?? []).map((item) => String(item.json.phone_number)).sort());
	// Activation at start-up polled once (or the first scheduled poll did): the five dialogs there were.
	expect(await until(cluster, 'the first poll', emitted, (batches) => batches.length >= 1, 180_000)).toEqual([triggerPhones(0, 5)]);

	dialogs.reveal(5, 10);
	expect(await until(cluster, 'the next poll', emitted, (batches) => batches.length >= 2, 150_000)).toEqual([triggerPhones(0, 5), triggerPhones(5, 10)]);

	// Dialogs that arrive while the main process is down are emitted once, after it comes back.
	await cluster.stopProcess('main');
	dialogs.reveal(10, 15);
	await cluster.startMain();
	expect(await until(cluster, 'the poll after the restart', emitted, (batches) => batches.length >= 3, 180_000)).toEqual([triggerPhones(0, 5), triggerPhones(5, 10), triggerPhones(10, 15)]);

	// One more poll finds nothing new: no execution starts.
	const before = dialogs.polls();
	await until(cluster, 'one more poll', () => dialogs.polls(), (count) => count > before, 150_000);
	await new Promise((wait) => setTimeout(wait, 5_000));
	expect(emitted()).toEqual([triggerPhones(0, 5), triggerPhones(5, 10), triggerPhones(10, 15)]);
	expect(cluster.executions(workflowId).map((row) => row.status)).toEqual(['success', 'success', 'success']);
	// The trigger polls on the main process; the executions it starts run on the workers.
	const byWorker = Object.values(cluster.executionsByWorker()).flat();
	for (const row of cluster.executions(workflowId)) expect(byWorker).toContain(row.id);
}
