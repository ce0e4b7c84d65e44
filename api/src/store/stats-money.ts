// The money figures of /v1/stats, one entry per currency: amounts in different currencies are never added.
import { byCurrency, type Figure } from '../domain/kpis.ts';
import { ratio } from '../domain/stats.ts';

export interface CurrencyStats {
  currency: string;
  referral_revenue: number;
  reward_cost: number;
  referral_roi: number | null;
  avg_ltv: { referred: number | null; other: number | null };
}

/**
 * Per currency: the referral revenue of the period's conversions (what their orders brought, net of
 * refunds), the period's acquisition-reward cost, and lifetime spend per customer (lifetimeSpend in
 * kpi-days.ts). Arithmetic only: computeStats reads the rows beside its other queries.
 */
export function moneyByCurrency(
  conversions: readonly { amount: number | string; refunded_amount: number | string; currency: string }[],
  spend: readonly { currency: string; referred: boolean; spent: number; buyers: number }[],
  /** The period's acquisition-reward cost per currency: the `reward_cost` KPI, read once for both. */
  rewardCost: Figure,
): CurrencyStats[] {
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
