// Experiments, used at last: the columns an A/B test of offers needs, and assignments that say whose
// unit (the visitor, or the advocate whose link brought them) decided the variant. The tables were
// created empty by the initial schema and nothing wrote to them, so defaults suffice. At most one
// experiment runs per merchant: a partial unique index says so under concurrency too. Frozen once landed.
import { type Kysely, sql } from 'kysely';

const EXPERIMENT_COLUMNS = [
  ['unit', 'text', "'visitor'"],
  ['primary_metric', 'text', "'first_order'"],
  ['guardrails', 'text', "'[]'"],
  ['min_days', 'integer', '7'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  for (const [name, type, fallback] of EXPERIMENT_COLUMNS) {
    await db.schema
      .alterTable('experiments')
      .addColumn(name, type, (c) => c.notNull().defaultTo(sql.raw(fallback)))
      .execute();
  }
  for (const name of ['started_at', 'stopped_at', 'promoted_variant']) {
    await db.schema.alterTable('experiments').addColumn(name, 'text').execute();
  }
  await db.schema
    .createIndex('experiments_merchant_time_idx')
    .on('experiments')
    .columns(['merchant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('experiments_one_running_uq')
    .on('experiments')
    .column('merchant_id')
    .unique()
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.alterTable('assignments').addColumn('unit_id', 'text').execute();
  await db.schema
    .createIndex('orders_merchant_visitor_idx')
    .on('orders')
    .columns(['merchant_id', 'visitor_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_merchant_visitor_idx').execute();
  await db.schema.alterTable('assignments').dropColumn('unit_id').execute();
  await db.schema.dropIndex('experiments_one_running_uq').execute();
  await db.schema.dropIndex('experiments_merchant_time_idx').execute();
  for (const name of [
    'promoted_variant',
    'stopped_at',
    'started_at',
    'min_days',
    'guardrails',
    'primary_metric',
    'unit',
  ]) {
    await db.schema.alterTable('experiments').dropColumn(name).execute();
  }
}
