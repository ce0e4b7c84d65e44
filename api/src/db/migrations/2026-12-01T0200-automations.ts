// Lifecycle automations. `automation_firings` holds one row per (rule, customer, occurrence): the
// unique index is what makes a rule fire exactly once however often, and however concurrently, the
// job runs. `lifecycle_states` remembers each customer's last seen segment and tier, so "entered a
// segment" and "tier changed" are transitions with a time, not a state that would fire every pass.
// No foreign keys to customers: erasure must never be blocked. Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('automation_firings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('reward_id', 'text')
    .addColumn('message', 'text')
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addColumn('shown_at', 'text')
    .execute();
  await db.schema
    .createIndex('automation_firings_once_uq')
    .on('automation_firings')
    .columns(['merchant_id', 'rule_id', 'customer_id', 'occurrence'])
    .unique()
    .execute();
  await db.schema
    .createIndex('automation_firings_customer_idx')
    .on('automation_firings')
    .columns(['customer_id', 'fired_at'])
    .execute();

  await db.schema
    .createTable('lifecycle_states')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('segment_since', 'text', (c) => c.notNull())
    .addColumn('tier', 'text')
    .addColumn('tier_changed_at', 'text')
    .execute();

  // Since when a customer no longer qualifies for their tier: they keep it for the grace period.
  await db.schema.alterTable('customers').addColumn('tier_below_since', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('tier_below_since').execute();
  await db.schema.dropTable('lifecycle_states').ifExists().execute();
  await db.schema.dropTable('automation_firings').ifExists().execute();
}
