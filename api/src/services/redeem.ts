// Spending points on a redemption option: the points leave through the ledger and the reward (a
// coupon from the option's pool, or credit) is issued in the same transaction.

import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { ANY_AMOUNT_ID, anyAmountOption } from '../domain/any-amount.ts';
import { reachesTier } from '../domain/tiers.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { AnyAmount } from '../schemas/lifecycle.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { RewardObject } from '../schemas/reward.ts';
import { balanceOf, movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { createReward, presentReward } from '../store/rewards.ts';
import { lockCustomer } from './orders.ts';

/** What is decided before the transaction: the program, the option chosen, the time. */
export interface RedeemPlan {
  merchantId: string;
  program: ProgramConfig;
  option: ProgramConfig['loyalty']['redemption_options'][number] | NonNullable<ReturnType<typeof anyAmount>>;
  now: Date;
}

export async function prepareRedeem(
  deps: Deps,
  merchant: AuthedMerchant,
  optionId: string,
  points?: number,
): Promise<RedeemPlan> {
  const program = await loadProgram(deps, merchant.id);
  if (!program.loyalty.enabled)
    throw new ApiError('conflict', 'loyalty_disabled', 'This shop has no points program.');
  const option =
    program.loyalty.redemption_options.find((o) => o.id === optionId) ??
    anyAmount(program.loyalty.any_amount, optionId, points);
  if (!option) throw notFound('redemption option', 'option_id');
  return { merchantId: merchant.id, program, option, now: deps.clock.now() };
}

/** Runs inside the caller's transaction, under the customer's lock. */
export async function redeemPoints(
  trx: Executor,
  plan: RedeemPlan,
  customerId: string,
): Promise<RewardObject> {
  const { merchantId, program, option, now } = plan;
  const customer = await lockCustomer(trx, customerId);
  if (option.min_tier && !reachesTier(customer.tier, option.min_tier, program.loyalty.tiers)) {
    throw new ApiError(
      'conflict',
      'tier_required',
      `This option is for ${option.min_tier} members and above.`,
      {
        param: 'option_id',
      },
    );
  }
  const balance = await balanceOf(trx, customer.id, 'points');
  if (balance < option.points) {
    throw new ApiError(
      'conflict',
      'insufficient_points',
      `This needs ${option.points} points; the balance is ${balance}.`,
      {
        param: 'option_id',
      },
    );
  }
  const cause = newId('rwd', now.getTime());
  const reward = await createReward(
    trx,
    {
      merchantId,
      customerId: customer.id,
      source: 'redemption',
      value: option.reward,
      causeKey: `redeem:${cause}`,
      holdDays: 0,
      pool: `redemption:${option.id}`,
    },
    program,
    now,
  );
  await movePoints(
    trx,
    {
      merchantId,
      customerId: customer.id,
      delta: -option.points,
      reason: 'redemption',
      causeKey: `redemption:${reward!.id}`,
      rewardId: reward!.id,
    },
    now,
  );
  return presentReward(reward!);
}

/** The "any amount" option for the points asked, when the program offers it. */
function anyAmount(rule: AnyAmount | null, optionId: string, points: number | undefined) {
  if (optionId !== ANY_AMOUNT_ID || rule === null) return undefined;
  const option = points === undefined ? null : anyAmountOption(rule, points);
  if (!option) {
    throw new ApiError(
      'invalid_request',
      'points_below_minimum',
      `Redeem at least ${Math.max(rule.min_points, rule.points)} points, in steps of ${rule.points}.`,
      { param: 'points' },
    );
  }
  return { ...option, min_tier: undefined };
}
