// Counts behind /v1/stats, each one grouped query over an indexed range — never a loop of queries.
import { sql } from 'kysely';
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { SEGMENTS, type Segment } from '../domain/segments.ts';
import { centsPerPoint, ratio, rewardCost } from '../domain/stats.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { RewardValue } from '../schemas/reward.ts';
import type { StatsObject } from '../schemas/stats.ts';
import { segmentFilter, topDecileSpend } from './customers.ts';
import { feedbackKpis } from './feedback-stats.ts';

const count = (row: { n: unknown } | undefined) => Number(row?.n ?? 0);

export async function computeStats(
  db: Executor,
  merchantId: string,
  program: ProgramConfig,
  range: { from: Date; to: Date },
  now: Date,
): Promise<StatsObject> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const customers = db.selectFrom('customers').where('merchant_id', '=', merchantId);

  const [total, newCustomers, buyersBefore, clicks, claims, repeat, buyers] = await Promise.all([
    customers
      .select((eb) => eb.fn.countAll().as('n'))
      .where('created_at', '<', to)
      .executeTakeFirst(),
    customers
      .select((eb) => eb.fn.countAll().as('n'))
      .where('first_order_at', '>=', from)
      .where('first_order_at', '<', to)
      .executeTakeFirst(),
    customers
      .select((eb) => eb.fn.countAll().as('n'))
      .where('first_order_at', '<', from)
      .executeTakeFirst(),
    db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst(),
    db
      .selectFrom('offer_claims')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst(),
    customers
      .select((eb) => eb.fn.countAll().as('n'))
      .where('orders_count', '>=', 2)
      .executeTakeFirst(),
    customers
      .select((eb) => eb.fn.countAll().as('n'))
      .where('orders_count', '>=', 1)
      .executeTakeFirst(),
  ]);

  // Referrals converted in the period, with what the friend's order brought and when the referrer joined.
  const conversions = await db
    .selectFrom('referrals')
    .innerJoin('orders', 'orders.id', 'referrals.order_id')
    .innerJoin('customers as referrer', 'referrer.id', 'referrals.referrer_id')
    .select([
      'orders.amount',
      'orders.refunded_amount',
      'referrals.converted_at',
      'referrer.first_order_at as referrer_first_order',
      'referrer.created_at as referrer_created',
    ])
    .where('referrals.merchant_id', '=', merchantId)
    .where('referrals.status', '=', 'converted')
    .where('referrals.converted_at', '>=', from)
    .where('referrals.converted_at', '<', to)
    .execute();

  const sharers = await db
    .selectFrom('shares')
    .select('customer_id')
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .union(
      db
        .selectFrom('clicks')
        .select('referrer_id as customer_id')
        .where('merchant_id', '=', merchantId)
        .where('created_at', '>=', from)
        .where('created_at', '<', to),
    )
    .execute();

  const rewards = await db
    .selectFrom('rewards')
    .leftJoin('orders', 'orders.id', 'rewards.order_id')
    .select(['rewards.reward', 'orders.amount'])
    .where('rewards.merchant_id', '=', merchantId)
    .where('rewards.status', '!=', 'voided')
    .where('rewards.source', 'in', ['referral_referrer', 'referral_friend', 'milestone', 'share'])
    .where('rewards.created_at', '>=', from)
    .where('rewards.created_at', '<', to)
    .execute();

  const ltv = await db
    .selectFrom('customers')
    .select([
      sql<number | null>`avg(case when referred_by is not null then total_spent end)`.as('referred'),
      sql<number | null>`avg(case when referred_by is null then total_spent end)`.as('other'),
    ])
    .where('merchant_id', '=', merchantId)
    .where('orders_count', '>', 0)
    .executeTakeFirstOrThrow();

  const currency = await db
    .selectFrom('orders')
    .select(['currency', (eb) => eb.fn.countAll().as('n')])
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('currency')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();

  const topDecile = await topDecileSpend(db, merchantId);
  const segments = {} as Record<Segment, number>;
  await Promise.all(
    SEGMENTS.map(async (segment) => {
      const row = await customers
        .select((eb) => eb.fn.countAll().as('n'))
        .where(segmentFilter(segment, program.segments, now, topDecile))
        .executeTakeFirst();
      segments[segment] = count(row);
    }),
  );

  const perPoint = centsPerPoint(program.loyalty.redemption_options);
  const rewardSpend = rewards.reduce(
    (sum, r) =>
      sum +
      rewardCost(
        readJson<RewardValue>(r.reward, { type: 'points', points: 0 }),
        Number(r.amount ?? 0),
        perPoint,
      ),
    0,
  );
  const revenue = conversions.reduce((sum, c) => sum + Number(c.amount) - Number(c.refunded_amount), 0);
  const cycles = conversions
    .map(
      (c) =>
        (Date.parse(c.converted_at!) - Date.parse(c.referrer_first_order ?? c.referrer_created)) / DAY_MS,
    )
    .filter((d) => d >= 0);
  const avgOf = (value: number | string | null) => (value === null ? null : Math.round(Number(value)));
  const referred = conversions.length;
  const newCount = count(newCustomers);
  const totalCount = count(total);
  return {
    object: 'stats',
    from,
    to,
    currency: currency?.currency ?? null,
    customers: totalCount,
    new_customers: newCount,
    referred_customers: referred,
    organic_share: ratio(referred, newCount),
    participation_rate: ratio(new Set(sharers.map((s) => s.customer_id)).size, totalCount),
    clicks: count(clicks),
    click_to_first_order: ratio(referred, count(clicks)),
    offer_claims: count(claims),
    k_factor: ratio(referred, count(buyersBefore) || totalCount),
    referral_revenue: revenue,
    reward_cost: rewardSpend,
    referral_roi: ratio(revenue - rewardSpend, rewardSpend),
    repeat_purchase_rate: ratio(count(repeat), count(buyers)),
    avg_ltv: { referred: avgOf(ltv.referred), other: avgOf(ltv.other) },
    viral_cycle_days: cycles.length
      ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10
      : null,
    segments,
    feedback: await feedbackKpis(db, merchantId, program, range),
  };
}
