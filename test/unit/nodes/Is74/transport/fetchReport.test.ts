/* eslint-disable @n8n/community-nodes/no-restricted-imports -- node:stream and node:zlib make bodies as n8n's request library hands them over */
/**
 * The report's size cap on the report's own path (fetchReport → the request loop → the body reader),
 * with a small cap so no test needs 512 MiB. The body is decoded as n8n's request library decodes it:
 * a zlib stream, 16 KiB a chunk, so it lands exactly on the cap.
 */
import { Readable } from 'node:stream';
import { brotliCompressSync, createBrotliDecompress, createGunzip, createInflate, deflateSync, gzipSync } from 'node:zlib';
import type { INode } from 'n8n-workflow';

import type { ReportRequest } from '../../../../../nodes/Is74/domain/reportRequest';
import { fetchReport } from '../../../../../nodes/Is74/transport/fetchReport';
import type { RequestContext } from '../../../../../nodes/Is74/transport/context';

const CAP = 64 * 1024;
const encodings = {
	identity: (body: Buffer) => Readable.from([body]),
	gzip: (body: Buffer) => Readable.from([gzipSync(body)]).pipe(createGunzip()),
	deflate: (body: Buffer) => Readable.from([deflateSync(body)]).pipe(createInflate()),
	br: (body: Buffer) => Readable.from([brotliCompressSync(body)]).pipe(createBrotliDecompress()),
};

/** A report of `bytes` bytes exactly: one row, then padding. */
function reportOf(bytes: number): Buffer {
	const head = '{"data":[{"phone_number":"79120000001"}],"pad":"';
	return Buffer.from(`${head}${'p'.repeat(bytes - head.length - 2)}"}`);
}

function contextAnswering(body: () => unknown) {
	let requests = 0;
	const node = { id: 'n', name: 'IS74 Analytics', type: 'n8n-nodes-is74.is74Analytics', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const ctx = {
		getNode: () => node,
		getCredentials: async () => ({ baseUrl: 'http://127.0.0.1:5690', authentication: 'accessToken', accessToken: 'token-123' }),
		helpers: {
			httpRequestWithAuthentication: async () => {
				requests++;
				return { statusCode: 200, headers: {}, body: body() };
			},
		},
	} as unknown as RequestContext;
	return { ctx, requests: () => requests };
}

const request = { projectId: 1, path: '/api/analytics/1/report', body: {} } as ReportRequest;
const fetchWithCap = (ctx: RequestContext) =>
	fetchReport(ctx, request, {
		purpose: 'get the report of campaign 1001',
		requestName: 'the report request',
		consequence: '',
		settings: { timeoutMs: 10_000, maxRetries: 2, initialDelayMs: 1 },
		maxAnswerBytes: CAP,
	});

describe.each(Object.entries(encodings))('the report size cap, %s', (_name, encoded) => {
	test('a report of exactly the cap is read whole', async () => {
		const { ctx } = contextAnswering(() => encoded(reportOf(CAP)));
		const report = await fetchWithCap(ctx);
		expect(report.data).toEqual([{ phone_number: '79120000001' }]);
	});

	test.each([CAP + 1, 2 * CAP, 50 * CAP])('a report of %i bytes fails, once, naming the cap', async (bytes) => {
		const { ctx, requests } = contextAnswering(() => encoded(reportOf(bytes)));
		await expect(fetchWithCap(ctx)).rejects.toThrow('IS74 API could not get the report of campaign 1001: the answer is larger than 65536 bytes');
		expect(requests()).toBe(1);
	});
});

test('chunks that divide the cap (16 KiB, 64 KiB) and a larger report: it fails, never cut at the cap', async () => {
	for (const size of [16 * 1024, 64 * 1024]) {
		const body = reportOf(4 * CAP);
		const chunks = Array.from({ length: body.length / size }, (_, index) => body.subarray(index * size, (index + 1) * size));
		const { ctx } = contextAnswering(() => Readable.from(chunks));
		await expect(fetchWithCap(ctx)).rejects.toThrow('the answer is larger than 65536 bytes');
	}
});
