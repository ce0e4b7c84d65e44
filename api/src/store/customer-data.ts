// A person's data on request (GDPR). Erasure removes what identifies them — email, name, birthday,
// their id in the merchant's system, the address and browser hashes of their devices and orders, the
// copies of these in stored events — and keeps the row with its sums, so the ledger, orders, referral
// counts and statistics are unchanged. Runs inside the caller's transaction.
import type { Customer, Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { recordEvent } from './events.ts';
import { eraseCustomerFeedback, feedbackOfCustomer } from './feedback.ts';

// The feedback texts are the person's own words, so they go too (scores stay for the KPIs).
const PERSONAL_KEYS = new Set(['email', 'name', 'birthday', 'liked_most', 'liked_least', 'suggestion']);

/** The event payload with every personal field (at any depth) set to null. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, PERSONAL_KEYS.has(key) ? null : scrub(inner)]),
  );
}

/**
 * `claimMarker` replaces the email of the person's offer claims (see `erasedEmailMarker`), so the
 * welcome offer is not given to the same inbox twice.
 */
export async function eraseCustomer(
  trx: Executor,
  customer: Customer,
  claimMarker: string | null,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('customers')
    .set({
      email: null,
      email_normalized: null,
      name: null,
      birthday: null,
      // Frees the merchant's id: the same person coming back is a new customer.
      external_id: `deleted_${customer.id}`,
      deleted_at: at,
      updated_at: at,
    })
    .where('id', '=', customer.id)
    .execute();
  const visitors = trx.selectFrom('visitors').select('id').where('customer_id', '=', customer.id);
  await trx
    .updateTable('clicks')
    .set({ ip_hash: null, ua_hash: null })
    .where('merchant_id', '=', customer.merchant_id)
    .where('visitor_id', 'in', visitors)
    .execute();
  await trx
    .updateTable('visitors')
    .set({ ip_hash: null, ua_hash: null })
    .where('customer_id', '=', customer.id)
    .execute();
  await trx.updateTable('orders').set({ ip_hash: null }).where('customer_id', '=', customer.id).execute();
  if (customer.email_normalized && claimMarker) {
    // One claim per inbox (unique), so at most one row moves to the marker.
    await trx
      .updateTable('offer_claims')
      .set({ email: '', email_normalized: claimMarker })
      .where('merchant_id', '=', customer.merchant_id)
      .where('email_normalized', '=', customer.email_normalized)
      .execute();
  }
  await eraseCustomerFeedback(trx, customer.merchant_id, customer.id);
  const events = await trx
    .selectFrom('events')
    .select(['id', 'data'])
    .where('customer_id', '=', customer.id)
    .execute();
  for (const event of events) {
    await trx
      .updateTable('events')
      .set({ data: JSON.stringify(scrub(readJson(event.data, {}))) })
      .where('id', '=', event.id)
      .execute();
  }
  await recordEvent(
    trx,
    {
      merchantId: customer.merchant_id,
      type: 'customer.deleted',
      customerId: customer.id,
      data: { id: customer.id, object: 'customer', external_id: customer.external_id, deleted: true },
    },
    now,
  );
}

/** The stored rows about one person, for the export. */
export async function customerRecords(db: Executor, customer: Customer) {
  const [orders, rewards, ledger, referrals, visitors, shares, claims, feedback] = await Promise.all([
    db.selectFrom('orders').selectAll().where('customer_id', '=', customer.id).orderBy('id').execute(),
    db.selectFrom('rewards').selectAll().where('customer_id', '=', customer.id).orderBy('id').execute(),
    db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('referrals')
      .selectAll()
      .where('merchant_id', '=', customer.merchant_id)
      .where((eb) => eb.or([eb('referrer_id', '=', customer.id), eb('friend_id', '=', customer.id)]))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('visitors')
      .select(['id', 'ip_hash', 'ua_hash', 'first_seen_at', 'last_seen_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('shares')
      .select(['channel', 'created_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute(),
    customer.email_normalized
      ? db
          .selectFrom('offer_claims')
          .select(['email', 'coupon_code', 'created_at'])
          .where('merchant_id', '=', customer.merchant_id)
          .where('email_normalized', '=', customer.email_normalized)
          .orderBy('id')
          .execute()
      : [],
    feedbackOfCustomer(db, customer.id),
  ]);
  return { orders, rewards, ledger, referrals, visitors, shares, claims, feedback };
}
