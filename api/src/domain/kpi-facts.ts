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

export interface NewCustomerFact {
  /** The customer's first order. */
  at: number;
  /** Acquired through a referral (the customer was attributed to a referrer). */
  referred: boolean;
}

/** A referred visitor (by their first click in the window) or an offer claim, and whether it led to a first order. */
export interface ConversionFact {
  at: number;
  converted: boolean;
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

export interface KpiFacts {
  clicks: number[];
  orders: OrderFact[];
  newCustomers: NewCustomerFact[];
  visitors: ConversionFact[];
  claims: ConversionFact[];
  rewards: RewardCostFact[];
  pointsOut: PointsOutFact[];
}

/** The facts that fall in [from, to). */
export function sliceFacts(facts: KpiFacts, from: number, to: number): KpiFacts {
  const inside = (at: number) => at >= from && at < to;
  return {
    clicks: facts.clicks.filter(inside),
    orders: facts.orders.filter((f) => inside(f.at)),
    newCustomers: facts.newCustomers.filter((f) => inside(f.at)),
    visitors: facts.visitors.filter((f) => inside(f.at)),
    claims: facts.claims.filter((f) => inside(f.at)),
    rewards: facts.rewards.filter((f) => inside(f.at)),
    pointsOut: facts.pointsOut.filter((f) => inside(f.at)),
  };
}
