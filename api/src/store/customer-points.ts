// Reads of one customer's points standing beyond the balance itself: what idle expiry is measured
// from, the balance and tier as they stand inside a transaction, and the earlier movements that a
// way to earn's duplicate check and cap look at.
import type { Executor } from '../db/schema.ts';

/** The balance, the customer's last visit (or creation) and their last points movement, if any. */
export async function idleExpiryFacts(
  db: Executor,
  customerId: string,
): Promise<{ points_balance: number; last_active_at: string; last_points_at: string | null }> {
  const row = await db
    .selectFrom('customers')
    .select([
      'points_balance',
      'last_seen_at',
      'created_at',
      (eb) =>
        eb
          .selectFrom('ledger_entries')
          .select((e) => e.fn.max('created_at').as('at'))
          .whereRef('ledger_entries.customer_id', '=', 'customers.id')
          .where('ledger_entries.account', '=', 'points')
          .as('last_points_at'),
    ])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return {
    points_balance: Number(row.points_balance),
    last_active_at: row.last_seen_at ?? row.created_at,
    last_points_at: row.last_points_at ?? null,
  };
}

export function pointsAndTier(
  db: Executor,
  customerId: string,
): Promise<{ points_balance: number; tier: string | null }> {
  return db
    .selectFrom('customers')
    .select(['points_balance', 'tier'])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
}

/** The movement a cause key already made for the merchant, if any. */
export async function deltaOfCause(
  db: Executor,
  merchantId: string,
  causeKey: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('delta')
    .where('merchant_id', '=', merchantId)
    .where('cause_key', '=', causeKey)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.delta);
}

/** How many movements of `reason` the customer has had (since `since`, when given). */
export async function countEntriesOfReason(
  db: Executor,
  customerId: string,
  reason: string,
  since?: string,
): Promise<number> {
  let query = db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('reason', '=', reason);
  if (since !== undefined) query = query.where('created_at', '>=', since);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
