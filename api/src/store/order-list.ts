// Reading orders back: one page by filters, each with the rewards it caused (one query for the page).
import type { Executor, Order } from '../db/schema.ts';
import type { OrderObject } from '../schemas/order.ts';
import { orderObject } from './orders.ts';
import { rewardsForOrders } from './rewards.ts';

export async function listOrders(
  db: Executor,
  merchantId: string,
  options: {
    customerId?: string | undefined;
    status?: Order['status'] | undefined;
    createdGte?: string | undefined;
    createdLt?: string | undefined;
    limit: number;
    startingAfter?: string | undefined;
  },
): Promise<{ rows: Order[]; hasMore: boolean }> {
  let query = db.selectFrom('orders').selectAll().where('merchant_id', '=', merchantId);
  if (options.customerId) query = query.where('customer_id', '=', options.customerId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.createdGte) query = query.where('created_at', '>=', new Date(options.createdGte).toISOString());
  if (options.createdLt) query = query.where('created_at', '<', new Date(options.createdLt).toISOString());
  if (options.startingAfter) query = query.where('id', '<', options.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** Orders as the API shows them, in the given order, with one query for all their rewards. */
export async function presentOrders(db: Executor, orders: Order[]): Promise<OrderObject[]> {
  const rewards = await rewardsForOrders(
    db,
    orders.map((o) => o.id),
  );
  return orders.map((order) =>
    orderObject(
      order,
      rewards.filter((r) => r.order_id === order.id),
    ),
  );
}
