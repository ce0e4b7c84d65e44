// Points and tiers: points per whole currency unit, times the tier multiplier.
import type { ProgramConfig } from '../schemas/program.ts';
import { minorUnitsPerUnit } from './money.ts';

type Loyalty = ProgramConfig['loyalty'];
type Tier = Loyalty['tiers'][number];

/** 49.99 USD at 1 point per unit in a 1.25× tier: floor(49 × 1 × 1.25) = 61. */
export function purchasePoints(
  amount: number,
  currency: string,
  loyalty: Loyalty,
  tier: Tier | null,
): number {
  if (!loyalty.enabled || amount <= 0) return 0;
  const wholeUnits = Math.floor(amount / minorUnitsPerUnit(currency));
  return Math.floor(wholeUnits * loyalty.points_per_unit * (tier?.multiplier ?? 1));
}

/** The highest tier whose threshold the lifetime points reach (tiers are ascending). */
export function tierFor(lifetimePoints: number, tiers: readonly Tier[]): Tier | null {
  let reached: Tier | null = null;
  for (const tier of tiers) if (lifetimePoints >= tier.threshold_points) reached = tier;
  return reached;
}

export function nextTier(lifetimePoints: number, tiers: readonly Tier[]): Tier | null {
  return tiers.find((t) => t.threshold_points > lifetimePoints) ?? null;
}

/** Points to take back when `refundedTotal` of an order worth `amount` has been refunded in all. */
export function pointsToReverse(
  earned: number,
  amount: number,
  refundedTotal: number,
  alreadyReversed: number,
): number {
  if (amount <= 0) return 0;
  const due = refundedTotal >= amount ? earned : Math.floor((earned * refundedTotal) / amount);
  return Math.max(0, due - alreadyReversed);
}
