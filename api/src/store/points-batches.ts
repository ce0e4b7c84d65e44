// Reads for per-batch expiry (domain/points-batches.ts): the customers holding points earned before a
// cut-off that nothing has spent yet, and the points movements the batches are worked out from.
import { sql } from 'kysely';
import type { Customer, Executor } from '../db/schema.ts';
import type { PointsMovement } from '../domain/points-batches.ts';

/**
 * A page of customers with points earned by `cutoff` still unspent. Spending takes the oldest
 * points first, so that is: points earned before the cut-off exceed every point that ever left.
 */
export function customersWithExpiredBatches(
  db: Executor,
  merchantId: string,
  cutoff: string,
  after: string,
  limit: number,
): Promise<Customer[]> {
  const earnedBefore = sql<number>`(select coalesce(sum(delta), 0) from ledger_entries where ledger_entries.customer_id = customers.id and ledger_entries.account = 'points' and ledger_entries.delta > 0 and ledger_entries.created_at <= ${cutoff})`;
  const spent = sql<number>`(select coalesce(sum(-delta), 0) from ledger_entries where ledger_entries.customer_id = customers.id and ledger_entries.account = 'points' and ledger_entries.delta < 0)`;
  return db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '>', after)
    .where('points_balance', '>', 0)
    .where(earnedBefore, '>', spent)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Each customer's points movements in ledger order. */
export async function pointsMovementsOf(
  db: Executor,
  customerIds: readonly string[],
): Promise<Map<string, PointsMovement[]>> {
  const byCustomer = new Map<string, PointsMovement[]>();
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['id', 'customer_id', 'delta', 'created_at'])
    .where('customer_id', 'in', customerIds)
    .where('account', '=', 'points')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push({ id: row.id, delta: Number(row.delta), created_at: row.created_at });
    byCustomer.set(row.customer_id, list);
  }
  return byCustomer;
}
