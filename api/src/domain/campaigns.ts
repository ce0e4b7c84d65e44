// Campaigns: time-boxed boosts. While one runs (starts_at ≤ now < ends_at) the rewards and points it
// names are multiplied; overlapping campaigns do not stack — the largest multiplier wins, so two
// promotions a merchant forgot to end never compound into 4×.
import type { Campaign } from '../schemas/lifecycle.ts';
import type { RewardValue } from '../schemas/reward.ts';

export function runningCampaigns(campaigns: readonly Campaign[], now: Date): Campaign[] {
  const t = now.getTime();
  return campaigns.filter((c) => Date.parse(c.starts_at) <= t && t < Date.parse(c.ends_at));
}

export function referralBoost(campaigns: readonly Campaign[], now: Date): number {
  return Math.max(1, ...runningCampaigns(campaigns, now).map((c) => c.referral_multiplier));
}

export function pointsBoost(campaigns: readonly Campaign[], now: Date): number {
  return Math.max(1, ...runningCampaigns(campaigns, now).map((c) => c.points_multiplier));
}

/** A reward worth `multiplier` times as much; a percentage stops at 100. */
export function boostReward(value: RewardValue, multiplier: number): RewardValue {
  if (multiplier === 1) return value;
  switch (value.type) {
    case 'points':
      return { ...value, points: Math.floor(value.points * multiplier) };
    case 'percent_off':
      return { ...value, percent: Math.min(100, Math.floor(value.percent * multiplier)) };
    case 'amount_off':
    case 'credit':
      return { ...value, amount: Math.floor(value.amount * multiplier) };
    case 'free_shipping':
      // Shipping cannot be free twice over.
      return value;
  }
}

/** The referral section with referrer and friend rewards boosted by any campaign running at `now`. */
export function boostedReferral<R extends { referrer_reward: RewardValue; friend_reward: RewardValue }>(
  program: { referral: R; campaigns: readonly Campaign[] },
  now: Date,
): R {
  const boost = referralBoost(program.campaigns, now);
  if (boost === 1) return program.referral;
  return {
    ...program.referral,
    referrer_reward: boostReward(program.referral.referrer_reward, boost),
    friend_reward: boostReward(program.referral.friend_reward, boost),
  };
}

/** The program as a shopper meets it at `now`: referral rewards boosted by a running campaign. */
export function withRunningBoosts<P extends Parameters<typeof boostedReferral>[0]>(program: P, now: Date): P {
  return { ...program, referral: boostedReferral(program, now) };
}
