// A referrer's converted referrals, kept as a counter on the customer row instead of counted over the
// referrer's whole history on every attributed order (that count grew with each conversion).
// Incrementing it is also how an order locks its referrer (see docs/architecture.md, "Lock order"):
// one UPDATE … RETURNING both serializes that referrer's conversions and says which one this is, so
// reward caps and milestones are decided once. A converted referral never changes status again, so
// the counter only grows. Frozen once landed.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('customers')
    .addColumn('referrals_converted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('customers')
    .set({
      referrals_converted: sql`(select count(*) from referrals
        where referrals.referrer_id = customers.id and referrals.status = 'converted')`,
    })
    .where(
      sql<boolean>`exists (select 1 from referrals
        where referrals.referrer_id = customers.id and referrals.status = 'converted')`,
    )
    .execute();
}
