// A shopper's recent history as the widget lists it: newest first, a bounded number of rows.
import type { Executor, LedgerEntry, Reward } from '../db/schema.ts';

/** The customer's latest rewards, voided ones left out. */
export function recentRewards(db: Executor, customerId: string, limit: number): Promise<Reward[]> {
  return db
    .selectFrom('rewards')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'voided')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The customer's latest points movements. */
export function recentPointsEntries(db: Executor, customerId: string, limit: number): Promise<LedgerEntry[]> {
  return db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('account', '=', 'points')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
