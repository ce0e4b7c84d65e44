// Idempotency keys live in the database so a retry that lands on another process is still recognised.
// A claim is a lease, not a lock held forever: the process that claimed a key may die before it
// answers (the work may or may not have committed), and a client retrying that key must not be told
// "still running" for the key's whole life. Once the lease has passed, a retry takes the key over and
// runs the request again; the work itself is idempotent (an order's external_id, a ledger cause key),
// so the rerun answers with what the first run did instead of doing it twice.
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';

export type IdempotencyClaim =
  | { outcome: 'claimed'; claimedAt: string }
  | { outcome: 'mismatch' }
  | { outcome: 'running' }
  | { outcome: 'replay'; status: number; body: string };

const KEEP_MS = DAY_MS;
/** Longer than any request takes; short enough that a client retrying after a crash gets its answer. */
export const DEFAULT_LEASE_MS = 30_000;

export async function claimIdempotencyKey(
  db: Executor,
  merchantId: string,
  key: string,
  requestHash: string,
  now: Date,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<IdempotencyClaim> {
  const claimedAt = now.toISOString();
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        merchant_id: merchantId,
        key,
        request_hash: requestHash,
        status: 'running',
        response_status: null,
        response_body: null,
        created_at: claimedAt,
      })
      .onConflict((oc) => oc.columns(['merchant_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { outcome: 'claimed', claimedAt };

    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) continue; // released between our insert and select: try again
    const age = now.getTime() - Date.parse(row.created_at);
    if (age > KEEP_MS) {
      // Expired: forget it and claim afresh (a stale key is a new request).
      await db
        .deleteFrom('idempotency_keys')
        .where('merchant_id', '=', merchantId)
        .where('key', '=', key)
        .where('created_at', '=', row.created_at)
        .execute();
      continue;
    }
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === 'running') {
      if (age <= leaseMs) return { outcome: 'running' };
      // The lease has passed: its holder died or hung. Take it over, unless another retry just did.
      const taken = await db
        .updateTable('idempotency_keys')
        .set({ created_at: claimedAt })
        .where('merchant_id', '=', merchantId)
        .where('key', '=', key)
        .where('status', '=', 'running')
        .where('created_at', '=', row.created_at)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1 ? { outcome: 'claimed', claimedAt } : { outcome: 'running' };
    }
    return { outcome: 'replay', status: row.response_status ?? 200, body: row.response_body ?? '' };
  }
  return { outcome: 'running' };
}

/** Stores the answer, unless the claim was taken over meanwhile (then the taker's answer stands). */
export async function completeIdempotencyKey(
  db: Executor,
  merchantId: string,
  key: string,
  claimedAt: string,
  status: number,
  body: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: status, response_body: body })
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .where('created_at', '=', claimedAt)
    .execute();
}

export async function releaseIdempotencyKey(
  db: Executor,
  merchantId: string,
  key: string,
  claimedAt: string,
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .where('created_at', '=', claimedAt)
    .where('status', '=', 'running')
    .execute();
}
