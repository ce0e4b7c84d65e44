// Refunds: purchase points shrink in proportion; a full refund — or one that takes the
// order below the program's minimum — voids the referral rewards the order caused: pending ones are
// simply voided (inside the hold), issued ones are reversed by negative ledger entries or have their
// unredeemed coupons revoked. Every reversal has its own cause key, so nothing is reversed twice.
import type { Executor, Order } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { pointsToReverse } from '../domain/loyalty.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { OrderObject, RefundCreate } from '../schemas/order.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { findOrder, presentOrder } from '../store/orders.ts';
import { loadProgram } from '../store/programs.ts';
import {
  liveRewardsOfOrder,
  lockOrderByExternalId,
  purchasePointsMovements,
  reduceTotalSpent,
  setOrderRefunded,
} from '../store/refunds.ts';
import { voidReward } from '../store/rewards.ts';
import { refreshTier } from './tiers.ts';

/** What is decided before the transaction: the program (its minimum order amount and tiers), the time. */
export interface RefundPlan {
  merchantId: string;
  program: ProgramConfig;
  now: Date;
}

export async function prepareRefund(deps: Deps, merchant: AuthedMerchant): Promise<RefundPlan> {
  return { merchantId: merchant.id, program: await loadProgram(deps, merchant.id), now: deps.clock.now() };
}

/**
 * Records the refund inside the caller's transaction, under the order's lock. `refundedTotal`:
 * refund up to this cumulative amount (Stripe's `amount_refunded`), decided under the lock.
 */
export async function refundOrder(
  trx: Executor,
  plan: RefundPlan,
  externalId: string,
  input: RefundCreate,
  options: { refundedTotal?: number } = {},
): Promise<Order> {
  const { program, now } = plan;
  const current = await lockOrderByExternalId(trx, plan.merchantId, externalId);
  if (!current) throw notFound('order', 'external_id');
  const remaining = Number(current.amount) - Number(current.refunded_amount);
  if (remaining <= 0) {
    throw new ApiError('conflict', 'order_already_refunded', 'This order has already been refunded in full.');
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
  await setOrderRefunded(trx, current.id, refunded, status);
  const updated: Order = { ...current, refunded_amount: refunded, status };

  await reversePurchasePoints(trx, updated, now);
  const belowMinimum = Number(current.amount) - refunded < program.referral.min_order_amount;
  if (status === 'refunded' || belowMinimum) await voidOrderRewards(trx, updated, now);
  await reduceTotalSpent(trx, current.customer_id, amount, now);
  await refreshTier(trx, program, current.customer_id, now);
  return updated;
}

/** The refunded order as the API shows it, read after the transaction committed. */
export async function presentRefundedOrder(db: Executor, order: Order): Promise<OrderObject> {
  return presentOrder(db, (await findOrder(db, order.merchant_id, order.external_id)) ?? order);
}

async function reversePurchasePoints(trx: Executor, order: Order, now: Date) {
  const entries = await purchasePointsMovements(trx, order.id);
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
  const rewards = await liveRewardsOfOrder(trx, order.id);
  for (const reward of rewards) await voidReward(trx, reward, 'order_refunded', now);
}
