import { runWorkflow } from '../harness/n8nHarness';
import { analyticsNode, campaignNode, tokenCredential, useSimulator } from '../helpers';

const sim = useSimulator({ logBodies: false });

// Size checks, not benchmarks: they assert that the work completes and is complete, never how fast.
test('100,000 input items become one campaign request with 100,000 recipients', async () => {
	const items = Array.from({ length: 100_000 }, (_, index) => ({ phone: `+79${String(index).padStart(9, '0')}`, name: `C${index}` }));
	const result = await runWorkflow({ items, nodes: [campaignNode()], credential: tokenCredential(sim()) });
	expect(result.error).toBeUndefined();
	expect(sim().requests('campaigns')).toHaveLength(1);
	const created = sim().campaigns.get(result.output['IS74 Campaign'][0].json.campaignId as number);
	expect(created?.body.phones).toHaveLength(100_000);
	expect(result.output['IS74 Campaign'][0].json.recipientsSent).toBe(100_000);
}, 300_000);

test('a 1,000,000-row report becomes 1,000,000 items', async () => {
	sim().setLargeReport(1_000_000);
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode({ options: { timeoutSeconds: 300 } })], credential: tokenCredential(sim()) });
	expect(result.error).toBeUndefined();
	const rows = result.output['IS74 Analytics'];
	expect(rows).toHaveLength(1_000_000);
	expect(rows[999_999].json.phone_number).toBe('+79000999999');
}, 300_000);
