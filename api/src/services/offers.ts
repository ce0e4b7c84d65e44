// The friend's new-customer offer: an email in, a coupon out — once per inbox, to the visitor who claimed it. The claim remembers
// whose link brought the visitor, which is evidence (by coupon or by email) when the first order comes.

import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { erasedEmailMarker, normalizeEmail } from '../domain/email.ts';
import { ApiError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { issueCoupon } from '../store/coupons.ts';
import { recordEvent } from '../store/events.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import {
  claimOfInbox,
  hasOfferClaim,
  hasOrderedWithEmail,
  insertOfferClaim,
  latestReferralClick,
  setClaimCoupon,
} from '../store/offer-claiming.ts';
import { loadProgram } from '../store/programs.ts';
import { loadRunningExperiment, programForVisitor } from './experiment-exposure.ts';

export interface OfferClaimInput {
  visitor_id: string;
  email: string;
}

/** What is decided before the transaction: the program, the experiment running, the inbox's keys. */
export interface OfferClaimPlan {
  merchantId: string;
  program: ProgramConfig;
  experiment: Awaited<ReturnType<typeof loadRunningExperiment>>;
  emailNormalized: string;
  /** The keyed hash an erased customer's claim keeps of this inbox. */
  erasedMarker: string;
  now: Date;
}

export async function prepareOfferClaim(
  deps: Deps,
  merchant: AuthedMerchant,
  input: OfferClaimInput,
): Promise<OfferClaimPlan> {
  const program = await loadProgram(deps, merchant.id);
  const experiment = await loadRunningExperiment(deps, merchant.id);
  if (!program.new_customer_offer.enabled) {
    throw new ApiError('conflict', 'offer_disabled', 'This shop has no new-customer offer right now.');
  }
  const emailNormalized = normalizeEmail(input.email);
  const erasedMarker = await erasedEmailMarker(merchant.settings.session_secret, emailNormalized);
  return {
    merchantId: merchant.id,
    program,
    experiment,
    emailNormalized,
    erasedMarker,
    now: deps.clock.now(),
  };
}

/** Runs inside the caller's transaction; a refusal throws and so changes nothing. */
export async function claimOffer(
  trx: Executor,
  plan: OfferClaimPlan,
  input: OfferClaimInput,
): Promise<{ reward: RewardValue; coupon_code: string; created: boolean }> {
  const { merchantId, program, experiment, emailNormalized, erasedMarker, now } = plan;
  // The offer the visitor was shown: their variant's while an experiment runs.
  const offer = ((await programForVisitor(trx, experiment, program, input.visitor_id))?.program ?? program)
    .new_customer_offer;
  if (await hasOrderedWithEmail(trx, merchantId, emailNormalized)) {
    throw new ApiError(
      'conflict',
      'existing_customer',
      'This email already belongs to a customer who has ordered.',
      {
        param: 'email',
      },
    );
  }
  // An inbox whose owner was erased has had its offer: the claim kept only a keyed hash of it.
  if (await hasOfferClaim(trx, merchantId, erasedMarker)) {
    throw new ApiError(
      'conflict',
      'offer_already_claimed',
      'The offer for this email has already been claimed.',
      {
        param: 'email',
      },
    );
  }
  const since = new Date(now.getTime() - program.referral.attribution_window_days * DAY_MS).toISOString();
  const click = await latestReferralClick(trx, merchantId, input.visitor_id, since);
  // Claiming your own offer through your own link refers nobody.
  const referrerId = click && click.email_normalized !== emailNormalized ? click.referrer_id : null;

  const claimId = newId('clm', now.getTime());
  const inserted = await insertOfferClaim(trx, {
    id: claimId,
    merchant_id: merchantId,
    visitor_id: input.visitor_id,
    email: input.email,
    email_normalized: emailNormalized,
    referrer_id: referrerId,
    reward_id: null,
    coupon_code: null,
    evidence_order_id: null,
    created_at: now.toISOString(),
  });
  if (!inserted) {
    const earlier = await claimOfInbox(trx, merchantId, emailNormalized);
    // The coupon belongs to whoever claimed it: knowing someone's email (or a plus/dot variant of
    // it) must not reveal their code. The same visitor asking again gets it back.
    if (earlier.visitor_id !== input.visitor_id) {
      throw new ApiError(
        'conflict',
        'offer_already_claimed',
        'The offer for this email has already been claimed.',
        { param: 'email' },
      );
    }
    return { reward: offer.reward, coupon_code: earlier.coupon_code ?? '', created: false };
  }
  const couponCode = await issueCoupon(
    trx,
    merchantId,
    'new_customer_offer',
    program.coupon_prefix,
    null,
    now,
  );
  await setClaimCoupon(trx, claimId, couponCode);
  await recordEvent(
    trx,
    {
      merchantId,
      type: 'offer.claimed',
      data: {
        claim: claimId,
        email: input.email,
        visitor: input.visitor_id,
        referrer: referrerId,
        coupon_code: couponCode,
        reward: offer.reward,
      },
    },
    now,
  );
  return { reward: offer.reward, coupon_code: couponCode, created: true };
}
