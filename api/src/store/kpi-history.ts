// Longer histories for cohorts and critical points: every first order, and acquisition costs over time.
import { sql } from 'kysely';
import { dialectOf } from '../db/dialect.ts';
import type { Executor } from '../db/schema.ts';

const ms = (iso: string) => Date.parse(iso);

/** The start (`YYYY-MM-DD`) of the UTC week (Monday) or month an ISO time falls in, in SQL. */
function periodStart(db: Executor, column: string, period: 'week' | 'month') {
  const ref = sql.ref(column);
  if (period === 'month') return sql<string>`substr(${ref}, 1, 7) || '-01'`;
  return dialectOf(db).name === 'postgres'
    ? sql<string>`to_char(date_trunc('week', cast(${ref} as timestamp)), 'YYYY-MM-DD')`
    : sql<string>`date(${ref}, '-6 days', 'weekday 1')`;
}

/**
 * Retention counts of the customers whose first order lies in [from, to), grouped in SQL: each
 * cohort's size (customers with an order not fully refunded), and per later period before `until`
 * how many of them ordered (not fully refunded) in it.
 */
export async function cohortCounts(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  period: 'week' | 'month',
  until: Date,
): Promise<{ sizes: Map<number, number>; active: { cohort: number; period: number; customers: number }[] }> {
  const cohort = periodStart(db, 'customers.first_order_at', period);
  const ordered = periodStart(db, 'orders.created_at', period);
  const base = db
    .selectFrom('customers')
    .innerJoin('orders', 'orders.customer_id', 'customers.id')
    .where('customers.merchant_id', '=', merchantId)
    .where('customers.first_order_at', '>=', range.from.toISOString())
    .where('customers.first_order_at', '<', range.to.toISOString())
    .where('orders.status', '!=', 'refunded');
  const distinctCustomers = sql<number | string>`count(distinct customers.id)`;
  const [sizes, active] = await Promise.all([
    // One row per customer (an order exists), not per order: no join to fan out and count back.
    db
      .selectFrom('customers')
      .select([cohort.as('cohort'), sql<number | string>`count(*)`.as('n')])
      .where('customers.merchant_id', '=', merchantId)
      .where('customers.first_order_at', '>=', range.from.toISOString())
      .where('customers.first_order_at', '<', range.to.toISOString())
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('orders')
            .select('orders.id')
            .whereRef('orders.customer_id', '=', 'customers.id')
            .where('orders.status', '!=', 'refunded'),
        ),
      )
      .groupBy(cohort)
      .execute(),
    base
      .where('orders.created_at', '<', until.toISOString())
      .select([cohort.as('cohort'), ordered.as('period'), distinctCustomers.as('n')])
      .groupBy([cohort, ordered])
      .execute(),
  ]);
  const at = (day: string) => ms(`${day}T00:00:00.000Z`);
  return {
    sizes: new Map(sizes.map((s) => [at(s.cohort), Number(s.n)])),
    active: active.map((a) => ({ cohort: at(a.cohort), period: at(a.period), customers: Number(a.n) })),
  };
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
