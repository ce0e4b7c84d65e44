// Outbound webhooks and platform order intake need three things the initial schema lacks:
// - `events.dispatched_at`: which outbox rows the delivery job has fanned out. A marker (not a cursor
//   on ids) because an event whose transaction commits late still carries an earlier id.
// - `inbound_events.status`: a platform event is claimed (`processing`) before it is applied and marked
//   `done` after, so a concurrent duplicate delivery cannot apply a refund twice.
// - `inbound_payment_refs`: Stripe refunds name a payment_intent, the order was keyed by its checkout
//   session; this maps one to the other.
// Frozen once landed.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('dispatched_at', 'text').execute();
  await db.schema
    .createIndex('events_undispatched_idx')
    .on('events')
    .column('id')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();

  // The "earlier pending delivery for this customer?" check reads only pending rows of one endpoint.
  await db.schema
    .createIndex('webhook_deliveries_pending_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'event_id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery_idx')
    .on('webhook_attempts')
    .columns(['delivery_id', 'attempt'])
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_merchant_idx')
    .on('webhook_endpoints')
    .columns(['merchant_id', 'id'])
    .execute();

  await db.schema.alterTable('inbound_events').addColumn('status', 'text').execute();

  await db.schema
    .createTable('inbound_payment_refs')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('payment_ref', 'text', (c) => c.notNull())
    .addColumn('order_external_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_payment_refs_pk', ['merchant_id', 'platform', 'payment_ref'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_payment_refs').ifExists().execute();
  await db.schema.dropIndex('webhook_endpoints_merchant_idx').ifExists().execute();
  await db.schema.dropIndex('webhook_attempts_delivery_idx').ifExists().execute();
  await db.schema.dropIndex('webhook_deliveries_endpoint_idx').ifExists().execute();
  await db.schema.dropIndex('webhook_deliveries_pending_idx').ifExists().execute();
  await db.schema.dropIndex('events_undispatched_idx').ifExists().execute();
  await db.schema.alterTable('inbound_events').dropColumn('status').execute();
  await db.schema.alterTable('events').dropColumn('dispatched_at').execute();
}
