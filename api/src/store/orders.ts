import { precompile, rowOf } from '../db/precompiled.ts';
import type { Executor, Order, Reward } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import type { OrderObject } from '../schemas/order.ts';
import { presentReward, rewardsForOrders } from './rewards.ts';

export async function findOrder(
  db: Executor,
  merchantId: string,
  externalId: string,
): Promise<Order | undefined> {
  return orderByExternalId.first(db, { merchantId, externalId });
}

// Every order post asks for its external_id first, and writes its row: compiled once (db/precompiled.ts).
const orderByExternalId = precompile<{ merchantId: string; externalId: string }>()((db, p) =>
  db
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where('external_id', '=', p.externalId),
);

const ORDER_COLUMNS = [
  'id',
  'merchant_id',
  'external_id',
  'customer_id',
  'amount',
  'refunded_amount',
  'currency',
  'coupon_codes',
  'visitor_id',
  'referral_code',
  'status',
  'attribution',
  'ip_hash',
  'source',
  'created_at',
  'recorded_at',
] as const;

const insertOrderOnce = precompile<Order>()((db, p) =>
  db
    .insertInto('orders')
    .values(rowOf(p, ORDER_COLUMNS))
    .onConflict((oc) => oc.columns(['merchant_id', 'external_id']).doNothing())
    .returning('id'),
);

/**
 * Writes the order row — whole, attribution included — unless an order with its external_id exists:
 * the unique key (merchant_id, external_id) decides, in this one statement, which of two concurrent
 * posts records the order. False when another did (its row is the answer).
 */
export async function claimOrder(db: Executor, order: Order): Promise<boolean> {
  return (await insertOrderOnce.first(db, order)) !== undefined;
}

/** The order as the API shows it, with the rewards it caused. */
export async function presentOrder(db: Executor, order: Order): Promise<OrderObject> {
  return orderObject(order, await rewardsForOrders(db, [order.id]));
}

/** One order row and its rewards in the API's shape: the single mapping every order answer uses. */
export function orderObject(order: Order, rewards: Reward[]): OrderObject {
  return {
    id: order.id,
    object: 'order',
    external_id: order.external_id,
    customer: order.customer_id,
    amount: Number(order.amount),
    refunded_amount: Number(order.refunded_amount),
    currency: order.currency,
    status: order.status,
    coupon_codes: readJson<string[]>(order.coupon_codes, []),
    attribution: readJson<OrderObject['attribution']>(order.attribution, null),
    rewards: rewards.map(presentReward),
    created_at: order.created_at,
  };
}
