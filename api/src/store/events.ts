// The outbox: every change writes its event in the same transaction, so an event exists exactly when
// the change it describes does. Delivery (jobs/) reads from here.
import type { Executor } from '../db/schema.ts';
import { newId } from '../ids.ts';

export const EVENT_TYPES = [
  'customer.created',
  'customer.deleted',
  'referral.clicked',
  'referral.converted',
  'referral.rejected',
  'reward.created',
  'reward.issued',
  'reward.voided',
  'points.changed',
  'offer.claimed',
  'order.attributed',
  'feedback.submitted',
  'experiment.created',
  'experiment.started',
  'experiment.stopped',
  'experiment.promoted',
  'automation.fired',
  'tier.changed',
  'alert.triggered',
  'alert.resolved',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export async function recordEvent(
  db: Executor,
  event: { merchantId: string; type: EventType; data: unknown; customerId?: string | null },
  now: Date,
): Promise<string> {
  const id = newId('evt', now.getTime());
  await db
    .insertInto('events')
    .values({
      id,
      merchant_id: event.merchantId,
      type: event.type,
      customer_id: event.customerId ?? null,
      data: JSON.stringify(event.data),
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}
