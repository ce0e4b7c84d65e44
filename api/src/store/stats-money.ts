// The money figures of /v1/stats, one entry per currency: amounts in different currencies are never added.
import type { Executor } from '../db/schema.ts';
import { byCurrency, type Figure } from '../domain/kpis.ts';
import { ratio } from '../domain/stats.ts';
import { lifetimeSpend } from './kpi-days.ts';

export interface CurrencyStats {
  currency: string;
  referral_revenue: number;
  reward_cost: number;
  referral_roi: number | null;
  avg_ltv: { referred: number | null; other: number | null };
}

export async function moneyByCurrency(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  /** The period's acquisition-reward cost per currency: the `reward_cost` KPI, read once for both. */
  rewardCost: Figure,
  now: Date,
): Promise<CurrencyStats[]> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const [conversions, spend] = await Promise.all([
    db
      .selectFrom('referrals')
      .innerJoin('orders', 'orders.id', 'referrals.order_id')
      .select(['orders.amount', 'orders.refunded_amount', 'orders.currency'])
      .where('referrals.merchant_id', '=', merchantId)
      .where('referrals.status', '=', 'converted')
      .where('referrals.converted_at', '>=', from)
      .where('referrals.converted_at', '<', to)
      .execute(),
    // Lifetime spend per currency, split by whether a referral brought the customer.
    lifetimeSpend(db, merchantId, now),
  ]);
  const revenue = byCurrency(
    conversions,
    (c) => c.currency,
    (c) => Number(c.amount) - Number(c.refunded_amount),
  );
  const cost = new Map((rewardCost.by_currency ?? []).map((c) => [c.currency, c.value ?? 0]));
  const ltv = (currency: string, referred: boolean) => {
    const row = spend.find((s) => s.currency === currency && s.referred === referred);
    return row && Number(row.buyers) > 0 ? Math.round(Number(row.spent) / Number(row.buyers)) : null;
  };
  const currencies = [
    ...new Set([...revenue.keys(), ...cost.keys(), ...spend.map((s) => s.currency)]),
  ].sort();
  return currencies.map((currency) => {
    const earned = revenue.get(currency) ?? 0;
    const spent = cost.get(currency) ?? 0;
    return {
      currency,
      referral_revenue: earned,
      reward_cost: spent,
      referral_roi: ratio(earned - spent, spent),
      avg_ltv: { referred: ltv(currency, true), other: ltv(currency, false) },
    };
  });
}
