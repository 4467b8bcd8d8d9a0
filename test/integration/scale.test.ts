import { STREAM_AFTER_BYTES } from '../../nodes/Is74/transport/reportBodyReader';
import { faults } from '../../simulator/server';
import { runWorkflow } from '../../harness/engine';
import { tokenCredential, useSimulator } from '../support/simulator';
import { analyticsNode, campaignNode } from '../../harness/workflowNodes';

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

/** A report body that the node streams (past the threshold), full of text that is not ASCII. */
function multiByteReport(minBytes: number): { text: string; rows: Array<Record<string, unknown>> } {
	const names = ['Ёлкина Мария', 'Пётр "Петя" Иванов', 'Zoë — café', '山田 太郎', 'Оля 👩‍💻', 'back\\slash \\"quoted\\"'];
	const rows: Array<Record<string, unknown>> = [];
	let bytes = 0;
	for (let index = 0; bytes < minBytes; index++) {
		const row = {
			phone_number: `+79${String(index).padStart(9, '0')}`,
			client_name: names[index % names.length],
			comment: index % 3 === 0 ? 'Перезвонить после 18:00, [уточнить] {тариф}, "срочно"' : '',
			duration: index % 300,
			answers: { consent: index % 2 === 0, intent: ['да', 'нет', null][index % 3] },
		};
		rows.push(row);
		bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
	}
	const text = JSON.stringify({ columns: [{ field: 'phone_number', display_name: 'Телефон' }], data: rows, count: rows.length });
	return { text, rows };
}

test('a report past the streaming threshold, full of multi-byte text, gives exactly the rows JSON.parse gives', async () => {
	const { text, rows } = multiByteReport(STREAM_AFTER_BYTES + 1024 * 1024);
	expect(Buffer.byteLength(text)).toBeGreaterThan(STREAM_AFTER_BYTES);
	sim().script('report', { handle: true, status: 200, body: text });
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode()], credential: tokenCredential(sim()) });
	expect(result.error).toBeUndefined();
	const items = result.output['IS74 Analytics'];
	expect(items).toHaveLength(rows.length);
	expect(items.map((item) => item.json)).toEqual(JSON.parse(text).data);
	expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
}, 300_000);

test('a streamed report cut off midway is read again from the start: every row once', async () => {
	sim().setLargeReport(150_000);
	sim().script('report', faults.truncated());
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode({ options: { initialRetryDelayMs: 10, timeoutSeconds: 300 } })], credential: tokenCredential(sim()) });
	expect(result.error).toBeUndefined();
	expect(sim().requests('report')).toHaveLength(2);
	const items = result.output['IS74 Analytics'];
	expect(items).toHaveLength(150_000);
	expect(items[0].json.phone_number).toBe('+79000000000');
	expect(items[149_999].json.phone_number).toBe('+79000149999');
	expect(new Set(items.map((item) => item.json.phone_number)).size).toBe(150_000);
}, 300_000);

test('a malformed row deep in a streamed report stops the node with where it is, and no items', async () => {
	const { text } = multiByteReport(STREAM_AFTER_BYTES + 1024 * 1024);
	// The last row's duration: far past the bytes that are held before streaming starts.
	const at = text.lastIndexOf('"duration":');
	const atByte = Buffer.byteLength(text.slice(0, at));
	expect(atByte).toBeGreaterThan(STREAM_AFTER_BYTES);
	const broken = `${text.slice(0, at)}"duration":x${text.slice(at + '"duration":'.length)}`;
	sim().script('report', { handle: true, status: 200, body: broken });
	const result = await runWorkflow({ items: [{}], nodes: [analyticsNode()], credential: tokenCredential(sim()) });
	// The byte of the "x", and no excerpt of the body in the message (JSON.parse's own message quotes it).
	expect(result.error?.message).toBe(`IS74 API answered the report request with an unusable body: the report is not valid JSON (at byte ${atByte + '"duration":'.length}, in the data rows)`);
	expect(result.error?.description).toContain('The start of the answer: {"columns":[{"field":"phone_number","display_name":"Телефон"}],"data":[');
	expect(result.output['IS74 Analytics'] ?? []).toHaveLength(0);
	expect(sim().requests('report')).toHaveLength(1);
}, 300_000);
