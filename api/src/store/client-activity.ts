// What the widget reports about a shopper's activity: shares of their link and free-form client
// events. Insert-only rows, written outside any transaction (they move no value).
import type { Executor } from '../db/schema.ts';
import { newId } from '../ids.ts';

export async function recordShare(
  db: Executor,
  share: { merchantId: string; customerId: string; channel: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('shares')
    .values({
      id: newId('shr', now.getTime()),
      merchant_id: share.merchantId,
      customer_id: share.customerId,
      channel: share.channel,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function recordClientEvent(
  db: Executor,
  event: {
    merchantId: string;
    visitorId: string | null;
    customerId: string | null;
    type: string;
    payload: unknown;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('client_events')
    .values({
      id: newId('cev', now.getTime()),
      merchant_id: event.merchantId,
      visitor_id: event.visitorId,
      customer_id: event.customerId,
      type: event.type,
      payload: JSON.stringify(event.payload),
      created_at: now.toISOString(),
    })
    .execute();
}
