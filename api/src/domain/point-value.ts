// What a point and a reward are worth in money, with the currency they are worth it in.
import type { RewardValue } from '../schemas/reward.ts';

export interface PointValue {
  minorPerPoint: number;
  currency: string;
}

/**
 * The program's redemption rate: the best amount-off or credit option's minor units per point, in
 * that option's currency (null: no option turns points into money).
 */
export function pointValue(options: readonly { points: number; reward: RewardValue }[]): PointValue | null {
  let best: PointValue | null = null;
  for (const o of options) {
    if (o.reward.type !== 'amount_off' && o.reward.type !== 'credit') continue;
    const rate = o.reward.amount / o.points;
    if (!best || rate > best.minorPerPoint) best = { minorPerPoint: rate, currency: o.reward.currency };
  }
  return best;
}

/**
 * A reward's cost in money: the face value of amount-off and credit, a percentage of the order it
 * came with (in the order's currency), points at the redemption rate. Null when it has no currency
 * to be counted in (a percentage without an order, points without a redemption rate).
 */
export function rewardMoney(
  value: RewardValue,
  order: { amount: number; currency: string } | null,
  points: PointValue | null,
): { amount: number; currency: string } | null {
  switch (value.type) {
    case 'amount_off':
    case 'credit':
      return { amount: value.amount, currency: value.currency };
    case 'percent_off':
      return order
        ? { amount: Math.round((order.amount * value.percent) / 100), currency: order.currency }
        : null;
    case 'points':
      return points
        ? { amount: Math.round(value.points * points.minorPerPoint), currency: points.currency }
        : null;
    case 'free_shipping':
      // What the shipping would have cost is the shop's, not known here.
      return null;
  }
}
