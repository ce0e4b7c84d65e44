// Generated coupon codes are pushed to the merchant's Shopify store by a job, after the transaction that
// issued them has committed (a slow shop must never hold SQLite's single writer). The job needs to know,
// per code:
// - `synced_at`: when the shop confirmed the code; null until then.
// - `sync_attempts`: attempts so far, counted when an attempt is claimed, so a crash mid-call still
//   counts and a code cannot be retried forever.
// - `sync_next_at`: when the next attempt is due (backoff), and the lease of an attempt in progress.
// - `sync_error`: the last failure, for the operator.
// - `external_ref`: the shop's id for the code (Shopify's DiscountCodeNode gid), to find it again.
// Frozen once landed.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('coupon_codes').addColumn('synced_at', 'text').execute();
  await db.schema
    .alterTable('coupon_codes')
    .addColumn('sync_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('coupon_codes').addColumn('sync_next_at', 'text').execute();
  await db.schema.alterTable('coupon_codes').addColumn('sync_error', 'text').execute();
  await db.schema.alterTable('coupon_codes').addColumn('external_ref', 'text').execute();
  // The job reads one merchant's unsynced codes; synced ones leave the index.
  await db.schema
    .createIndex('coupon_codes_unsynced_idx')
    .on('coupon_codes')
    .columns(['merchant_id', 'origin', 'id'])
    .where(sql.ref('synced_at'), 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('coupon_codes_unsynced_idx').ifExists().execute();
  for (const column of ['external_ref', 'sync_error', 'sync_next_at', 'sync_attempts', 'synced_at']) {
    await db.schema.alterTable('coupon_codes').dropColumn(column).execute();
  }
}
