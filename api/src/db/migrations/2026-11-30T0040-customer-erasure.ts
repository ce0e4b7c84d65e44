// `DELETE /v1/customers/{external_id}` erases a person but keeps the row: the ledger, orders and
// statistics still point at it. `deleted_at` marks it so it leaves lists and lookups. Frozen once landed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('deleted_at', 'text').execute();
}
