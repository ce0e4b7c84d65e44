// Rows → API objects for webhook endpoints, deliveries and events.
import { type EventRow, readJson, type WebhookEndpoint } from '../db/schema.ts';
import type { EventObject, WebhookDeliveryObject, WebhookEndpointObject } from '../schemas/webhook.ts';
import type { DeliveryWithEvent, WebhookAttempt } from '../store/webhooks.ts';

export function presentEndpoint(
  row: WebhookEndpoint,
  extra: { secret?: string; deleted?: true } = {},
): WebhookEndpointObject {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    events: readJson<string[]>(row.events, ['*']),
    status: row.status,
    disabled_reason: row.disabled_reason,
    ...extra,
    created_at: row.created_at,
  };
}

export function presentDelivery(
  row: DeliveryWithEvent,
  attempts: readonly WebhookAttempt[],
): WebhookDeliveryObject {
  return {
    id: row.id,
    object: 'webhook_delivery',
    endpoint: row.endpoint_id,
    event: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at,
    created_at: row.created_at,
    attempts_log: attempts.map((a) => ({
      attempt: a.attempt,
      status_code: a.status_code,
      error: a.error,
      duration_ms: a.duration_ms,
      created_at: a.created_at,
    })),
  };
}

export function presentEvent(row: EventRow): EventObject {
  return {
    id: row.id,
    object: 'event',
    type: row.type,
    created_at: row.created_at,
    data: readJson<unknown>(row.data, null),
  };
}
