// "Any amount" redemption: the shopper picks how many points to spend; every `points` of them are
// `amount` off. Only whole steps are charged, so nobody pays points for a fraction of a cent.
import type { AnyAmount } from '../schemas/lifecycle.ts';
import type { RewardValue } from '../schemas/reward.ts';

export const ANY_AMOUNT_ID = 'any_amount';

/** The option for `requested` points, or null below the minimum or under one step. */
export function anyAmountOption(
  rule: AnyAmount,
  requested: number,
): { id: string; points: number; reward: RewardValue } | null {
  const steps = Math.floor(requested / rule.points);
  if (requested < rule.min_points || steps < 1) return null;
  return {
    id: ANY_AMOUNT_ID,
    points: steps * rule.points,
    reward: { type: 'amount_off', amount: steps * rule.amount, currency: rule.currency },
  };
}
