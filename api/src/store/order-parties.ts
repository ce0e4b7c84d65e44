// The two customer rows an order changes: the buyer's (once, at the end, with everything the order
// moved) and the referrer's (its conversion count, and its points when a reward paid them).

import { lockRows } from '../db/dialect.ts';
import { type Precompiled, precompile } from '../db/precompiled.ts';
import type { CustomerUpdate, Executor } from '../db/schema.ts';

/** Locks a customer's row (where rows lock) and reads it: second in the lock order, as an order's buyer. */
export async function lockCustomer(db: Executor, customerId: string) {
  return lockRows(
    db,
    db.selectFrom('customers').selectAll().where('id', '=', customerId),
  ).executeTakeFirstOrThrow();
}

export async function updateBuyer(db: Executor, customerId: string, changes: CustomerUpdate): Promise<void> {
  // Which columns change depends on the order (a first order sets more): one compiled statement per
  // set of columns, a handful in practice; an unusual set is built as before.
  const columns = (Object.keys(changes) as (keyof CustomerUpdate)[]).filter((c) => changes[c] !== undefined);
  if (columns.length === 0) return;
  const key = columns.join(',');
  let update = buyerUpdates.get(key);
  if (!update) {
    if (buyerUpdates.size >= MAX_BUYER_UPDATE_SHAPES) {
      await db.updateTable('customers').set(changes).where('id', '=', customerId).execute();
      return;
    }
    update = precompile<CustomerUpdate & { customerId: string }>()((db, p) =>
      db
        .updateTable('customers')
        .set(Object.fromEntries(columns.map((c) => [c, p[c]])))
        .where('id', '=', p.customerId),
    );
    buyerUpdates.set(key, update);
  }
  await update.execute(db, { ...changes, customerId });
}

const MAX_BUYER_UPDATE_SHAPES = 64;
const buyerUpdates = new Map<string, Precompiled<CustomerUpdate & { customerId: string }, unknown>>();

/**
 * Numbers this conversion of the referrer and returns it with the referrer's points balance. The
 * update locks the referrer's row (third in the lock order), so one referrer's conversions are
 * numbered one at a time — caps and milestones are decided once — and the balance read with it stays
 * true until the transaction ends.
 */
export async function countReferrerConversion(db: Executor, referrerId: string) {
  const row = await countConversion.first(db, { referrerId });
  if (!row) throw new Error(`no referrer ${referrerId} to count a conversion for`);
  return { conversions: Number(row.referrals_converted), pointsBalance: Number(row.points_balance) };
}

// Every attributed order counts its referrer's conversion: compiled once (db/precompiled.ts).
const countConversion = precompile<{ referrerId: string }>()((db, p) =>
  db
    .updateTable('customers')
    .set((eb) => ({ referrals_converted: eb('referrals_converted', '+', 1) }))
    .where('id', '=', p.referrerId)
    .returning(['referrals_converted', 'points_balance']),
);

/** An advocate's id and start, which decide their experiment variant. */
export async function findAdvocate(db: Executor, customerId: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'created_at'])
    .where('id', '=', customerId)
    .executeTakeFirst();
}
