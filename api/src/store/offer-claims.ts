// Offer claims as evidence: a friend-offer coupon speaks for its referrer once, for the first order
// that redeems it, whoever else later types the same code.
import type { Executor } from '../db/schema.ts';

/**
 * Marks the claims behind these coupon codes as spent on `orderId` and returns their referrers. The
 * update is conditional on the claim being unspent, so of concurrent orders sharing one code exactly
 * one wins (PostgreSQL re-checks the condition after the winner commits; SQLite has one writer).
 */
export async function takeClaimedCouponEvidence(
  trx: Executor,
  merchantId: string,
  couponCodes: readonly string[],
  orderId: string,
): Promise<string[]> {
  if (couponCodes.length === 0) return [];
  const variants = [...new Set(couponCodes.flatMap((c) => [c, c.toUpperCase()]))];
  const claims = await trx
    .selectFrom('offer_claims')
    .select(['id', 'referrer_id'])
    .where('merchant_id', '=', merchantId)
    .where('coupon_code', 'in', variants)
    .where('evidence_order_id', 'is', null)
    .execute();
  const referrers: string[] = [];
  for (const claim of claims) {
    const taken = await trx
      .updateTable('offer_claims')
      .set({ evidence_order_id: orderId })
      .where('id', '=', claim.id)
      .where('evidence_order_id', 'is', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0 && claim.referrer_id) referrers.push(claim.referrer_id);
  }
  return referrers;
}

/** Gives back the claims taken for an order that was not recorded after all (another post won). */
export async function releaseClaimedCouponEvidence(trx: Executor, merchantId: string, orderId: string) {
  await trx
    .updateTable('offer_claims')
    .set({ evidence_order_id: null })
    .where('merchant_id', '=', merchantId)
    .where('evidence_order_id', '=', orderId)
    .execute();
}
