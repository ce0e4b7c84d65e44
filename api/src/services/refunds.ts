// Refunds: purchase points shrink in proportion; a full refund — or one that takes the
// order below the program's minimum — voids the referral rewards the order caused: pending ones are
// simply voided (inside the hold), issued ones are reversed by negative ledger entries or have their
// unredeemed coupons revoked. Every reversal has its own cause key, so nothing is reversed twice.
import { lockRows } from '../db/dialect.ts';
import type { Executor, Order } from '../db/schema.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { pointsToReverse } from '../domain/loyalty.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { OrderObject, RefundCreate } from '../schemas/order.ts';
import { movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { findOrder, presentOrder } from '../store/orders.ts';
import { loadProgram } from '../store/programs.ts';
import { voidReward } from '../store/rewards.ts';
import { refreshTier } from './tiers.ts';

export async function refundOrder(
  deps: Deps,
  merchant: AuthedMerchant,
  externalId: string,
  input: RefundCreate,
  /** `refundedTotal`: refund up to this cumulative amount (Stripe's `amount_refunded`), decided under the lock. */
  options: { refundedTotal?: number } = {},
): Promise<OrderObject> {
  const program = await loadProgram(deps, merchant.id);
  const now = deps.clock.now();
  const order = await transact(deps.db, async (trx) => {
    const query = trx
      .selectFrom('orders')
      .selectAll()
      .where('merchant_id', '=', merchant.id)
      .where('external_id', '=', externalId);
    const current = await lockRows(trx, query).executeTakeFirst();
    if (!current) throw notFound('order', 'external_id');
    const remaining = Number(current.amount) - Number(current.refunded_amount);
    if (remaining <= 0) {
      throw new ApiError(
        'conflict',
        'order_already_refunded',
        'This order has already been refunded in full.',
      );
    }
    const amount =
      options.refundedTotal === undefined
        ? (input.amount ?? remaining)
        : Math.min(options.refundedTotal - Number(current.refunded_amount), remaining);
    if (amount <= 0) {
      throw new ApiError('conflict', 'refund_already_recorded', 'This refund is already recorded.');
    }
    if (amount > remaining) {
      throw new ApiError(
        'invalid_request',
        'refund_exceeds_order',
        `At most ${remaining} is left to refund on this order.`,
        {
          param: 'amount',
        },
      );
    }
    const refunded = Number(current.refunded_amount) + amount;
    const status = refunded >= Number(current.amount) ? 'refunded' : 'partially_refunded';
    await trx
      .updateTable('orders')
      .set({ refunded_amount: refunded, status })
      .where('id', '=', current.id)
      .execute();
    const updated: Order = { ...current, refunded_amount: refunded, status };

    await reversePurchasePoints(trx, updated, now);
    const belowMinimum = Number(current.amount) - refunded < program.referral.min_order_amount;
    if (status === 'refunded' || belowMinimum) await voidOrderRewards(trx, updated, now);
    const customer = await trx
      .selectFrom('customers')
      .select('total_spent')
      .where('id', '=', current.customer_id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('customers')
      .set({ total_spent: Math.max(0, Number(customer.total_spent) - amount), updated_at: now.toISOString() })
      .where('id', '=', current.customer_id)
      .execute();
    await refreshTier(trx, program, current.customer_id, now);
    return updated;
  });
  return presentOrder(deps.db, (await findOrder(deps.db, merchant.id, order.external_id)) ?? order);
}

async function reversePurchasePoints(trx: Executor, order: Order, now: Date) {
  const entries = await trx
    .selectFrom('ledger_entries')
    .select(['delta', 'reason'])
    .where('order_id', '=', order.id)
    .where('account', '=', 'points')
    .where('reason', 'in', ['purchase', 'refund'])
    .execute();
  const earned = entries.filter((e) => e.reason === 'purchase').reduce((sum, e) => sum + Number(e.delta), 0);
  const reversed = -entries.filter((e) => e.reason === 'refund').reduce((sum, e) => sum + Number(e.delta), 0);
  const points = pointsToReverse(earned, Number(order.amount), Number(order.refunded_amount), reversed);
  if (points <= 0) return;
  await movePoints(
    trx,
    {
      merchantId: order.merchant_id,
      customerId: order.customer_id,
      delta: -points,
      reason: 'refund',
      causeKey: `refund:${order.id}:${order.refunded_amount}`,
      orderId: order.id,
    },
    now,
  );
}

async function voidOrderRewards(trx: Executor, order: Order, now: Date) {
  const rewards = await trx
    .selectFrom('rewards')
    .selectAll()
    .where('order_id', '=', order.id)
    .where('status', 'in', ['pending', 'issued'])
    .execute();
  for (const reward of rewards) await voidReward(trx, reward, 'order_refunded', now);
}
