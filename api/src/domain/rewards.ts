// What a reward value becomes: a coupon, points on the ledger, or store credit on the ledger.
import { DAY_MS } from '../clock.ts';
import type { RewardValue } from '../schemas/reward.ts';

export type RewardKind = 'coupon' | 'points' | 'credit';

export function rewardKind(value: RewardValue): RewardKind {
  if (value.type === 'points') return 'points';
  if (value.type === 'credit') return 'credit';
  return 'coupon';
}

/** The ledger account a points or credit reward moves, or null for coupons. */
export function ledgerMovementOf(value: RewardValue): { account: string; amount: number } | null {
  if (value.type === 'points') return { account: 'points', amount: value.points };
  if (value.type === 'credit') return { account: `credit:${value.currency}`, amount: value.amount };
  return null;
}

export function availableAt(now: Date, holdDays: number): Date {
  return new Date(now.getTime() + holdDays * DAY_MS);
}

/** Milestones reached exactly at this conversion count (each pays once; cause keys make sure). */
export function milestonesReached<T extends { referrals: number }>(
  milestones: readonly T[],
  conversions: number,
): T[] {
  return milestones.filter((m) => m.referrals === conversions);
}
