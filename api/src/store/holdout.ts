// New customers since the holdout started, with their order counts and revenue in one currency.
import type { Executor } from '../db/schema.ts';

export interface NewBuyer {
  id: string;
  created_at: string;
  orders: number;
  /** Minor units of `currency`, refunds deducted. */
  revenue: number;
}

export async function newBuyers(
  db: Executor,
  merchantId: string,
  since: string,
): Promise<{ currency: string | null; buyers: NewBuyer[] }> {
  const currency = await db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['orders.currency', (eb) => eb.fn.countAll().as('n')])
    .where('orders.merchant_id', '=', merchantId)
    .where('customers.created_at', '>=', since)
    .groupBy('orders.currency')
    .orderBy('n', 'desc')
    .orderBy('orders.currency')
    .limit(1)
    .executeTakeFirst();
  if (!currency) return { currency: null, buyers: [] };
  const rows = await db
    .selectFrom('customers')
    .innerJoin('orders', 'orders.customer_id', 'customers.id')
    .select([
      'customers.id',
      'customers.created_at',
      (eb) => eb.fn.countAll().as('orders'),
      (eb) => eb.fn.sum(eb('orders.amount', '-', eb.ref('orders.refunded_amount'))).as('revenue'),
    ])
    .where('customers.merchant_id', '=', merchantId)
    .where('customers.created_at', '>=', since)
    .where('orders.currency', '=', currency.currency)
    .groupBy(['customers.id', 'customers.created_at'])
    .execute();
  return {
    currency: currency.currency,
    buyers: rows.map((r) => ({
      id: r.id,
      created_at: r.created_at,
      orders: Number(r.orders),
      revenue: Number(r.revenue ?? 0),
    })),
  };
}
