// A refund's rows (services/refunds.ts): the order locked first — the lock order's first place —
// then its points movements and live rewards to take back, and the buyer's spend reduced.
import { lockRows } from '../db/dialect.ts';
import type { Executor, Order, Reward } from '../db/schema.ts';

/** The order, locked until the transaction ends: two refunds of one order run one after another. */
export function lockOrderByExternalId(
  trx: Executor,
  merchantId: string,
  externalId: string,
): Promise<Order | undefined> {
  const query = trx
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('external_id', '=', externalId);
  return lockRows(trx, query).executeTakeFirst();
}

export async function setOrderRefunded(
  trx: Executor,
  orderId: string,
  refundedAmount: number,
  status: Order['status'],
): Promise<void> {
  await trx
    .updateTable('orders')
    .set({ refunded_amount: refundedAmount, status })
    .where('id', '=', orderId)
    .execute();
}

/** The order's purchase points and the refunds that took some back. */
export function purchasePointsMovements(
  trx: Executor,
  orderId: string,
): Promise<{ delta: number; reason: string }[]> {
  return trx
    .selectFrom('ledger_entries')
    .select(['delta', 'reason'])
    .where('order_id', '=', orderId)
    .where('account', '=', 'points')
    .where('reason', 'in', ['purchase', 'refund'])
    .execute();
}

/** Rewards the order caused that still count: pending (inside the hold) or issued. */
export function liveRewardsOfOrder(trx: Executor, orderId: string): Promise<Reward[]> {
  return trx
    .selectFrom('rewards')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', 'in', ['pending', 'issued'])
    .execute();
}

/** Takes `amount` off the customer's total spend, never below zero. */
export async function reduceTotalSpent(
  trx: Executor,
  customerId: string,
  amount: number,
  now: Date,
): Promise<void> {
  const customer = await trx
    .selectFrom('customers')
    .select('total_spent')
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('customers')
    .set({ total_spent: Math.max(0, Number(customer.total_spent) - amount), updated_at: now.toISOString() })
    .where('id', '=', customerId)
    .execute();
}
