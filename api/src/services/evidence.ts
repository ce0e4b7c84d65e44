// Gathers what attribution decides on: who could have referred this friend, by which method, and the
// fraud facts about the friend's device and email. Reads only (store/evidence.ts); the decision is
// domain/attribution.ts.

import { DAY_MS } from '../clock.ts';
import type { Customer, Executor } from '../db/schema.ts';
import type { Evidence, FraudFacts } from '../domain/attribution.ts';
import {
  type Device,
  lastClick,
  offerClaimReferrer,
  ownersOfCodes,
  type Party,
  partiesById,
  referredOrdersFromIp,
  visitorDevice,
  visitorsOf,
} from '../store/evidence.ts';

export interface EvidenceInput {
  merchantId: string;
  friend: Customer;
  /** The friend's row was created in this transaction: no visitor or referral can name it yet. */
  friendIsNew: boolean;
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
  // Referrers already read with their email (a code's owner); the others are read in one go below.
  const known = new Map<string, Party>();

  // (1) coupon: the friend's offer coupon (claimed through someone's link; the caller has taken it for
  // this order, so it speaks once) or a referrer's code used as a discount code at checkout.
  for (const referrerId of input.claimedCouponReferrers) found.push({ method: 'coupon', referrerId });
  if (input.couponCodes.length > 0) {
    for (const owner of await ownersOfCodes(db, merchantId, input.couponCodes)) {
      known.set(owner.id, owner);
      found.push({ method: 'coupon', referrerId: owner.id });
    }
  }

  // (2) code: an explicit referral_code on the order, or the code the friend signed up with.
  if (input.referralCode) {
    const [owner] = await ownersOfCodes(db, merchantId, [input.referralCode]);
    if (owner) {
      known.set(owner.id, owner);
      found.push({ method: 'code', referrerId: owner.id });
    }
  }
  if (friend.referred_by) found.push({ method: 'code', referrerId: friend.referred_by });

  // (3) link: the last referral click inside the window, by this visitor or any visitor known to be
  // this customer.
  const knownVisitors = input.friendIsNew ? [] : await visitorsOf(db, merchantId, friend.id);
  const visitorIds = [
    ...new Set([...(input.visitorId ? [input.visitorId] : []), ...knownVisitors.map((v) => v.id)]),
  ];
  let click: GatheredEvidence['click'] = null;
  if (visitorIds.length > 0) {
    const since = new Date(input.orderTime.getTime() - input.windowDays * DAY_MS).toISOString();
    const last = await lastClick(db, merchantId, visitorIds, since, input.orderTime.toISOString());
    if (last) {
      found.push({ method: 'link', referrerId: last.referrer_id });
      click = { id: last.id, ip_hash: last.ip_hash, ua_hash: last.ua_hash };
    }
  }

  // (4) email: the friend's email claimed the new-customer offer through someone's link.
  if (friend.email_normalized) {
    const referrerId = await offerClaimReferrer(db, merchantId, friend.email_normalized);
    if (referrerId) found.push({ method: 'email', referrerId });
  }

  const unknown = [...new Set(found.map((f) => f.referrerId))].filter((id) => !known.has(id));
  for (const party of await partiesById(db, unknown)) known.set(party.id, party);
  return {
    evidence: found
      .filter((f) => known.has(f.referrerId))
      .map((f) => ({ ...f, referrerEmail: known.get(f.referrerId)?.email_normalized ?? null })),
    click,
  };
}

/** The device of the visitor the order names, if it is known. */
export function friendVisitorDevice(db: Executor, merchantId: string, visitorId: string | undefined) {
  return visitorId ? visitorDevice(db, merchantId, visitorId) : Promise.resolve(undefined);
}

export async function gatherFraudFacts(
  db: Executor,
  input: {
    merchantId: string;
    referrerId: string;
    friendDevices: Device[];
    friendIpHash: string | null;
    disposableEmail: boolean;
    orderTime: Date;
    /** Whether the same-device rule is on: its fact is read only when it can matter. */
    checkSameDevice: boolean;
  },
): Promise<FraudFacts> {
  const devices = input.friendDevices.filter((f) => f.ip_hash !== null && f.ua_hash !== null);
  let sameDeviceAsReferrer = false;
  if (input.checkSameDevice && devices.length > 0) {
    const referrerDevices = await visitorsOf(db, input.merchantId, input.referrerId);
    sameDeviceAsReferrer = devices.some((f) =>
      referrerDevices.some((r) => r.ip_hash === f.ip_hash && r.ua_hash === f.ua_hash),
    );
  }
  const dayStart = `${input.orderTime.toISOString().slice(0, 10)}T00:00:00.000Z`;
  const referredOrdersFromIpToday = input.friendIpHash
    ? await referredOrdersFromIp(db, input.merchantId, input.friendIpHash, dayStart)
    : 0;
  return { sameDeviceAsReferrer, disposableEmail: input.disposableEmail, referredOrdersFromIpToday };
}
