// What happened to the units an experiment exposed: their claims, shares, orders and reward costs,
// each counted only after the unit's exposure and before the experiment stopped.
import type { Executor } from '../db/schema.ts';

export interface ExposedOrder {
  variant: string;
  unit_id: string;
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
  /** Counts of exposed visitors per variant, and per advocate (`unit_id`) when asked; `unit_id` is "" otherwise. */
  exposures: UnitCount[];
  /** Exposed visitors who claimed the offer / shared, per variant and unit. */
  claims: UnitCount[];
  shares: UnitCount[];
  orders: ExposedOrder[];
  rewards: ExposedReward[];
  /** Orders that redeemed a new-customer-offer coupon: the offer's cost is the variant's offer. */
  offerRedemptions: { variant: string; order_amount: number; currency: string }[];
}

export interface UnitCount {
  variant: string;
  unit_id: string;
  n: number;
}

const byUnit = (rows: { variant: string; unit_id?: string | null; n: unknown }[]): UnitCount[] =>
  rows.map((r) => ({ variant: r.variant, unit_id: r.unit_id ?? '', n: Number(r.n) }));

export async function experimentFacts(
  db: Executor,
  merchantId: string,
  experimentId: string,
  until: string,
  /** Count per unit (advocate) too, not only per variant. */
  perUnit: boolean,
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
      .$if(perUnit, (qb) => qb.select('a.unit_id').groupBy('a.unit_id'))
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
      .$if(perUnit, (qb) => qb.select('a.unit_id').groupBy('a.unit_id'))
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
      .$if(perUnit, (qb) => qb.select('a.unit_id').groupBy('a.unit_id'))
      .execute(),
    exposedOrders()
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select([
        'a.variant',
        'a.unit_id',
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
    exposures: byUnit(exposures),
    claims: byUnit(claims),
    shares: byUnit(shares),
    orders: orders.map((o) => ({
      variant: o.variant,
      unit_id: o.unit_id ?? o.visitor_id,
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
