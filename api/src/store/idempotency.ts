// Idempotency keys live in the database so a retry that lands on another process is still recognised.
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'mismatch' }
  | { outcome: 'running' }
  | { outcome: 'replay'; status: number; body: string };

const KEEP_MS = DAY_MS;

export async function claimIdempotencyKey(
  db: Executor,
  merchantId: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<IdempotencyClaim> {
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
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['merchant_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { outcome: 'claimed' };

    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) continue; // released between our insert and select: try again
    if (Date.parse(row.created_at) + KEEP_MS < now.getTime()) {
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
    if (row.status === 'running') return { outcome: 'running' };
    return { outcome: 'replay', status: row.response_status ?? 200, body: row.response_body ?? '' };
  }
  return { outcome: 'running' };
}

export async function completeIdempotencyKey(
  db: Executor,
  merchantId: string,
  key: string,
  status: number,
  body: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: status, response_body: body })
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .execute();
}

export async function releaseIdempotencyKey(db: Executor, merchantId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .execute();
}
