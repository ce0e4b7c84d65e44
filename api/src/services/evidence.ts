// Gathers what attribution decides on: who could have referred this friend, by which method, and the
// fraud facts about the friend's device and email. Reads only; the decision is domain/attribution.ts.

import { DAY_MS } from '../clock.ts';
import type { Customer, Executor } from '../db/schema.ts';
import type { Evidence, FraudFacts } from '../domain/attribution.ts';
import { normalizeReferralCode } from '../domain/referral-code.ts';

export interface EvidenceInput {
  merchantId: string;
  friend: Customer;
  couponCodes: readonly string[];
  /** Referrers behind friend-offer coupons this order was the first to redeem. */
  claimedCouponReferrers: readonly string[];
  referralCode: string | undefined;
  visitorId: string | undefined;
  orderTime: Date;
  windowDays: number;
}

export interface GatheredEvidence {
  evidence: Evidence[];
  /** The click that linked the friend, when there was one (its device hashes feed the fraud checks). */
  click: { id: string; ip_hash: string | null; ua_hash: string | null } | null;
}

export async function gatherEvidence(db: Executor, input: EvidenceInput): Promise<GatheredEvidence> {
  const { merchantId, friend } = input;
  const found: { method: Evidence['method']; referrerId: string }[] = [];

  // (1) coupon: the friend's offer coupon (claimed through someone's link; the caller has taken it for
  // this order, so it speaks once) or a referrer's code used as a discount code at checkout.
  for (const referrerId of input.claimedCouponReferrers) found.push({ method: 'coupon', referrerId });
  if (input.couponCodes.length > 0) {
    const variants = [...new Set(input.couponCodes.flatMap((c) => [c, c.toUpperCase()]))];
    const owners = await db
      .selectFrom('customers')
      .select('id')
      .where('merchant_id', '=', merchantId)
      .where('referral_code', 'in', variants.map(normalizeReferralCode))
      .execute();
    for (const o of owners) found.push({ method: 'coupon', referrerId: o.id });
  }

  // (2) code: an explicit referral_code on the order, or the code the friend signed up with.
  if (input.referralCode) {
    const owner = await db
      .selectFrom('customers')
      .select('id')
      .where('merchant_id', '=', merchantId)
      .where('referral_code', '=', normalizeReferralCode(input.referralCode))
      .executeTakeFirst();
    if (owner) found.push({ method: 'code', referrerId: owner.id });
  }
  if (friend.referred_by) found.push({ method: 'code', referrerId: friend.referred_by });

  // (3) link: the last referral click inside the window, by this visitor or any visitor known to be
  // this customer.
  const since = new Date(input.orderTime.getTime() - input.windowDays * DAY_MS).toISOString();
  const knownVisitors = await db
    .selectFrom('visitors')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', friend.id)
    .execute();
  const visitorIds = [
    ...new Set([...(input.visitorId ? [input.visitorId] : []), ...knownVisitors.map((v) => v.id)]),
  ];
  let click: GatheredEvidence['click'] = null;
  if (visitorIds.length > 0) {
    const last = await db
      .selectFrom('clicks')
      .select(['id', 'referrer_id', 'ip_hash', 'ua_hash'])
      .where('merchant_id', '=', merchantId)
      .where('visitor_id', 'in', visitorIds)
      .where('created_at', '>=', since)
      .where('created_at', '<=', input.orderTime.toISOString())
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      found.push({ method: 'link', referrerId: last.referrer_id });
      click = { id: last.id, ip_hash: last.ip_hash, ua_hash: last.ua_hash };
    }
  }

  // (4) email: the friend's email claimed the new-customer offer through someone's link.
  if (friend.email_normalized) {
    const claim = await db
      .selectFrom('offer_claims')
      .select('referrer_id')
      .where('merchant_id', '=', merchantId)
      .where('email_normalized', '=', friend.email_normalized)
      .where('referrer_id', 'is not', null)
      .executeTakeFirst();
    if (claim?.referrer_id) found.push({ method: 'email', referrerId: claim.referrer_id });
  }

  const referrerIds = [...new Set(found.map((f) => f.referrerId))];
  const referrers =
    referrerIds.length === 0
      ? []
      : await db
          .selectFrom('customers')
          .select(['id', 'email_normalized'])
          .where('id', 'in', referrerIds)
          .execute();
  const emailOf = new Map(referrers.map((r) => [r.id, r.email_normalized]));
  return {
    evidence: found
      .filter((f) => emailOf.has(f.referrerId))
      .map((f) => ({ ...f, referrerEmail: emailOf.get(f.referrerId) ?? null })),
    click,
  };
}

export async function gatherFraudFacts(
  db: Executor,
  input: {
    merchantId: string;
    referrerId: string;
    friendDevices: { ip_hash: string | null; ua_hash: string | null }[];
    friendIpHash: string | null;
    disposableEmail: boolean;
    orderTime: Date;
  },
): Promise<FraudFacts> {
  const referrerDevices = await db
    .selectFrom('visitors')
    .select(['ip_hash', 'ua_hash'])
    .where('merchant_id', '=', input.merchantId)
    .where('customer_id', '=', input.referrerId)
    .execute();
  const sameDeviceAsReferrer = input.friendDevices.some(
    (f) =>
      f.ip_hash !== null &&
      f.ua_hash !== null &&
      referrerDevices.some((r) => r.ip_hash === f.ip_hash && r.ua_hash === f.ua_hash),
  );
  let referredOrdersFromIpToday = 0;
  if (input.friendIpHash) {
    const dayStart = `${input.orderTime.toISOString().slice(0, 10)}T00:00:00.000Z`;
    const row = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merchant_id', '=', input.merchantId)
      .where('ip_hash', '=', input.friendIpHash)
      .where('created_at', '>=', dayStart)
      .where('attribution', 'is not', null)
      .where('attribution', 'not like', '%"rejected"%')
      .executeTakeFirstOrThrow();
    referredOrdersFromIpToday = Number(row.n);
  }
  return { sameDeviceAsReferrer, disposableEmail: input.disposableEmail, referredOrdersFromIpToday };
}
