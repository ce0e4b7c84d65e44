// Applies an attribution decision: the referral row, the double-sided rewards, milestones and events.
import type { Customer, Executor, Order } from '../db/schema.ts';
import type { AttributionDecision } from '../domain/attribution.ts';
import { boostedReferral } from '../domain/campaigns.ts';
import { inHoldout } from '../domain/holdout.ts';
import { milestonesReached } from '../domain/rewards.ts';
import { newId } from '../ids.ts';
import type { OrderObject } from '../schemas/order.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { countConversion } from '../store/customers.ts';
import { recordEvent } from '../store/events.ts';
import type { Experiment } from '../store/experiments.ts';
import { createReward } from '../store/rewards.ts';
import { programForConversion } from './experiment-exposure.ts';

type Attribution = OrderObject['attribution'];

export async function applyAttribution(
  trx: Executor,
  ctx: {
    merchantId: string;
    program: ProgramConfig;
    order: Order;
    friend: Customer;
    visitorId: string | null;
    now: Date;
    /** The running experiment, if any (docs/experiments.md). */
    experiment?: Experiment | null;
  },
  decision: AttributionDecision,
): Promise<Attribution> {
  if (decision.outcome === 'none') return null;
  const { merchantId, program, order, friend, now } = ctx;
  const at = now.toISOString();

  if (decision.outcome === 'rejected') {
    const referralId = newId('ref', now.getTime());
    await trx
      .insertInto('referrals')
      .values({
        id: referralId,
        merchant_id: merchantId,
        referrer_id: decision.referrerId,
        friend_id: friend.id,
        visitor_id: ctx.visitorId,
        status: 'rejected',
        method: decision.method,
        order_id: order.id,
        reasons: JSON.stringify(decision.reasons),
        flags: '[]',
        created_at: at,
        converted_at: null,
      })
      .execute();
    await recordEvent(
      trx,
      {
        merchantId,
        type: 'referral.rejected',
        customerId: friend.id,
        data: {
          referral: referralId,
          referrer: decision.referrerId,
          friend: friend.id,
          order: order.id,
          method: decision.method,
          reasons: decision.reasons,
        },
      },
      now,
    );
    return {
      rejected: true,
      reasons: decision.reasons,
      referrer: decision.referrerId,
      method: decision.method,
    } as Attribution;
  }

  // Accepted: turn the friend's open referral by this referrer into the converted one, or start one.
  const open = await trx
    .selectFrom('referrals')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('friend_id', '=', friend.id)
    .where('referrer_id', '=', decision.referrerId)
    .where('status', 'in', ['clicked', 'signed_up'])
    .executeTakeFirst();
  const referralId = open?.id ?? newId('ref', now.getTime());
  const converted = {
    status: 'converted' as const,
    method: decision.method,
    order_id: order.id,
    flags: JSON.stringify(decision.flags),
    converted_at: at,
  };
  if (open) {
    await trx.updateTable('referrals').set(converted).where('id', '=', referralId).execute();
  } else {
    await trx
      .insertInto('referrals')
      .values({
        id: referralId,
        merchant_id: merchantId,
        referrer_id: decision.referrerId,
        friend_id: friend.id,
        visitor_id: ctx.visitorId,
        reasons: '[]',
        created_at: at,
        ...converted,
      })
      .execute();
  }
  if (!friend.referred_by) {
    await trx
      .updateTable('customers')
      .set({ referred_by: decision.referrerId })
      .where('id', '=', friend.id)
      .execute();
  }

  // Locks the referrer (second in the lock order, after the friend) and numbers this conversion.
  const conversions = await countConversion(trx, decision.referrerId);
  // A running experiment's variant decides the referral rewards (docs/experiments.md); a running
  // campaign then boosts them.
  const variant = await programForConversion(trx, ctx.experiment ?? null, program, {
    referrerId: decision.referrerId,
    visitorId: ctx.visitorId,
  });
  const referral = boostedReferral(variant?.program ?? program, now);
  const experiment = variant ? { experiment: { id: variant.experimentId, variant: variant.variant } } : {};
  const base = {
    merchantId,
    holdDays: referral.hold_days,
    flags: decision.flags,
    orderId: order.id,
    referralId,
  };
  const capped =
    referral.max_rewards_per_referrer !== null && conversions > referral.max_rewards_per_referrer;
  if (!capped) {
    await createReward(
      trx,
      {
        ...base,
        customerId: decision.referrerId,
        source: 'referral_referrer',
        value: referral.referrer_reward,
        causeKey: `referral:${order.id}:referrer`,
      },
      program,
      now,
    );
  }
  // A held-out friend earns nothing (docs/experiments.md, holdouts); the referrer is still paid.
  if (!inHoldout(program.holdout, friend))
    await createReward(
      trx,
      {
        ...base,
        customerId: friend.id,
        source: 'referral_friend',
        value: referral.friend_reward,
        causeKey: `referral:${order.id}:friend`,
      },
      program,
      now,
    );
  for (const milestone of milestonesReached(referral.milestones, conversions)) {
    await createReward(
      trx,
      {
        ...base,
        customerId: decision.referrerId,
        source: 'milestone',
        value: milestone.reward,
        causeKey: `milestone:${decision.referrerId}:${milestone.referrals}`,
      },
      program,
      now,
    );
  }

  const data = {
    referral: referralId,
    referrer: decision.referrerId,
    friend: friend.id,
    order: order.id,
    method: decision.method,
    flags: decision.flags,
    ...experiment,
  };
  await recordEvent(trx, { merchantId, type: 'referral.converted', customerId: friend.id, data }, now);
  await recordEvent(trx, { merchantId, type: 'order.attributed', customerId: friend.id, data }, now);
  return { referral: referralId, referrer: decision.referrerId, method: decision.method, ...experiment };
}
