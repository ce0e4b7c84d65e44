// Outbound webhooks: endpoints, their deliveries, and the events they carry.
import * as v from 'valibot';
import { EVENT_TYPES } from '../store/events.ts';
import { IsoTime, ListQuery } from './common.ts';

export const EventTypeSchema = v.picklist(EVENT_TYPES);

/** `"*"` subscribes to every event type, including ones added later. */
export const EndpointEventFilter = v.union([v.literal('*'), EventTypeSchema]);

export const WebhookEndpointCreateSchema = v.object({
  url: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(2048)),
  events: v.optional(
    v.pipe(
      v.array(EndpointEventFilter),
      v.minLength(1, 'must name at least one event type, or "*" for all'),
      v.maxLength(EVENT_TYPES.length + 1),
    ),
    () => ['*' as const],
  ),
});
export type WebhookEndpointCreate = v.InferOutput<typeof WebhookEndpointCreateSchema>;

export const WebhookEndpointSchema = v.object({
  id: v.string(),
  object: v.literal('webhook_endpoint'),
  url: v.string(),
  events: v.array(v.string()),
  status: v.picklist(['enabled', 'disabled']),
  disabled_reason: v.nullable(v.string()),
  /** Only in the answers to create and rotate. */
  secret: v.optional(v.string()),
  /** Only in the answer to delete. */
  deleted: v.optional(v.literal(true)),
  created_at: IsoTime,
});
export type WebhookEndpointObject = v.InferOutput<typeof WebhookEndpointSchema>;

export const WebhookAttemptSchema = v.object({
  attempt: v.number(),
  status_code: v.nullable(v.number()),
  error: v.nullable(v.string()),
  duration_ms: v.number(),
  created_at: IsoTime,
});

export const WebhookDeliverySchema = v.object({
  id: v.string(),
  object: v.literal('webhook_delivery'),
  endpoint: v.string(),
  event: v.string(),
  event_type: v.string(),
  status: v.picklist(['pending', 'succeeded', 'failed']),
  attempts: v.number(),
  last_status_code: v.nullable(v.number()),
  last_error: v.nullable(v.string()),
  next_attempt_at: v.nullable(IsoTime),
  created_at: IsoTime,
  attempts_log: v.array(WebhookAttemptSchema),
});
export type WebhookDeliveryObject = v.InferOutput<typeof WebhookDeliverySchema>;

export const EventSchema = v.object({
  id: v.string(),
  object: v.literal('event'),
  type: v.string(),
  created_at: IsoTime,
  data: v.unknown(),
});
export type EventObject = v.InferOutput<typeof EventSchema>;

export const EventListQuery = v.object({
  ...ListQuery.entries,
  type: v.optional(EventTypeSchema),
});

export const DeliveryListQuery = v.object({
  ...ListQuery.entries,
  status: v.optional(v.picklist(['pending', 'succeeded', 'failed'])),
});
