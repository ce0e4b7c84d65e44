// Attribution of an order, after the evidence is weighed (domain/attribution.ts decides): `planAttribution`
// settles everything that can be known before the order row is written — the referral's id, the
// experiment variant, the attribution the order row stores — and `applyAttribution`, once the order
// is claimed, writes the referral, counts the conversion, grants the double-sided rewards and
// milestones and announces it. Its writes go to the order's effects (services/order-effects.ts).
import type { Customer, Executor } from '../db/schema.ts';
import type { AttributionDecision } from '../domain/attribution.ts';
import { boostedReferral } from '../domain/campaigns.ts';
import { inHoldout } from '../domain/holdout.ts';
import { ledgerMovementOf, milestonesReached } from '../domain/rewards.ts';
import { newId } from '../ids.ts';
import type { OrderObject } from '../schemas/order.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { Experiment } from '../store/experiments.ts';
import { HeldPoints } from '../store/ledger.ts';
import { countReferrerConversion } from '../store/order-parties.ts';
import { convertReferral, findOpenReferral, insertReferral } from '../store/referrals.ts';
import { grantReward, type NewReward, rewardCauseSeen } from '../store/rewards.ts';
import { programForConversion, type Shown } from './experiment-exposure.ts';
import type { OrderEffects } from './order-effects.ts';

type Attribution = NonNullable<OrderObject['attribution']>;
type Decided = Exclude<AttributionDecision, { outcome: 'none' }>;
type Accepted = Extract<Decided, { outcome: 'accepted' }>;

export interface ConversionContext {
  merchantId: string;
  program: ProgramConfig;
  orderId: string;
  friend: Customer;
  /** The friend's row was created in this transaction: no open referral can name it. */
  friendIsNew: boolean;
  visitorId: string | null;
  now: Date;
  /** The running experiment, if any (docs/experiments.md). */
  experiment: Experiment | null;
}

export interface AttributionPlan {
  decision: Decided;
  referralId: string;
  /** The friend's open referral by this referrer, which the conversion completes (else a new one). */
  open: boolean;
  /** The experiment variant whose rewards the conversion pays (docs/experiments.md). */
  variant: Shown | null;
  /** What the order row stores and the API answers. */
  attribution: Attribution;
}

/** Reads what the decision's writes need; writes nothing. Null when there is nothing to attribute. */
export async function planAttribution(
  trx: Executor,
  ctx: ConversionContext,
  decision: AttributionDecision,
): Promise<AttributionPlan | null> {
  if (decision.outcome === 'none') return null;
  const { referrerId, method } = decision;
  if (decision.outcome === 'rejected') {
    const attribution = { rejected: true, reasons: decision.reasons, referrer: referrerId, method };
    return {
      decision,
      referralId: newId('ref', ctx.now.getTime()),
      open: false,
      variant: null,
      attribution: attribution as Attribution,
    };
  }
  const open = ctx.friendIsNew
    ? null
    : await findOpenReferral(trx, ctx.merchantId, ctx.friend.id, referrerId);
  const referralId = open ?? newId('ref', ctx.now.getTime());
  const variant = await programForConversion(trx, ctx.experiment, ctx.program, {
    referrerId,
    visitorId: ctx.visitorId,
  });
  return {
    decision,
    referralId,
    open: open !== null,
    variant,
    attribution: { referral: referralId, referrer: referrerId, method, ...experimentOf(variant) },
  };
}

/** Applies the plan once the order is claimed (its row exists). */
export async function applyAttribution(
  trx: Executor,
  ctx: ConversionContext,
  plan: AttributionPlan,
  effects: OrderEffects,
): Promise<void> {
  if (plan.decision.outcome === 'rejected') {
    await recordRejection(trx, ctx, plan, plan.decision, effects);
    return;
  }
  await recordConversion(trx, ctx, plan, plan.decision);
  if (!ctx.friend.referred_by) effects.buyerChanges.referred_by = plan.decision.referrerId;
  await payReferral(trx, ctx, plan, plan.decision, effects);
}

/** The events of a conversion, added once its rewards are granted. */
function announceConversion(
  ctx: ConversionContext,
  plan: AttributionPlan,
  decision: Accepted,
  effects: OrderEffects,
) {
  const data = {
    referral: plan.referralId,
    referrer: decision.referrerId,
    friend: ctx.friend.id,
    order: ctx.orderId,
    method: decision.method,
    flags: decision.flags,
    ...experimentOf(plan.variant),
  };
  const { merchantId, friend, now } = ctx;
  effects.events.add({ merchantId, type: 'referral.converted', customerId: friend.id, data }, now);
  effects.events.add({ merchantId, type: 'order.attributed', customerId: friend.id, data }, now);
}

const experimentOf = (variant: Shown | null) =>
  variant ? { experiment: { id: variant.experimentId, variant: variant.variant } } : {};

