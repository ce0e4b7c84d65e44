// Tiers like the products merchants know: qualify by points earned or by spend, over a rolling
// window or a lifetime; move up at once, move down only after a grace period.
import { DAY_MS } from '../clock.ts';
import type { ProgramConfig } from '../schemas/program.ts';

type Loyalty = ProgramConfig['loyalty'];
type Tier = Loyalty['tiers'][number];

/** The amount a tier asks for under the basis; a spend tier without `threshold_spend` is out of reach. */
export function thresholdOf(tier: Tier, basis: Loyalty['tier_basis']): number {
  return basis === 'spend' ? (tier.threshold_spend ?? Number.POSITIVE_INFINITY) : tier.threshold_points;
}

/** The highest tier the qualifying amount reaches (tiers are listed lowest first). */
export function qualifyingTier(amount: number, loyalty: Loyalty): Tier | null {
  let reached: Tier | null = null;
  for (const tier of loyalty.tiers) if (amount >= thresholdOf(tier, loyalty.tier_basis)) reached = tier;
  return reached;
}

export function tierRank(name: string | null, tiers: readonly Tier[]): number {
  return name === null ? -1 : tiers.findIndex((t) => t.name === name);
}

/** Where a rolling window starts (calendar months back), or null for lifetime. */
export function tierWindowStart(now: Date, months: number | null): string | null {
  if (months === null) return null;
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - months);
  return start.toISOString();
}

export interface TierDecision {
  tier: string | null;
  belowSince: string | null;
}

/**
 * Up at once; down only once the customer has not qualified for `tier_grace_days`. A tier the
 * program no longer has is left at once.
 */
export function decideTier(
  current: TierDecision,
  qualified: Tier | null,
  loyalty: Loyalty,
  now: Date,
): TierDecision {
  const target = qualified?.name ?? null;
  const currentRank = tierRank(current.tier, loyalty.tiers);
  const targetRank = tierRank(target, loyalty.tiers);
  if (targetRank >= currentRank || (current.tier !== null && currentRank === -1)) {
    return { tier: target, belowSince: null };
  }
  const since = current.belowSince ?? now.toISOString();
  const graceOver = now.getTime() - Date.parse(since) >= loyalty.tier_grace_days * DAY_MS;
  return graceOver ? { tier: target, belowSince: null } : { tier: current.tier, belowSince: since };
}

/** Whether `tier` is `required` or above; a required tier the program no longer has is reached by no one. */
export function reachesTier(tier: string | null, required: string, tiers: readonly Tier[]): boolean {
  const needed = tierRank(required, tiers);
  return needed !== -1 && tierRank(tier, tiers) >= needed;
}
