// The flywheel KPIs from plain counts. Pure: the store gathers, this divides.
import type { RewardValue } from '../schemas/reward.ts';

export const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;

/**
 * What a reward costs the merchant, in minor units: its face value for amount-off and credit;
 * a percentage of the order it came with; points at the best rate the redemption options offer.
 */
export function rewardCost(value: RewardValue, orderAmount: number, centsPerPoint: number): number {
  switch (value.type) {
    case 'amount_off':
    case 'credit':
      return value.amount;
    case 'percent_off':
      return Math.round((orderAmount * value.percent) / 100);
    case 'points':
      return Math.round(value.points * centsPerPoint);
    case 'free_shipping':
      return 0; // the shipping price is the shop's, not known to Flywheel
  }
}

/** Minor units a point is worth when redeemed: the best amount-off or credit option's rate. */
export function centsPerPoint(options: readonly { points: number; reward: RewardValue }[]): number {
  let best = 0;
  for (const o of options) {
    if (o.reward.type === 'amount_off' || o.reward.type === 'credit')
      best = Math.max(best, o.reward.amount / o.points);
  }
  return best;
}
