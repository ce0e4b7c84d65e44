// Indexes for the analytics reads (docs/analytics.md): each gathers one merchant's rows of a time
// range. Without them a 30-day read of clicks, rewards, conversions, claims or points movements
// scanned every row the merchant ever had. The clicks index also holds `visitor_id` and
// `referrer_id`, so counting distinct referred visitors and sharing referrers reads the index alone.
// Frozen once landed.
import type { Kysely } from 'kysely';

const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['clicks_merchant_time_idx', 'clicks', ['merchant_id', 'created_at', 'visitor_id', 'referrer_id']],
  ['referrals_merchant_converted_idx', 'referrals', ['merchant_id', 'converted_at']],
  ['rewards_merchant_time_idx', 'rewards', ['merchant_id', 'created_at']],
  ['ledger_merchant_time_idx', 'ledger_entries', ['merchant_id', 'account', 'created_at']],
  ['offer_claims_merchant_time_idx', 'offer_claims', ['merchant_id', 'created_at']],
  ['customers_merchant_first_order_idx', 'customers', ['merchant_id', 'first_order_at']],
];

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
