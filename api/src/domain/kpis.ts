// The loop KPIs from a slice of facts (docs/analytics.md defines each one). Pure: the same function
// gives a window's totals and each bucket of its series, so the series add up to the totals.
import { DAY_MS } from '../clock.ts';
import type { KpiFacts, OrderFact, OrderGroupFact } from './kpi-facts.ts';
import { quartiles } from './quartiles.ts';
import { ratio } from './stats.ts';

export const KPI_METRICS = [
  'clicks',
  'referred_visitors',
  'referred_visitor_conversion',
  'offer_claims',
  'offer_claim_conversion',
  'new_customers',
  'new_referred_customers',
  'organic_share',
  'orders',
  'returning_orders',
  'returning_order_share',
  'revenue',
  'returning_revenue_share',
  'reward_cost',
  'reward_cost_per_acquired_customer',
  'repurchase_cycle_days',
  'points_expired',
  'points_redeemed',
  'expired_points_share',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/**
 * How a metric's buckets relate to its total: `count` and `money` values add up; a `ratio` is
 * recomputed from its numerator and denominator, which add up; `quantile` (a median) does not add.
 */
export type MetricKind = 'count' | 'ratio' | 'money' | 'money_ratio' | 'quantile';

export const METRIC_KINDS: Record<KpiMetric, MetricKind> = {
  clicks: 'count',
  referred_visitors: 'count',
  referred_visitor_conversion: 'ratio',
  offer_claims: 'count',
  offer_claim_conversion: 'ratio',
  new_customers: 'count',
  new_referred_customers: 'count',
  organic_share: 'ratio',
  orders: 'count',
  returning_orders: 'count',
  returning_order_share: 'ratio',
  revenue: 'money',
  returning_revenue_share: 'money_ratio',
  reward_cost: 'money',
  reward_cost_per_acquired_customer: 'money_ratio',
  repurchase_cycle_days: 'quantile',
  points_expired: 'count',
  points_redeemed: 'count',
  expired_points_share: 'ratio',
};

export interface Figure {
  /** The metric's value; null when its denominator is zero (or, for money, see `by_currency`). */
  value: number | null;
  numerator?: number;
  denominator?: number;
  /** For `repurchase_cycle_days`: the quartiles beside the median, and how many gaps they summarize. */
  p25?: number | null;
  p75?: number | null;
  count?: number;
  /** Money metrics: one figure per currency, never summed across currencies (sorted by currency). */
  by_currency?: ({ currency: string } & Figure)[];
}

const count = (n: number): Figure => ({ value: n });
const share = (numerator: number, denominator: number): Figure => ({
  value: ratio(numerator, denominator),
  numerator,
  denominator,
});

/** Sums `amount` by currency, in currency order. */
export function byCurrency<T>(
  items: readonly T[],
  currencyOf: (item: T) => string | null,
  amountOf: (item: T) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) {
    const currency = currencyOf(item);
    if (currency === null) continue;
    sums.set(currency, (sums.get(currency) ?? 0) + amountOf(item));
  }
  return new Map([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const money = (sums: Map<string, number>): Figure => ({
  value: null,
  by_currency: [...sums].map(([currency, amount]) => ({ currency, value: amount })),
});

/** One order as a group of one. */
export function orderGroup(o: OrderFact): OrderGroupFact {
  const returning = o.previousAt !== null;
  return {
    at: o.at,
    currency: o.currency,
    orders: 1,
    returning: returning ? 1 : 0,
    net: o.net,
    returningNet: returning ? o.net : 0,
    gaps: returning ? [(o.at - o.previousAt!) / DAY_MS] : [],
  };
}

/** Every KPI of a slice of facts. */
export function computeKpis(facts: KpiFacts): Record<KpiMetric, Figure> {
  const { newCustomers, visitors, claims, rewards, pointsOut } = facts;
  const groups = [...(facts.orderGroups ?? []), ...facts.orders.map(orderGroup)];
  const orderCount = groups.reduce((sum, g) => sum + g.orders, 0);
  const returningCount = groups.reduce((sum, g) => sum + g.returning, 0);
  const weight = (items: readonly { n?: number }[]) => items.reduce((sum, i) => sum + (i.n ?? 1), 0);
  const referredNew = weight(newCustomers.filter((c) => c.referred));
  const newCount = weight(newCustomers);
  const claimCount = weight(claims);
  const revenue = byCurrency(
    groups,
    (g) => g.currency,
    (g) => g.net,
  );
  const returningRevenue = byCurrency(
    groups.filter((g) => g.returning > 0),
    (g) => g.currency,
    (g) => g.returningNet,
  );
  const rewardCost = byCurrency(
    rewards,
    (r) => r.currency,
    (r) => r.amount,
  );
  const expired = pointsOut.filter((p) => p.how === 'expired').reduce((s, p) => s + p.points, 0);
  const redeemed = pointsOut.filter((p) => p.how === 'redeemed').reduce((s, p) => s + p.points, 0);
  const visitorCount = visitors.reduce((sum, v) => sum + v.n, 0);
  const visitorsConverted = visitors.reduce((sum, v) => sum + (v.converted ?? 0), 0);
  const cycle = quartiles(groups.flatMap((g) => g.gaps));
  return {
    clicks: count(facts.clicks.reduce((sum, c) => sum + c.n, 0)),
    referred_visitors: count(visitorCount),
    referred_visitor_conversion: share(visitorsConverted, visitorCount),
    offer_claims: count(claimCount),
    offer_claim_conversion: share(weight(claims.filter((c) => c.converted)), claimCount),
    new_customers: count(newCount),
    new_referred_customers: count(referredNew),
    organic_share: share(referredNew, newCount),
    orders: count(orderCount),
    returning_orders: count(returningCount),
    returning_order_share: share(returningCount, orderCount),
    revenue: money(revenue),
    returning_revenue_share: {
      value: null,
      by_currency: [...revenue].map(([currency, total]) => ({
        currency,
        ...share(returningRevenue.get(currency) ?? 0, total),
      })),
    },
    reward_cost: money(rewardCost),
    reward_cost_per_acquired_customer: {
      value: null,
      by_currency: [...rewardCost].map(([currency, cost]) => ({
        currency,
        value: referredNew > 0 ? Math.round(cost / referredNew) : null,
        numerator: cost,
        denominator: referredNew,
      })),
    },
    repurchase_cycle_days: { value: cycle.median, p25: cycle.p25, p75: cycle.p75, count: cycle.count },
    points_expired: count(expired),
    points_redeemed: count(redeemed),
    expired_points_share: share(expired, expired + redeemed),
  };
}

/** Outstanding points valued at the program's redemption rate: what the merchant owes, in money. */
export function pointsLiability(
  outstandingPoints: number,
  value: { minorPerPoint: number; currency: string } | null,
): { points: number; amount: number | null; currency: string | null } {
  return {
    points: outstandingPoints,
    amount: value ? Math.round(outstandingPoints * value.minorPerPoint) : null,
    currency: value?.currency ?? null,
  };
}
