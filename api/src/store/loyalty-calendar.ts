// Reads for the daily loyalty pass (jobs/loyalty-calendar.ts): keyset pages of one merchant's
// customers due birthday points or idle expiry, with the merchant's rules in the SQL so customers
// who are not due take no room in a page.
import { sql } from 'kysely';
import type { Customer, Executor } from '../db/schema.ts';

/**
 * Customers whose birthday (`MM-DD`, or `YYYY-MM-DD`) falls on one of `days` and who have had no
 * birthday points this `year` (the cause key `birthday:<customer>:<year>`).
 */
export function birthdayCandidates(
  db: Executor,
  merchantId: string,
  when: { days: readonly string[]; year: number },
  after: string,
  limit: number,
): Promise<Customer[]> {
  return (
    db
      .selectFrom('customers')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('id', '>', after)
      .where((eb) =>
        eb.or(when.days.flatMap((d) => [eb('birthday', '=', d), eb('birthday', 'like', `%-${d}`)])),
      )
      // Already celebrated this year: not a candidate, so it takes no room in the page.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_entries')
              .select('ledger_entries.id')
              .where('ledger_entries.merchant_id', '=', merchantId)
              .where(
                'ledger_entries.cause_key',
                '=',
                sql<string>`${'birthday:'} || customers.id || ${`:${when.year}`}`,
              ),
          ),
        ),
      )
      .orderBy('id')
      .limit(limit)
      .execute()
  );
}

/** Customers holding points, unseen since `cutoff`, whose points have not moved since then either. */
export function idlePointsHolders(
  db: Executor,
  merchantId: string,
  cutoff: string,
  after: string,
  limit: number,
): Promise<Customer[]> {
  return (
    db
      .selectFrom('customers')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('id', '>', after)
      .where('points_balance', '>', 0)
      .where((eb) => eb(eb.fn.coalesce('last_seen_at', 'created_at'), '<', cutoff))
      // Points that moved since the cut-off are not idle.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_entries')
              .select('ledger_entries.id')
              .whereRef('ledger_entries.customer_id', '=', 'customers.id')
              .where('ledger_entries.account', '=', 'points')
              .where('ledger_entries.created_at', '>=', cutoff),
          ),
        ),
      )
      .orderBy('id')
      .limit(limit)
      .execute()
  );
}

/** The id of the customer's latest points movement, if any. */
export async function latestPointsEntryId(db: Executor, customerId: string): Promise<string | undefined> {
  const latest = await db
    .selectFrom('ledger_entries')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('account', '=', 'points')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest?.id;
}
