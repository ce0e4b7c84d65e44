// Longer histories for cohorts and critical points: every first order, and acquisition costs over time.
import { sql } from 'kysely';
import type { Executor } from '../db/schema.ts';

const ms = (iso: string) => Date.parse(iso);

/** Customers whose first order lies in [from, to), with the times of all their (not refunded) orders. */
export async function cohortOrders(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
): Promise<{ firstOrderAt: number; orderTimes: number[] }[]> {
  const rows = await db
    .selectFrom('customers')
    .innerJoin('orders', 'orders.customer_id', 'customers.id')
    .select(['customers.id', 'customers.first_order_at', 'orders.created_at'])
    .where('customers.merchant_id', '=', merchantId)
    .where('customers.first_order_at', '>=', range.from.toISOString())
    .where('customers.first_order_at', '<', range.to.toISOString())
    .where('orders.status', '!=', 'refunded')
    .execute();
  const byCustomer = new Map<string, { firstOrderAt: number; orderTimes: number[] }>();
  for (const r of rows) {
    const customer = byCustomer.get(r.id) ?? { firstOrderAt: ms(r.first_order_at!), orderTimes: [] };
    customer.orderTimes.push(ms(r.created_at));
    byCustomer.set(r.id, customer);
  }
  return [...byCustomer.values()];
}

/**
 * Every customer's first order, by the day: how many, and whether a referral brought them. Grouped in
 * SQL — the critical points judge days and weeks, and a shop's customers are tens of thousands of rows.
 */
export async function firstOrdersByDay(
  db: Executor,
  merchantId: string,
): Promise<{ at: number; referred: boolean; n: number }[]> {
  const day = sql<string>`substr(first_order_at, 1, 10)`;
  const rows = await db
    .selectFrom('customers')
    .select([
      day.as('day'),
      sql<number | string>`count(*)`.as('n'),
      sql<number | string>`count(referred_by)`.as('referred'),
    ])
    .where('merchant_id', '=', merchantId)
    .where('first_order_at', 'is not', null)
    .groupBy(day)
    .execute();
  return rows.flatMap((r) => {
    const at = ms(`${r.day}T00:00:00.000Z`);
    const referred = Number(r.referred);
    const other = Number(r.n) - referred;
    return [
      ...(referred > 0 ? [{ at, referred: true, n: referred }] : []),
      ...(other > 0 ? [{ at, referred: false, n: other }] : []),
    ];
  });
}
