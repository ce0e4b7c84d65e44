// A coupon used at checkout: a reward coupon becomes `redeemed`; any known code is marked used.
import type { Executor } from '../db/schema.ts';
import { findCoupons } from '../store/coupons.ts';
import { redeemCoupon } from '../store/rewards.ts';

export async function redeemOrderCoupons(
  trx: Executor,
  merchantId: string,
  codes: readonly string[],
  now: Date,
) {
  if (codes.length === 0) return;
  const variants = [...new Set(codes.flatMap((c) => [c, c.toUpperCase()]))];
  const coupons = await findCoupons(trx, merchantId, variants);
  const at = now.toISOString();
  for (const coupon of coupons) {
    if (coupon.redeemed_at || coupon.revoked_at || !coupon.issued_at) continue;
    await redeemCoupon(trx, coupon, at);
  }
}
