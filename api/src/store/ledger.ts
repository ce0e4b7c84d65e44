// The append-only ledger: points and credit move only through entries here. A balance is the sum of
// its entries; `balance_after` and the cached `customers.points_balance` are written in the same
// transaction as the entry, and the unique cause key makes every movement happen at most once.

import { dialectOf, lockRows } from '../db/dialect.ts';
import type { Executor, LedgerEntry } from '../db/schema.ts';
import { MAX_LEDGER_AMOUNT, withinLedgerLimit } from '../domain/points-limit.ts';
import { ApiError } from '../http/errors.ts';
import { newId } from '../ids.ts';

export async function listLedger(
  db: Executor,
  customerId: string,
  options: { limit: number; startingAfter?: string | undefined; account?: string | undefined },
): Promise<{ rows: LedgerEntry[]; hasMore: boolean }> {
  let query = db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', customerId);
  if (options.account) query = query.where('account', '=', options.account);
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

export interface LedgerMovement {
  merchantId: string;
  customerId: string;
  account: string;
  delta: number;
  reason: string;
  /** Unique per merchant: the same cause never moves a balance twice. */
  causeKey: string;
  rewardId?: string | null;
  orderId?: string | null;
}

/** Σ entries: the balance by definition, never a stored number that could drift. */
export async function balanceOf(db: Executor, customerId: string, account: string): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.val(0)).as('balance'))
    .where('customer_id', '=', customerId)
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/**
 * Appends one entry unless its cause key was seen before. Returns the entry, or null when the cause
 * was already recorded. Must run inside the transaction of the change that causes it.
 */
export async function appendLedgerEntry(
  db: Executor,
  movement: LedgerMovement,
  now: Date,
): Promise<LedgerEntry | null> {
  // Serialize movements of one customer across connections: the customer row is their lock.
  if (dialectOf(db).rowLocks) {
    await lockRows(
      db,
      db.selectFrom('customers').select('id').where('id', '=', movement.customerId),
    ).execute();
  }
  const seen = await db
    .selectFrom('ledger_entries')
    .select('id')
    .where('merchant_id', '=', movement.merchantId)
    .where('cause_key', '=', movement.causeKey)
    .executeTakeFirst();
  if (seen) return null;
  const balance = await balanceOf(db, movement.customerId, movement.account);
  if (!withinLedgerLimit(balance, movement.delta)) {
    // Thrown inside the caller's transaction: the whole change it belonged to is refused.
    throw new ApiError(
      'invalid_request',
      'points_limit_exceeded',
      `A balance is limited to ${MAX_LEDGER_AMOUNT}; this would take it to ${balance + movement.delta}.`,
    );
  }
  const entry: LedgerEntry = {
    id: newId('led', now.getTime()),
    merchant_id: movement.merchantId,
    customer_id: movement.customerId,
    account: movement.account,
    delta: movement.delta,
    balance_after: balance + movement.delta,
    reason: movement.reason,
    cause_key: movement.causeKey,
    reward_id: movement.rewardId ?? null,
    order_id: movement.orderId ?? null,
    created_at: now.toISOString(),
  };
  await db.insertInto('ledger_entries').values(entry).execute();
  if (movement.account === 'points') {
    await db
      .updateTable('customers')
      .set({ points_balance: entry.balance_after })
      .where('id', '=', movement.customerId)
      .execute();
  }
  return entry;
}