async function recordRejection(
  trx: Executor,
  ctx: ConversionContext,
  plan: AttributionPlan,
  decision: Extract<Decided, { outcome: 'rejected' }>,
  effects: OrderEffects,
) {
  await insertReferral(trx, {
    id: plan.referralId,
    merchant_id: ctx.merchantId,
    referrer_id: decision.referrerId,
    friend_id: ctx.friend.id,
    visitor_id: ctx.visitorId,
    status: 'rejected',
    method: decision.method,
    order_id: ctx.orderId,
    reasons: JSON.stringify(decision.reasons),
    flags: '[]',
    created_at: ctx.now.toISOString(),
    converted_at: null,
  });
  effects.events.add(
    {
      merchantId: ctx.merchantId,
      type: 'referral.rejected',
      customerId: ctx.friend.id,
      data: {
        referral: plan.referralId,
        referrer: decision.referrerId,
        friend: ctx.friend.id,
        order: ctx.orderId,
        method: decision.method,
        reasons: decision.reasons,
      },
    },
    ctx.now,
  );
}

/** The friend's open referral by this referrer becomes the converted one, or a converted one starts. */
async function recordConversion(
  trx: Executor,
  ctx: ConversionContext,
  plan: AttributionPlan,
  decision: Accepted,
) {
  const at = ctx.now.toISOString();
  const converted = {
    status: 'converted' as const,
    method: decision.method,
    order_id: ctx.orderId,
    flags: JSON.stringify(decision.flags),
    converted_at: at,
  };
  if (plan.open) {
    await convertReferral(trx, plan.referralId, converted);
    return;
  }
  await insertReferral(trx, {
    id: plan.referralId,
    merchant_id: ctx.merchantId,
    referrer_id: decision.referrerId,
    friend_id: ctx.friend.id,
    visitor_id: ctx.visitorId,
    reasons: '[]',
    created_at: at,
    ...converted,
  });
}

/**
 * Grants what the conversion earns: the friend's reward unless held out, then — counting the
 * conversion, which locks the referrer (third in the lock order) — the referrer's unless capped and
 * any milestone reached. The friend's is granted first, and the order's inserts are left to the end,
 * so the referrer's row is held for as few statements as the count's decisions need: every order of
 * a popular referrer waits for it. Coupon codes drawn before the lock are taken with SKIP LOCKED,
 * so they never wait and cannot close a cycle.
 */
async function payReferral(
  trx: Executor,
  ctx: ConversionContext,
  plan: AttributionPlan,
  decision: Accepted,
  effects: OrderEffects,
) {
  const { merchantId, program, friend, now } = ctx;
  const referrerId = decision.referrerId;
  // A running experiment's variant decides the referral rewards; a running campaign then boosts them.
  const referral = boostedReferral(plan.variant?.program ?? program, now);
  const base = {
    merchantId,
    holdDays: referral.hold_days,
    flags: decision.flags,
    orderId: ctx.orderId,
    referralId: plan.referralId,
  };
  const grant = async (reward: NewReward, points: HeldPoints | null) => {
    effects.rewards.push(await grantReward(trx, reward, program, now, { events: effects.events, points }));
  };
  // Drawn first so the order lists the referrer's reward before the friend's, as it always has.
  const referrerReward: NewReward = {
    ...base,
    id: newId('rwd', now.getTime()),
    customerId: referrerId,
    source: 'referral_referrer',
    value: referral.referrer_reward,
    causeKey: `referral:${ctx.orderId}:referrer`,
  };
  // A coupon for the referrer needs neither the conversion count nor the referrer's balance unless
  // the program caps rewards per referrer, so it is drawn before the referrer's lock, which every
  // order of a popular referrer waits for. Points and credit move the balance read under the lock.
  const beforeLock =
    referral.max_rewards_per_referrer === null && ledgerMovementOf(referral.referrer_reward) === null;
  if (beforeLock) await grant(referrerReward, null);
  // A held-out friend earns nothing (docs/experiments.md, holdouts); the referrer is still paid.
  if (!inHoldout(program.holdout, friend)) {
    await grant(
      {
        ...base,
        customerId: friend.id,
        source: 'referral_friend',
        value: referral.friend_reward,
        causeKey: `referral:${ctx.orderId}:friend`,
      },
      effects.buyer,
    );
  }

  // The buyer's row is written now, not after the lock: it is already this transaction's.
  await effects.writeBuyer(trx);
  const counted = await countReferrerConversion(trx, referrerId);
  const held = new HeldPoints(merchantId, referrerId, counted.pointsBalance);
  effects.referrer = held;
  const capped =
    referral.max_rewards_per_referrer !== null && counted.conversions > referral.max_rewards_per_referrer;
  if (!beforeLock && !capped) await grant(referrerReward, held);
  for (const milestone of milestonesReached(referral.milestones, counted.conversions)) {
    // Unlike the order's own rewards, a milestone's cause can recur (a conversion count reached again
    // after a refund took one back): it pays once.
    const causeKey = `milestone:${referrerId}:${milestone.referrals}`;
    if (await rewardCauseSeen(trx, merchantId, causeKey)) continue;
    await grant(
      { ...base, customerId: referrerId, source: 'milestone', value: milestone.reward, causeKey },
      held,
    );
  }
  announceConversion(ctx, plan, decision, effects);
}
