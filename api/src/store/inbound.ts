// Persistence for platform intake: integration settings, the dedupe log of platform event ids, and
// the Stripe payment → order map.

import { isUniqueViolation } from '../db/dialect.ts';
import type { Db, Executor } from '../db/schema.ts';

export type Platform = 'shopify' | 'stripe' | 'woocommerce';

export async function saveIntegration(
  db: Db,
  input: {
    merchantId: string;
    platform: Platform;
    webhookSecret: string;
    shopDomain: string | null;
    adminToken: string | null;
  },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('integrations')
    .values({
      merchant_id: input.merchantId,
      platform: input.platform,
      webhook_secret: input.webhookSecret,
      shop_domain: input.shopDomain,
      admin_token: input.adminToken,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['merchant_id', 'platform']).doUpdateSet({
        webhook_secret: input.webhookSecret,
        shop_domain: input.shopDomain,
        admin_token: input.adminToken,
        updated_at: at,
      }),
    )
    .execute();
}

export async function findIntegration(db: Executor, merchantId: string, platform: Platform) {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('platform', '=', platform)
    .executeTakeFirst();
}

/** A claim on a platform event that crashed mid-way may be taken over after this long. */
const STALE_CLAIM_MS = 2 * 60_000;

export type InboundClaim = 'claimed' | 'duplicate' | 'in_progress';

/**
 * Claims a platform event id before it is applied, so that two concurrent deliveries of one event (the
 * platforms retry on timeouts) cannot both apply it. A finished event is a duplicate; a claim left by a
 * crashed request is taken over once stale.
 */
export async function claimInboundEvent(
  db: Db,
  key: { merchantId: string; platform: Platform; eventId: string },
  now: Date,
): Promise<InboundClaim> {
  const at = now.toISOString();
  try {
    await db
      .insertInto('inbound_events')
      .values({
        merchant_id: key.merchantId,
        platform: key.platform,
        event_id: key.eventId,
        created_at: at,
        status: 'processing',
      })
      .execute();
    return 'claimed';
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await db
    .selectFrom('inbound_events')
    .select(['status', 'created_at'])
    .where('merchant_id', '=', key.merchantId)
    .where('platform', '=', key.platform)
    .where('event_id', '=', key.eventId)
    .executeTakeFirst();
  if (!existing) return claimInboundEvent(db, key, now);
  if (existing.status !== 'processing') return 'duplicate';
  if (new Date(existing.created_at).getTime() > now.getTime() - STALE_CLAIM_MS) return 'in_progress';
  const takeover = await db
    .updateTable('inbound_events')
    .set({ created_at: at })
    .where('merchant_id', '=', key.merchantId)
    .where('platform', '=', key.platform)
    .where('event_id', '=', key.eventId)
    .where('status', '=', 'processing')
    .where('created_at', '=', existing.created_at)
    .executeTakeFirst();
  return Number(takeover.numUpdatedRows) === 1 ? 'claimed' : 'in_progress';
}

export async function finishInboundEvent(
  db: Db,
  key: { merchantId: string; platform: Platform; eventId: string },
  outcome: 'done' | 'release',
): Promise<void> {
  if (outcome === 'done') {
    await db
      .updateTable('inbound_events')
      .set({ status: 'done' })
      .where('merchant_id', '=', key.merchantId)
      .where('platform', '=', key.platform)
      .where('event_id', '=', key.eventId)
      .execute();
    return;
  }
  // Nothing was applied: forget the id so the platform's retry is processed afresh.
  await db
    .deleteFrom('inbound_events')
    .where('merchant_id', '=', key.merchantId)
    .where('platform', '=', key.platform)
    .where('event_id', '=', key.eventId)
    .execute();
}

export async function savePaymentRef(
  db: Db,
  ref: { merchantId: string; platform: Platform; paymentRef: string; orderExternalId: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('inbound_payment_refs')
    .values({
      merchant_id: ref.merchantId,
      platform: ref.platform,
      payment_ref: ref.paymentRef,
      order_external_id: ref.orderExternalId,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'platform', 'payment_ref']).doNothing())
    .execute();
}

export async function findOrderByPaymentRef(
  db: Executor,
  ref: { merchantId: string; platform: Platform; paymentRef: string },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('inbound_payment_refs')
    .select('order_external_id')
    .where('merchant_id', '=', ref.merchantId)
    .where('platform', '=', ref.platform)
    .where('payment_ref', '=', ref.paymentRef)
    .executeTakeFirst();
  return row?.order_external_id;
}
