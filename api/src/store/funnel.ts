// Counts the funnel's stages for a period (docs/analytics.md, "The funnel"): three counts of the period,
// then the period's referred customers followed up to now.
import { sql } from 'kysely';
import type { Executor } from '../db/schema.ts';
import type { FunnelStage } from '../schemas/funnel.ts';

export async function funnelCounts(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
): Promise<Record<FunnelStage, number>> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const [visitors, claims, acquired] = await Promise.all([
    db
      .selectFrom('clicks')
      .select((eb) => eb.fn.count<number | string>('visitor_id').distinct().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst(),
    db
      .selectFrom('offer_claims')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst(),
    // The period's referred new customers; of them, who ordered again (fully refunded orders are not
    // orders) and who has since brought a friend whose first order was attributed to them.
    db
      .selectFrom('customers as c')
      .select([
        sql<number | string>`count(*)`.as('first_order'),
        sql<number | string | null>`sum(case when (
          select count(*) from orders o where o.customer_id = c.id and o.status <> 'refunded'
        ) >= 2 then 1 else 0 end)`.as('second_order'),
        sql<number | string | null>`sum(case when exists (
          select 1 from referrals r where r.referrer_id = c.id and r.status = 'converted'
        ) then 1 else 0 end)`.as('referrer'),
      ])
      .where('c.merchant_id', '=', merchantId)
      .where('c.referred_by', 'is not', null)
      .where('c.first_order_at', '>=', from)
      .where('c.first_order_at', '<', to)
      .executeTakeFirst(),
  ]);
  return {
    clicked: Number(visitors?.n ?? 0),
    claimed: Number(claims?.n ?? 0),
    first_order: Number(acquired?.first_order ?? 0),
    second_order: Number(acquired?.second_order ?? 0),
    referrer: Number(acquired?.referrer ?? 0),
  };
}
