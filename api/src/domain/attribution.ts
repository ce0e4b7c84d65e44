// Who gets credit for a first order, and whether they should. Pure: the caller
// gathers the evidence and the facts; this decides, and every decision carries its reasons.
export type AttributionMethod = 'coupon' | 'code' | 'link' | 'email';

/** Evidence in priority order: coupon → code → link → email. */
export const METHOD_PRIORITY: readonly AttributionMethod[] = ['coupon', 'code', 'link', 'email'];

export interface Evidence {
  method: AttributionMethod;
  referrerId: string;
  referrerEmail: string | null;
}

export interface FriendFacts {
  customerId: string;
  emailNormalized: string | null;
  /** Orders before this one. */
  previousOrders: number;
  /** Who the friend was already linked to, if anyone. */
  referredBy: string | null;
}

export interface FraudFacts {
  /** The friend's device (IP + user agent hash) was also the referrer's. */
  sameDeviceAsReferrer: boolean;
  disposableEmail: boolean;
  /** Referred orders from the friend's IP today, this one excluded. */
  referredOrdersFromIpToday: number;
}

export interface AttributionRules {
  minOrderAmount: number;
  maxReferredOrdersPerIpPerDay: number;
  flagDisposableEmails: boolean;
  flagSameDevice: boolean;
}

export type AttributionDecision =
  | { outcome: 'none' }
  | { outcome: 'rejected'; referrerId: string; method: AttributionMethod; reasons: string[] }
  | { outcome: 'accepted'; referrerId: string; method: AttributionMethod; flags: string[] };

export function pickEvidence(evidence: readonly Evidence[]): Evidence | undefined {
  for (const method of METHOD_PRIORITY) {
    const found = evidence.find((e) => e.method === method);
    if (found) return found;
  }
  return undefined;
}

export function decideAttribution(input: {
  evidence: readonly Evidence[];
  friend: FriendFacts;
  orderAmount: number;
  fraud: FraudFacts;
  rules: AttributionRules;
}): AttributionDecision {
  const { friend, fraud, rules } = input;
  // A referrer who pointed at someone else first loses to the earlier link: the friend was already
  // referred, and that referral is the one that stands.
  const chosen = pickEvidence(input.evidence);
  if (!chosen) return { outcome: 'none' };

  const reasons: string[] = [];
  if (chosen.referrerId === friend.customerId) reasons.push('self_referral');
  else if (
    chosen.referrerEmail &&
    friend.emailNormalized &&
    chosen.referrerEmail === friend.emailNormalized
  ) {
    reasons.push('same_email');
  }
  if (friend.previousOrders > 0) reasons.push('existing_customer');
  if (friend.referredBy && friend.referredBy !== chosen.referrerId) reasons.push('already_referred');
  if (input.orderAmount < rules.minOrderAmount) reasons.push('below_min_order_amount');
  if (reasons.length > 0)
    return { outcome: 'rejected', referrerId: chosen.referrerId, method: chosen.method, reasons };

  const flags: string[] = [];
  if (rules.flagSameDevice && fraud.sameDeviceAsReferrer) flags.push('same_device_as_referrer');
  if (rules.flagDisposableEmails && fraud.disposableEmail) flags.push('disposable_email');
  if (fraud.referredOrdersFromIpToday >= rules.maxReferredOrdersPerIpPerDay) flags.push('ip_velocity');
  return { outcome: 'accepted', referrerId: chosen.referrerId, method: chosen.method, flags };
}
