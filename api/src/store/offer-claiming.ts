// Claiming the new-customer offer (services/offers.ts): who may claim it, whose link brought the
// visitor, and the claim row itself — one per merchant and inbox, enforced by its unique key.
import type { Insertable } from 'kysely';
import type { Executor, OfferClaimTable } from '../db/schema.ts';

/** Whether a customer with this inbox has already ordered: the offer is for new customers. */
export async function hasOrderedWithEmail(
  db: Executor,
  merchantId: string,
  emailNormalized: string,
): Promise<boolean> {
  const buyer = await db
    .selectFrom('customers')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('email_normalized', '=', emailNormalized)
    .where('orders_count', '>', 0)
    .executeTakeFirst();
  return buyer !== undefined;
}

/** Whether a claim is stored under this key (an inbox, or the keyed hash an erased claim keeps). */
export async function hasOfferClaim(db: Executor, merchantId: string, emailKey: string): Promise<boolean> {
  const claim = await db
    .selectFrom('offer_claims')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('email_normalized', '=', emailKey)
    .executeTakeFirst();
  return claim !== undefined;
}

/** The visitor's latest click on a referral link since `since`, with the referrer's inbox. */
export function latestReferralClick(
  db: Executor,
  merchantId: string,
  visitorId: string,
  since: string,
): Promise<{ referrer_id: string; email_normalized: string | null } | undefined> {
  return db
    .selectFrom('clicks')
    .innerJoin('customers', 'customers.id', 'clicks.referrer_id')
    .select(['clicks.referrer_id', 'customers.email_normalized'])
    .where('clicks.merchant_id', '=', merchantId)
    .where('clicks.visitor_id', '=', visitorId)
    .where('clicks.created_at', '>=', since)
    .orderBy('clicks.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts the claim unless the inbox has one already; true when this one went in. */
export async function insertOfferClaim(db: Executor, claim: Insertable<OfferClaimTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('offer_claims')
    .values(claim)
    .onConflict((oc) => oc.columns(['merchant_id', 'email_normalized']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function claimOfInbox(
  db: Executor,
  merchantId: string,
  emailNormalized: string,
): Promise<{ coupon_code: string | null; visitor_id: string | null }> {
  return db
    .selectFrom('offer_claims')
    .select(['coupon_code', 'visitor_id'])
    .where('merchant_id', '=', merchantId)
    .where('email_normalized', '=', emailNormalized)
    .executeTakeFirstOrThrow();
}

export async function setClaimCoupon(db: Executor, claimId: string, couponCode: string): Promise<void> {
  await db.updateTable('offer_claims').set({ coupon_code: couponCode }).where('id', '=', claimId).execute();
}
