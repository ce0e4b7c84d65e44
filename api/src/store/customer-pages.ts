// Keyset pages of one merchant's customers for the background passes, by customer id, so a pass over
// a large shop reads a bounded page at a time and resumes after the last id it saw.
import type { Customer, Executor } from '../db/schema.ts';

/** Customers holding a tier or in a tier's grace period: the only ones time can move. */
export function tierHolderPage(
  db: Executor,
  merchantId: string,
  after: string,
  limit: number,
): Promise<{ id: string; tier: string | null }[]> {
  return db
    .selectFrom('customers')
    .select(['id', 'tier'])
    .where('merchant_id', '=', merchantId)
    .where('id', '>', after)
    .where((eb) => eb.or([eb('tier', 'is not', null), eb('tier_below_since', 'is not', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Customers not erased. */
export function livingCustomerPage(
  db: Executor,
  merchantId: string,
  after: string,
  limit: number,
): Promise<Customer[]> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('deleted_at', 'is', null)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}
