// The fraud check of every referred order counts the referred orders from the buyer's address today
// (store/evidence.ts, referredOrdersFromIp). With only (merchant_id, created_at) to go by, it read
// every order of the shop's day to find that address's few: a cost that grew with the day's volume,
// on each order. Only orders that carry an address are indexed.
// Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_merchant_ip_time_idx')
    .on('orders')
    .columns(['merchant_id', 'ip_hash', 'created_at'])
    .where('ip_hash', 'is not', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_merchant_ip_time_idx').execute();
}
