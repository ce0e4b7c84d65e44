// What happened to the units an experiment exposed: their claims, shares, orders and reward costs,
// each counted only after the unit's exposure and before the experiment stopped.
import type { Executor } from '../db/schema.ts';

export interface ExposedOrder {
  variant: string;
  visitor_id: string;
  amount: number;
  refunded_amount: number;
  currency: string;
  first_order: boolean;
}

export interface ExposedReward {
  variant: string;
  reward: string;
  source: string;
  flags: string;
  order_amount: number;
  currency: string;
}

export interface ExperimentFacts {
  exposures: Map<string, number>;
  claims: Map<string, number>;
  shares: Map<string, number>;
  orders: ExposedOrder[];
  rewards: ExposedReward[];
  /** Orders that redeemed a new-customer-offer coupon: the offer's cost is the variant's offer. */
  offerRedemptions: { variant: string; order_amount: number; currency: string }[];
}

const byVariant = (rows: { variant: string; n: unknown }[]) =>
  new Map(rows.map((r) => [r.variant, Number(r.n)]));

export async function experimentFacts(
  db: Executor,
  merchantId: string,
  experimentId: string,
  until: string,
): Promise<ExperimentFacts> {
  const exposed = () =>
    db
      .selectFrom('assignments as a')
      .where('a.experiment_id', '=', experimentId)
      .where('a.created_at', '<=', until);
  const exposedOrders = () =>
    exposed().innerJoin('orders as o', (join) =>
      join
        .on('o.merchant_id', '=', merchantId)
        .onRef('o.visitor_id', '=', 'a.visitor_id')
        .onRef('o.created_at', '>=', 'a.created_at')
        .on('o.created_at', '<=', until),
    );

  const [exposures, claims, shares, orders, rewards, offerRedemptions] = await Promise.all([
    exposed()
      .select(['a.variant', (eb) => eb.fn.countAll().as('n')])
      .groupBy('a.variant')
      .execute(),
    exposed()
      .innerJoin('offer_claims as oc', (join) =>
        join
          .on('oc.merchant_id', '=', merchantId)
          .onRef('oc.visitor_id', '=', 'a.visitor_id')
          .onRef('oc.created_at', '>=', 'a.created_at')
          .on('oc.created_at', '<=', until),
      )
      .select(['a.variant', (eb) => eb.fn.count('a.visitor_id').distinct().as('n')])
      .groupBy('a.variant')
      .execute(),
    exposed()
      .innerJoin('visitors as vis', (join) =>
        join.on('vis.merchant_id', '=', merchantId).onRef('vis.id', '=', 'a.visitor_id'),
      )
      .innerJoin('shares as s', (join) =>
        join
          .onRef('s.customer_id', '=', 'vis.customer_id')
          .onRef('s.created_at', '>=', 'a.created_at')
          .on('s.created_at', '<=', until),
      )
      .select(['a.variant', (eb) => eb.fn.count('a.visitor_id').distinct().as('n')])
      .groupBy('a.variant')
      .execute(),
    exposedOrders()
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select([
        'a.variant',
        'a.visitor_id',
        'o.amount',
        'o.refunded_amount',
        'o.currency',
        'o.created_at',
        'c.first_order_at',
      ])
      .execute(),
    exposedOrders()
      .innerJoin('rewards as r', 'r.order_id', 'o.id')
      .where('r.status', '!=', 'voided')
      .where('r.source', 'in', ['referral_referrer', 'referral_friend', 'milestone'])
      .select(['a.variant', 'r.reward', 'r.source', 'r.flags', 'o.amount as order_amount', 'o.currency'])
      .execute(),
    exposedOrders()
      .innerJoin('offer_claims as oc', 'oc.evidence_order_id', 'o.id')
      .select(['a.variant', 'o.amount as order_amount', 'o.currency'])
      .execute(),
  ]);
  return {
    exposures: byVariant(exposures),
    claims: byVariant(claims),
    shares: byVariant(shares),
    orders: orders.map((o) => ({
      variant: o.variant,
      visitor_id: o.visitor_id,
      amount: Number(o.amount),
      refunded_amount: Number(o.refunded_amount),
      currency: o.currency,
      first_order: o.first_order_at === o.created_at,
    })),
    rewards: rewards.map((r) => ({ ...r, order_amount: Number(r.order_amount) })),
    offerRedemptions: offerRedemptions.map((r) => ({ ...r, order_amount: Number(r.order_amount) })),
  };
}
