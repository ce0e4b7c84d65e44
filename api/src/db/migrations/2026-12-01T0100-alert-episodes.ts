// KPI alert episodes: one row from the day an alert fires until the day it recovers. The unique key
// (merchant, alert, triggering day) makes a second evaluation of the same day — another pass, another
// process — insert nothing, so `alert.triggered` is written once per episode.
// Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('alert_key', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('triggered_day', 'text', (c) => c.notNull())
    .addColumn('triggered_at', 'text', (c) => c.notNull())
    .addColumn('resolved_day', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('alert_episodes_uq')
    .on('alert_episodes')
    .columns(['merchant_id', 'alert_key', 'triggered_day'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_episodes').execute();
}
