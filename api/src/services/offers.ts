// The friend's new-customer offer: an email in, a coupon out — once per inbox, to the visitor who claimed it. The claim remembers
// whose link brought the visitor, which is evidence (by coupon or by email) when the first order comes.

import { DAY_MS } from '../clock.ts';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { erasedEmailMarker, normalizeEmail } from '../domain/email.ts';
import { ApiError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { issueCoupon } from '../store/coupons.ts';
import { recordEvent } from '../store/events.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { loadRunningExperiment, programForVisitor } from './experiment-exposure.ts';

export async function claimOffer(
  deps: Deps,
  merchant: AuthedMerchant,
  input: { visitor_id: string; email: string },
): Promise<{ reward: RewardValue; coupon_code: string; created: boolean }> {
  const program = await loadProgram(deps, merchant.id);
  const experiment = await loadRunningExperiment(deps, merchant.id);
  if (!program.new_customer_offer.enabled) {
    throw new ApiError('conflict', 'offer_disabled', 'This shop has no new-customer offer right now.');
  }
  const emailNormalized = normalizeEmail(input.email);
  const erasedMarker = await erasedEmailMarker(merchant.settings.session_secret, emailNormalized);
  const now = deps.clock.now();

  return transact(deps.db, async (trx) => {
    // The offer the visitor was shown: their variant's while an experiment runs.
    const offer = ((await programForVisitor(trx, experiment, program, input.visitor_id))?.program ?? program)
      .new_customer_offer;
    const buyer = await trx
      .selectFrom('customers')
      .select('id')
      .where('merchant_id', '=', merchant.id)
      .where('email_normalized', '=', emailNormalized)
      .where('orders_count', '>', 0)
      .executeTakeFirst();
    if (buyer) {
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
    const erasedClaim = await trx
      .selectFrom('offer_claims')
      .select('id')
      .where('merchant_id', '=', merchant.id)
      .where('email_normalized', '=', erasedMarker)
      .executeTakeFirst();
    if (erasedClaim) {
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
    const click = await trx
      .selectFrom('clicks')
      .innerJoin('customers', 'customers.id', 'clicks.referrer_id')
      .select(['clicks.referrer_id', 'customers.email_normalized'])
      .where('clicks.merchant_id', '=', merchant.id)
      .where('clicks.visitor_id', '=', input.visitor_id)
      .where('clicks.created_at', '>=', since)
      .orderBy('clicks.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Claiming your own offer through your own link refers nobody.
    const referrerId = click && click.email_normalized !== emailNormalized ? click.referrer_id : null;

    const claimId = newId('clm', now.getTime());
    const inserted = await trx
      .insertInto('offer_claims')
      .values({
        id: claimId,
        merchant_id: merchant.id,
        visitor_id: input.visitor_id,
        email: input.email,
        email_normalized: emailNormalized,
        referrer_id: referrerId,
        reward_id: null,
        coupon_code: null,
        evidence_order_id: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['merchant_id', 'email_normalized']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const earlier = await trx
        .selectFrom('offer_claims')
        .select(['coupon_code', 'visitor_id'])
        .where('merchant_id', '=', merchant.id)
        .where('email_normalized', '=', emailNormalized)
        .executeTakeFirstOrThrow();
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
      merchant.id,
      'new_customer_offer',
      program.coupon_prefix,
      null,
      now,
    );
    await trx
      .updateTable('offer_claims')
      .set({ coupon_code: couponCode })
      .where('id', '=', claimId)
      .execute();
    await recordEvent(
      trx,
      {
        merchantId: merchant.id,
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
  });
}
