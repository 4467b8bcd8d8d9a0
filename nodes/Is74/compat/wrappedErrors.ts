/**
 * What is left of a failed authenticated request's error on n8n before 2.10 (1.x, 1.123 included).
 * n8n wraps it in a NodeApiError that keeps no `cause` (a class field of 1.x's ExecutionBaseError
 * resets it after the constructor set it): the transport error, its response and the credential's
 * own error are gone. Left are the message (as `message`, or among `messages` when n8n put its own
 * text first, e.g. for a 502 page on the login) and the network code (as `httpCode`).
 *
 * Once the minimum n8n is 2.10: delete this file and its two callers' branches (failures.ts
 * networkCodeOf and describeFailure; sessionRenewal.ts SessionRejected.isIn), and
 * test/support/legacyStatusHandling.ts with the describe blocks that use it.
 */

/** The first message `error` still carries that `wanted` recognises. */
export function keptMessage(error: object, wanted: (message: string) => boolean): string | undefined {
	if (!(error instanceof Error)) return undefined;
	const kept = (error as { messages?: unknown }).messages;
	return [error.message, ...(Array.isArray(kept) ? kept : [])].find((message): message is string => typeof message === 'string' && wanted(message));
}

/** The network code (ECONNRESET…) the wrapper kept of the transport error, in its `httpCode`. */
export function keptNetworkCode(error: object): string | undefined {
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	return typeof httpCode === 'string' && /^[A-Z][A-Z0-9_]+$/.test(httpCode) ? httpCode : undefined;
}
