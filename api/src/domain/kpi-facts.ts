// The raw facts the loop KPIs are computed from: one small record per order, new customer, referred
// visitor, offer claim, reward and points movement, each stamped with the instant (ms) it belongs to.
// The store gathers them for a window; `kpis.ts` turns any slice of them into figures, so a window's
// totals and the sum of its days come from the same code.

export interface OrderFact {
  at: number;
  /** Amount minus refunds, in minor units of `currency`. */
  net: number;
  currency: string;
  /** When the same customer ordered before this order (null: this is their first order). */
  previousAt: number | null;
}

/**
 * Orders in one currency summed — a day's, from its rollup, or a raw range's: what the KPIs need of
 * orders, additive. `gaps` keeps one value per returning order (days since the customer's previous
 * order), since a median does not add up.
 */
export interface OrderGroupFact {
  at: number;
  currency: string;
  orders: number;
  returning: number;
  net: number;
  returningNet: number;
  gaps: number[];
}

export interface NewCustomerFact {
  /** The customer's first order. */
  at: number;
  /** Acquired through a referral (the customer was attributed to a referrer). */
  referred: boolean;
  /** How many such customers at `at` (grouped in SQL); 1 when absent. */
  n?: number;
}

/** An offer claim, and whether it led to a first order. */
export interface ConversionFact {
  at: number;
  converted: boolean;
  /** How many such claims at `at` (grouped in SQL); 1 when absent. */
  n?: number;
}

/** A referral-programme reward, valued in money (null currency: it cannot be valued, e.g. points with no redemption rate). */
export interface RewardCostFact {
  at: number;
  amount: number;
  currency: string | null;
}

/** Points leaving balances: by expiry, or by redemption. */
export interface PointsOutFact {
  at: number;
  points: number;
  how: 'expired' | 'redeemed';
}

/**
 * Clicks, or referred visitors (by first click in the window) and how many of them converted, grouped
 * by the hour: `at` is the hour's start, or the window's start when the hour began before it. Day and
 * week buckets start on whole hours, so grouping never moves one across a bucket boundary.
 */
export interface HourlyCount {
  at: number;
  n: number;
  converted?: number;
}

export interface KpiFacts {
  clicks: HourlyCount[];
  orders: OrderFact[];
  /** Orders already summed (daily rollups); counted with `orders`. */
  orderGroups?: OrderGroupFact[];
  newCustomers: NewCustomerFact[];
  visitors: HourlyCount[];
  claims: ConversionFact[];
  rewards: RewardCostFact[];
  pointsOut: PointsOutFact[];
}

/** The facts that fall in [from, to). */
export function sliceFacts(facts: KpiFacts, from: number, to: number): KpiFacts {
  const inside = (at: number) => at >= from && at < to;
  return {
    clicks: facts.clicks.filter((f) => inside(f.at)),
    orders: facts.orders.filter((f) => inside(f.at)),
    ...(facts.orderGroups ? { orderGroups: facts.orderGroups.filter((f) => inside(f.at)) } : {}),
    newCustomers: facts.newCustomers.filter((f) => inside(f.at)),
    visitors: facts.visitors.filter((f) => inside(f.at)),
    claims: facts.claims.filter((f) => inside(f.at)),
    rewards: facts.rewards.filter((f) => inside(f.at)),
    pointsOut: facts.pointsOut.filter((f) => inside(f.at)),
  };
}
