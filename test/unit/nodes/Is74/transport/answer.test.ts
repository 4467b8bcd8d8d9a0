/* eslint-disable @n8n/community-nodes/no-restricted-imports -- node:stream and node:zlib make bodies as n8n's request library hands them over */
import { Readable } from 'node:stream';
import { brotliCompressSync, createBrotliDecompress, createGunzip, createInflate, deflateSync, gzipSync } from 'node:zlib';

import { AnswerTooLarge, consumeBody, parseRetryAfter, type BodyLimits } from '../../../../../nodes/Is74/transport/answer';

test('parseRetryAfter reads seconds and HTTP dates', () => {
	expect(parseRetryAfter('2')).toBe(2000);
	expect(parseRetryAfter('0')).toBe(0);
	expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});

describe('the size cap: a body up to the cap is read whole, a larger one fails, however it is chunked', () => {
	const CAP = 64 * 1024;
	/** `total` bytes of `a`, in chunks of `size` (the last one shorter). */
	const inChunks = (total: number, size: number) =>
		Readable.from(Array.from({ length: Math.ceil(total / size) }, (_, index) => Buffer.alloc(Math.min(size, total - index * size), 0x61)));
	async function read(body: unknown, tooLarge: BodyLimits['tooLarge'] = 'fail'): Promise<number> {
		let bytes = 0;
		await consumeBody(body, (chunk) => (bytes += chunk.length), { maxBytes: CAP, tooLarge });
		return bytes;
	}

	// 16 KiB is zlib's chunk (so every gzip, deflate and br answer), 64 KiB the cap itself; 5000 divides nothing.
	const chunkSizes = [1024, 16 * 1024, CAP, 5000];
	test.each(chunkSizes)('chunks of %i bytes: a body of exactly the cap is read whole', async (size) => {
		expect(await read(inChunks(CAP, size))).toBe(CAP);
	});
	test.each(chunkSizes)('chunks of %i bytes: one byte over the cap fails', async (size) => {
		await expect(read(inChunks(CAP + 1, size))).rejects.toThrow(new AnswerTooLarge(CAP));
	});
	test.each(chunkSizes)('chunks of %i bytes: many times the cap fails (never a silent cut at the cap)', async (size) => {
		await expect(read(inChunks(50 * CAP, size))).rejects.toThrow('the answer is larger than 65536 bytes');
	});

	const encodings = {
		identity: (body: Buffer) => Readable.from([body]),
		gzip: (body: Buffer) => Readable.from([gzipSync(body)]).pipe(createGunzip()),
		deflate: (body: Buffer) => Readable.from([deflateSync(body)]).pipe(createInflate()),
		br: (body: Buffer) => Readable.from([brotliCompressSync(body)]).pipe(createBrotliDecompress()),
	};
	describe.each(Object.entries(encodings))('%s, decoded as it arrives', (_name, decoded) => {
		test('exactly the cap is read whole', async () => {
			expect(await read(decoded(Buffer.alloc(CAP, 0x61)))).toBe(CAP);
		});
		test('one byte over the cap fails', async () => {
			await expect(read(decoded(Buffer.alloc(CAP + 1, 0x61)))).rejects.toThrow(new AnswerTooLarge(CAP));
		});
		test('50 times the cap fails', async () => {
			await expect(read(decoded(Buffer.alloc(50 * CAP, 0x61)))).rejects.toThrow(new AnswerTooLarge(CAP));
		});
	});

	test('a body handed over whole: the cap is accepted, one byte more fails', async () => {
		expect(await read(Buffer.alloc(CAP, 0x61))).toBe(CAP);
		await expect(read(Buffer.alloc(CAP + 1, 0x61))).rejects.toThrow(new AnswerTooLarge(CAP));
	});

	test('error pages ("cut") keep exactly the first cap bytes and close the rest unread', async () => {
		const body = inChunks(50 * CAP, 16 * 1024);
		expect(await read(body, 'cut')).toBe(CAP);
		expect(body.destroyed).toBe(true);
		expect(await read(inChunks(CAP + 1, 5000), 'cut')).toBe(CAP);
	});
});
