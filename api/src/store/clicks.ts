// Clicks on a referral link: one per visitor, code and day (the unique key refuses the rest).
import { precompile } from '../db/precompiled.ts';
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
  const inserted = await insertClickOnce.affected(db, {
    id: click.id,
    merchantId: click.merchantId,
    referralCode: click.referralCode,
    referrerId: click.referrerId,
    visitorId: click.visitorId,
    landingUrl: click.landingUrl,
    channel: click.channel,
    ipHash: click.ipHash,
    uaHash: click.uaHash,
    day: dayOf(click.now),
    createdAt: click.now.toISOString(),
  });
  return inserted > 0;
}

// Every click sends it: compiled once (db/precompiled.ts).
const insertClickOnce = precompile<
  Omit<ClickRow, 'now'> & {
    day: string;
    createdAt: string;
  }
>()((db, p) =>
  db
    .insertInto('clicks')
    .values({
      id: p.id,
      merchant_id: p.merchantId,
      referral_code: p.referralCode,
      referrer_id: p.referrerId,
      visitor_id: p.visitorId,
      landing_url: p.landingUrl,
      channel: p.channel,
      ip_hash: p.ipHash,
      ua_hash: p.uaHash,
      day: p.day,
      created_at: p.createdAt,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'visitor_id', 'referral_code', 'day']).doNothing()),
);

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
