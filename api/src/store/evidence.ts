// The reads attribution decides on (services/evidence.ts gathers them): who owns a code, which
// visitors are a customer's, the last referral click, an email's offer claim, the friend's device and
// how many referred orders came from one address today.
import { precompile, precompileRows } from '../db/precompiled.ts';
import type { Executor } from '../db/schema.ts';
import { normalizeReferralCode } from '../domain/referral-code.ts';

export interface Party {
  id: string;
  email_normalized: string | null;
}

export interface Device {
  ip_hash: string | null;
  ua_hash: string | null;
}

/** The customers whose referral code is one of `codes` (as typed, or upper-cased). */
export async function ownersOfCodes(
  db: Executor,
  merchantId: string,
  codes: readonly string[],
): Promise<Party[]> {
  const variants = [...new Set(codes.flatMap((c) => [c, c.toUpperCase()]).map(normalizeReferralCode))];
  if (variants.length === 0) return [];
  return ownersOfCodesQuery
    .execute(db, [{ merchantId }, ...variants.map((code) => ({ code }))])
    .then((result) => result.rows);
}

// Every attributed order asks it (with one or two spellings of its code): compiled once per count
// (db/precompiled.ts). Row 0 carries the merchant, the others one code each.
const ownersOfCodesQuery = precompileRows<{ merchantId?: string; code?: string }>()((db, [first, ...codes]) =>
  db
    .selectFrom('customers')
    .select(['id', 'email_normalized'])
    .where('merchant_id', '=', first!.merchantId!)
    .where(
      'referral_code',
      'in',
      codes.map((c) => c.code!),
    ),
);

export async function partiesById(db: Executor, ids: readonly string[]): Promise<Party[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('customers').select(['id', 'email_normalized']).where('id', 'in', ids).execute();
}

/** The visitors known to be this customer, with their devices. */
export async function visitorsOf(
  db: Executor,
  merchantId: string,
  customerId: string,
): Promise<(Device & { id: string })[]> {
  return db
    .selectFrom('visitors')
    .select(['id', 'ip_hash', 'ua_hash'])
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', customerId)
    .execute();
}

export async function visitorDevice(
  db: Executor,
  merchantId: string,
  visitorId: string,
): Promise<Device | undefined> {
  return db
    .selectFrom('visitors')
    .select(['ip_hash', 'ua_hash'])
    .where('merchant_id', '=', merchantId)
    .where('id', '=', visitorId)
    .executeTakeFirst();
}

/** The last referral click by any of these visitors in [since, until]. */
export async function lastClick(
  db: Executor,
  merchantId: string,
  visitorIds: readonly string[],
  since: string,
  until: string,
) {
  return db
    .selectFrom('clicks')
    .select(['id', 'referrer_id', 'ip_hash', 'ua_hash'])
    .where('merchant_id', '=', merchantId)
    .where('visitor_id', 'in', visitorIds)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The referrer whose link this email claimed the new-customer offer through, if any. */
export async function offerClaimReferrer(
  db: Executor,
  merchantId: string,
  emailNormalized: string,
): Promise<string | null> {
  const claim = await claimReferrer.first(db, { merchantId, emailNormalized });
  return claim?.referrer_id ?? null;
}

// Every attributed order with an email asks it: compiled once (db/precompiled.ts).
const claimReferrer = precompile<{ merchantId: string; emailNormalized: string }>()((db, p) =>
  db
    .selectFrom('offer_claims')
    .select('referrer_id')
    .where('merchant_id', '=', p.merchantId)
    .where('email_normalized', '=', p.emailNormalized)
    .where('referrer_id', 'is not', null),
);

/** Referred (attributed, not rejected) orders from one address since `since`. */
export async function referredOrdersFromIp(
  db: Executor,
  merchantId: string,
  ipHash: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .where('ip_hash', '=', ipHash)
    .where('created_at', '>=', since)
    .where('attribution', 'is not', null)
    .where('attribution', 'not like', '%"rejected"%')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
