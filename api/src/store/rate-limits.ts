// Fixed-window counters in the database (no correctness in process memory), so every API
// instance counts against the same limit.
import type { Executor } from '../db/schema.ts';

export async function hitRateLimit(
  db: Executor,
  key: string,
  limit: number,
  windowMs: number,
  now: Date,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  // The count this hit made, from the upsert itself: a separate read would see the hits of requests
  // running beside it, and refuse a request that was within the limit when it counted.
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  // Old windows are dead weight: the first hit of a new window clears them for this key.
  if (Number(row.count) === 1) {
    await db
      .deleteFrom('rate_limits')
      .where('key', '=', key)
      .where('window_start', '<', windowStart)
      .execute();
  }
  return {
    allowed: Number(row.count) <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}
