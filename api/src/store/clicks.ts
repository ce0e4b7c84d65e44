// Clicks on a referral link: one per visitor, code and day (the unique key refuses the rest).
import type { Executor } from '../db/schema.ts';

export interface ClickRow {
  id: string;
  merchantId: string;
  referralCode: string;
  referrerId: string;
  visitorId: string;
  landingUrl: string | null;
  channel: string | null;
  ipHash: string | null;
  uaHash: string | null;
  now: Date;
}

/** Inserts the click unless this visitor already clicked this code today; answers whether it did. */
export async function insertClick(db: Executor, click: ClickRow): Promise<boolean> {
  const inserted = await db
    .insertInto('clicks')
    .values({
      id: click.id,
      merchant_id: click.merchantId,
      referral_code: click.referralCode,
      referrer_id: click.referrerId,
      visitor_id: click.visitorId,
      landing_url: click.landingUrl,
      channel: click.channel,
      ip_hash: click.ipHash,
      ua_hash: click.uaHash,
      day: dayOf(click.now),
      created_at: click.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'visitor_id', 'referral_code', 'day']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Share-to-earn rewards this customer got since the start of `now`'s UTC day (the daily cap). */
export async function shareRewardsToday(db: Executor, customerId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('rewards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('source', '=', 'share')
    .where('created_at', '>=', `${dayOf(now)}T00:00:00.000Z`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const dayOf = (now: Date) => now.toISOString().slice(0, 10);
