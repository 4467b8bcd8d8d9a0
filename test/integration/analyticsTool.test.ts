/* eslint-disable @n8n/community-nodes/no-restricted-globals -- prints the measured message sizes for the report */
/**
 * IS74 Analytics as an AI agent's tool (the node type n8n makes, "…Tool"): what the model reads is one
 * item, a summary of the whole report plus a bounded number of rows, never the whole report.
 */
import { ANALYTICS_TOOL_TYPE, runWorkflow } from '../../harness/engine';
import { analyticsNode } from '../../harness/workflowNodes';
import { Is74Analytics } from '../../nodes/Is74/Is74Analytics.node';
import { BASE_CATALOG } from '../../simulator/dialogs';
import { CAMPAIGN_HEADER, tokenCredential, useSimulator } from '../support/simulator';

const sim = useSimulator();
const DIALOGS = 540;
let campaignId: number;

beforeAll(() => {
	campaignId = sim().seedCampaign({
		campaign: { ...CAMPAIGN_HEADER, name: 'Перезвонить' },
		phones: Array.from({ length: DIALOGS }, (_, index) => ({ phone: `+7912${String(index).padStart(7, '0')}`, add_data: { name: `Клиент ${index + 1}` } })),
	}).id;
});

async function run(parameters: Record<string, unknown> = {}, type = ANALYTICS_TOOL_TYPE) {
	const node = analyticsNode({ campaignId, ...parameters });
	// The tool's own default output, unless the test sets one.
	if (!('output' in parameters)) delete node.parameters.output;
	return await runWorkflow({ items: [{}], nodes: [{ ...node, type, name: 'Report' }], credential: tokenCredential(sim()) });
}

/** What n8n hands the model as the tool's answer: JSON.stringify of the output items' json. */
const toolMessage = (items: Array<{ json: unknown }>) => JSON.stringify(items.map((item) => item.json));

test('by default the tool answers with one item: the summary of all 540 dialogs, 20 rows and how many were left out', async () => {
	const all = await run({ output: 'rows' }, 'n8n-nodes-is74.is74Analytics');
	const allRows = all.output.Report.map((item) => item.json);
	expect(allRows).toHaveLength(DIALOGS);
	sim().reset();

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(sim().requests('report')).toHaveLength(1);
	const [item] = result.output.Report;
	expect(result.output.Report).toHaveLength(1);
	const filter = (sim().requests('report')[0].body as { analytics_filter: { date_start: string; date_end: string } }).analytics_filter;
	const totalDuration = allRows.reduce((sum, row) => sum + (row.duration as number), 0);
	expect(item).toEqual({
		json: {
			campaignId,
			periodStart: filter.date_start,
			periodEnd: filter.date_end,
			count: DIALOGS,
			totalDurationSeconds: totalDuration,
			// The platform's own average, to two decimals.
			averageDurationSeconds: Math.round((totalDuration / DIALOGS) * 100) / 100,
			columns: BASE_CATALOG.map(({ field, display_name, type }) => ({ field, display_name, type })).concat({ field: 'name', display_name: 'name', type: 'text' }),
			rowsShown: 20,
			rowsLeftOut: 520,
			note: 'The first 20 of 540 rows are shown; 520 are left out; the count and durations cover the whole report.',
			rows: allRows.slice(0, 20),
		},
		pairedItem: { item: 0 },
	});
	const before = Buffer.byteLength(toolMessage(all.output.Report));
	const after = Buffer.byteLength(toolMessage(result.output.Report));
	process.stdout.write(`tool message for ${DIALOGS} dialogs: ${before} bytes as rows, ${after} bytes as the tool's default answer\n`);
	expect(after).toBeLessThan(10_000);
	expect(before / after).toBeGreaterThan(20);
});

test('Max Rows up to 100 is honoured; above it the model gets a clear refusal and nothing is sent', async () => {
	const hundred = await run({ maxRows: 100 });
	expect(hundred.output.Report[0].json).toMatchObject({ rowsShown: 100, rowsLeftOut: 440 });
	sim().reset();

	const tooMany = await run({ maxRows: '={{ 5000 }}' });
	// A refusal is the tool's answer, so the agent goes on (n8n 1.x fails the execution when a tool throws).
	expect(tooMany.error).toBeUndefined();
	expect(tooMany.output.Report).toEqual([{ json: { error: 'Invalid Max Rows: must be a whole number from 0 to 100. Use 0 to 100: the model reads every row it is given.' }, pairedItem: { item: 0 } }]);
	expect(sim().log).toHaveLength(0);
});

test('Summary in tool use is the summary item alone', async () => {
	const result = await run({ output: 'summary' });
	expect(result.output.Report).toHaveLength(1);
	expect(Object.keys(result.output.Report[0].json)).toEqual(['campaignId', 'periodStart', 'periodEnd', 'count', 'totalDurationSeconds', 'averageDurationSeconds', 'columns']);
});

test('an unbounded output saved on a tool node is refused before anything is sent', async () => {
	for (const output of ['rows', 'raw']) {
		const result = await run({ output });
		expect(result.error).toBeUndefined();
		expect(result.output.Report).toEqual([
			{ json: { error: `Invalid Output: "${output}" is not available when the node is an AI tool. Choose Summary and Rows (at most 100 rows) or Summary: the model reads the whole answer as one message.` }, pairedItem: { item: 0 } },
		]);
	}
	expect(sim().log).toHaveLength(0);
});

test('the tool describes itself: a Description shown only on the tool variant, the default what the model reads', () => {
	const properties = new Is74Analytics().description.properties;
	const description = properties.find((property) => property.name === 'toolDescription');
	expect(description?.displayOptions).toEqual({ show: { '@tool': [true] } });
	expect(description?.default).toBe(
		'Gets the results of one IS74 AI Assistant call campaign: the number of dialogs, their total and average duration in seconds, and the first dialog rows (phone number, call time, status, the scenario data). Returns one JSON object with count, totalDurationSeconds, averageDurationSeconds, rows, and rowsLeftOut: the rows not shown.',
	);
});
