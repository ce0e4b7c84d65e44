// A merchant's review of a reward: approve one that was held for review, or void one not yet redeemed.
import type { Executor, Reward } from '../db/schema.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { findReward, issueReward, markApproved, voidReward } from '../store/rewards.ts';

/** Approves a pending reward and issues it at once when its hold has passed. */
export async function approveReward(
  trx: Executor,
  program: ProgramConfig,
  merchantId: string,
  rewardId: string,
  now: Date,
): Promise<Reward> {
  const found = await findReward(trx, merchantId, rewardId);
  if (!found) throw notFound('reward', 'id');
  if (found.status !== 'pending') {
    throw new ApiError(
      'conflict',
      'reward_not_pending',
      `Only pending rewards can be approved; this one is ${found.status}.`,
    );
  }
  const approved = await markApproved(trx, found);
  return Date.parse(approved.available_at) <= now.getTime()
    ? issueReward(trx, approved, program, now)
    : approved;
}

/** Voids a reward (taking back what it credited); a redeemed reward cannot be voided. */
export async function voidRewardById(
  trx: Executor,
  merchantId: string,
  rewardId: string,
  reason: string,
  now: Date,
): Promise<Reward> {
  const found = await findReward(trx, merchantId, rewardId);
  if (!found) throw notFound('reward', 'id');
  if (found.status === 'redeemed') {
    throw new ApiError(
      'conflict',
      'reward_redeemed',
      'This reward has already been redeemed and cannot be voided.',
    );
  }
  return voidReward(trx, found, reason, now);
}
