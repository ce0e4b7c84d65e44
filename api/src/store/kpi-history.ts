// Longer histories for cohorts and critical points: every first order, and acquisition costs over time.
import type { Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { type PointValue, rewardMoney } from '../domain/point-value.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { acquisitionRewards } from './kpi-facts.ts';

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

/** Every customer's first order, and whether a referral brought them. */
export async function firstOrders(
  db: Executor,
  merchantId: string,
): Promise<{ at: number; referred: boolean }[]> {
  const rows = await db
    .selectFrom('customers')
    .select(['first_order_at', 'referred_by'])
    .where('merchant_id', '=', merchantId)
    .where('first_order_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ at: ms(r.first_order_at!), referred: r.referred_by !== null }));
}

/** Every acquisition reward ever given (not voided), valued in money. */
export async function acquisitionCosts(
  db: Executor,
  merchantId: string,
  points: PointValue | null,
): Promise<{ at: number; amount: number; currency: string }[]> {
  const rows = await acquisitionRewards(db, merchantId);
  return rows.flatMap((r) => {
    const cost = rewardMoney(
      readJson<RewardValue>(r.reward, { type: 'points', points: 0 }),
      r.currency ? { amount: Number(r.amount ?? 0), currency: r.currency } : null,
      points,
    );
    return cost ? [{ at: ms(r.created_at), ...cost }] : [];
  });
}
