/** The outcome of reading or checking something: its value, or why it could not be had. Pure module. */
export type Result<T, Failure = { reason: string }> = { ok: true; value: T } | ({ ok: false } & Failure);
