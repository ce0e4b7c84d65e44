// Webhook endpoints, their deliveries and the event log, as the merchant's API sees them.
// The delivery job's own queries (fan-out, claiming, recording) live in store/webhook-queue.ts.
import type { Selectable } from 'kysely';
import type {
  Db,
  EventRow,
  Executor,
  WebhookAttemptTable,
  WebhookDelivery,
  WebhookEndpoint,
} from '../db/schema.ts';
import { newId } from '../ids.ts';

/** How long a rotated-out secret keeps signing, so receivers can switch without dropping deliveries. */
export const SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

interface Page {
  limit: number;
  startingAfter?: string | undefined;
}

export async function createEndpoint(
  db: Executor,
  input: { merchantId: string; url: string; events: readonly string[]; secret: string },
  now: Date,
): Promise<WebhookEndpoint> {
  const row: WebhookEndpoint = {
    id: newId('we', now.getTime()),
    merchant_id: input.merchantId,
    url: input.url,
    events: JSON.stringify(input.events),
    secret: input.secret,
    previous_secret: null,
    previous_secret_expires_at: null,
    status: 'enabled',
    disabled_reason: null,
    created_at: now.toISOString(),
    deleted_at: null,
  };
  await db.insertInto('webhook_endpoints').values(row).execute();
  return row;
}

export async function findEndpoint(db: Executor, merchantId: string, id: string) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function listEndpoints(db: Executor, merchantId: string, page: Page) {
  let query = db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('deleted_at', 'is', null);
  if (page.startingAfter) query = query.where('id', '<', page.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** Stops an endpoint for good or until re-enabled: what is still queued for it will not be sent. */
export async function disableEndpoint(
  db: Executor,
  endpointId: string,
  reason: string,
  now: Date,
  options: { delete?: boolean } = {},
): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable('webhook_endpoints')
    .set({ status: 'disabled', disabled_reason: reason, ...(options.delete ? { deleted_at: at } : {}) })
    .where('id', '=', endpointId)
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, locked_until: null, last_error: `endpoint ${reason}` })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

/** A new secret; the current one becomes the previous one and keeps signing for SECRET_GRACE_MS. */
export async function rotateEndpointSecret(
  db: Executor,
  endpoint: WebhookEndpoint,
  secret: string,
  now: Date,
): Promise<WebhookEndpoint> {
  const changes = {
    secret,
    previous_secret: endpoint.secret,
    previous_secret_expires_at: new Date(now.getTime() + SECRET_GRACE_MS).toISOString(),
  };
  await db.updateTable('webhook_endpoints').set(changes).where('id', '=', endpoint.id).execute();
  return { ...endpoint, ...changes };
}

export type DeliveryWithEvent = WebhookDelivery & { event_type: string };
export type WebhookAttempt = Selectable<WebhookAttemptTable>;

export async function listDeliveries(
  db: Executor,
  endpointId: string,
  page: Page & { status?: WebhookDelivery['status'] | undefined },
): Promise<{ rows: DeliveryWithEvent[]; attempts: Map<string, WebhookAttempt[]>; hasMore: boolean }> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type as event_type')
    .where('d.endpoint_id', '=', endpointId);
  if (page.startingAfter) query = query.where('d.id', '<', page.startingAfter);
  if (page.status) query = query.where('d.status', '=', page.status);
  const found = await query
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const rows = found.slice(0, page.limit);
  return { rows, attempts: await attemptsOf(db, rows), hasMore: found.length > page.limit };
}

export async function findDelivery(
  db: Executor,
  endpointId: string,
  id: string,
): Promise<DeliveryWithEvent | undefined> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type as event_type')
    .where('d.endpoint_id', '=', endpointId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** All attempts of these deliveries in one query, grouped by delivery, oldest first. */
export async function attemptsOf(
  db: Executor,
  deliveries: readonly { id: string }[],
): Promise<Map<string, WebhookAttempt[]>> {
  const byDelivery = new Map<string, WebhookAttempt[]>(deliveries.map((d) => [d.id, []]));
  if (deliveries.length === 0) return byDelivery;
  const rows = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      deliveries.map((d) => d.id),
    )
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  for (const row of rows) byDelivery.get(row.delivery_id)?.push(row);
  return byDelivery;
}

/** Makes a delivery due now, whatever its state: a failed or even a succeeded one is sent once more. */
export async function scheduleDeliveryNow(db: Db, delivery: WebhookDelivery, now: Date): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now.toISOString() })
    .where('id', '=', delivery.id)
    .execute();
}

export async function listEvents(
  db: Executor,
  merchantId: string,
  page: Page & { type?: string | undefined },
): Promise<{ rows: EventRow[]; hasMore: boolean }> {
  let query = db.selectFrom('events').selectAll().where('merchant_id', '=', merchantId);
  if (page.type) query = query.where('type', '=', page.type);
  if (page.startingAfter) query = query.where('id', '<', page.startingAfter);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function findEvent(db: Executor, merchantId: string, id: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
}
