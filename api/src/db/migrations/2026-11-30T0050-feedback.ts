// Post-purchase feedback: one row per order (the unique index makes a second submission a no-op).
// The row keeps what the KPIs need even after the customer is erased: the score, the lifecycle
// segment and whether the customer was referred, both as they were when the answer came, and when the
// order was placed (for the response rate). The free texts and `customer_id` are what erasure nulls.
// No foreign keys to orders or customers: erasing either must never be blocked by an answer.
// Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('order_external_id', 'text', (c) => c.notNull())
    .addColumn('order_created_at', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('liked_most', 'text')
    .addColumn('liked_least', 'text')
    .addColumn('suggestion', 'text')
    .addColumn('locale', 'text')
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('referred', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_order_uq')
    .on('feedback')
    .columns(['merchant_id', 'order_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('feedback_created_idx')
    .on('feedback')
    .columns(['merchant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('feedback_customer_idx')
    .on('feedback')
    .columns(['merchant_id', 'customer_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feedback').ifExists().execute();
}
