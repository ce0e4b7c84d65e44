// What the tiers measure (points earned, or spend, over the program's window) and the tier state a
// customer's row keeps. services/tiers.ts decides; this reads and stores.
import { sql } from 'kysely';
import type { Executor } from '../db/schema.ts';
import { tierWindowStart } from '../domain/tiers.ts';
import type { ProgramConfig } from '../schemas/program.ts';

const SPENDING_REASONS = ['redemption', 'expiry'];

/** Points earned less what refunds and voids took back, since `since` (null: ever). */
export async function lifetimePoints(trx: Executor, customerId: string, since: string | null = null) {
  let query = trx
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.val(0)).as('points'))
    .where('customer_id', '=', customerId)
    .where('account', '=', 'points')
    .where('reason', 'not in', SPENDING_REASONS);
  if (since !== null) query = query.where('created_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.points);
}

/** What the tiers measure for a customer, with their stored tier state. */
export interface TierFacts {
  merchant_id: string;
  tier: string | null;
  tier_below_since: string | null;
  amount: number;
}

/** What the tiers measure for this customer now, with the stored tier state — one statement. */
export async function tierFacts(
  trx: Executor,
  program: ProgramConfig,
  customerId: string,
  now: Date,
): Promise<TierFacts> {
  const loyalty = program.loyalty;
  const since = tierWindowStart(now, loyalty.tier_window_months);
  const amount =
    loyalty.tier_basis === 'spend'
      ? sql<number>`(select coalesce(sum(amount - refunded_amount), 0) from orders where orders.customer_id = customers.id and orders.currency = ${loyalty.tier_currency}${since === null ? sql`` : sql` and orders.created_at >= ${since}`})`
      : sql<number>`(select coalesce(sum(delta), 0) from ledger_entries where ledger_entries.customer_id = customers.id and ledger_entries.account = 'points' and ledger_entries.reason not in ('redemption', 'expiry')${since === null ? sql`` : sql` and ledger_entries.created_at >= ${since}`})`;
  const row = await trx
    .selectFrom('customers')
    .select(['merchant_id', 'tier', 'tier_below_since', amount.as('amount')])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { ...row, amount: Number(row.amount) };
}

/** Stores the tier decided for a customer. */
export async function storeTier(
  db: Executor,
  customerId: string,
  tier: string | null,
  belowSince: string | null,
) {
  await db
    .updateTable('customers')
    .set({ tier, tier_below_since: belowSince })
    .where('id', '=', customerId)
    .execute();
}
