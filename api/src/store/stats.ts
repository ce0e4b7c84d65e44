// Counts behind /v1/stats, each one grouped query over an indexed range — never a loop of queries.
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';
import { computeKpis, pointsLiability } from '../domain/kpis.ts';
import { pointValue } from '../domain/point-value.ts';
import { SEGMENTS, type Segment } from '../domain/segments.ts';
import { ratio } from '../domain/stats.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import type { StatsObject } from '../schemas/stats.ts';
import { segmentFilter, topDecileSpend } from './customers.ts';
import { feedbackKpis } from './feedback-stats.ts';
import { gatherKpiFacts, outstandingPoints } from './kpi-facts.ts';
import { moneyByCurrency } from './stats-money.ts';

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
      'referrals.converted_at',
      'referrer.first_order_at as referrer_first_order',
      'referrer.created_at as referrer_created',
    ])
    .where('referrals.merchant_id', '=', merchantId)
    .where('referrals.status', '=', 'converted')
    .where('referrals.converted_at', '>=', from)
    .where('referrals.converted_at', '<', to)
    .execute();

  // Counted in SQL: the distinct sharers of a busy quarter are thousands of ids not worth shipping.
  const sharers = await db
    .selectFrom(
      db
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
        .as('sharers'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();

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

  const points = pointValue(program.loyalty.redemption_options);
  const [money, kpis, liability] = await Promise.all([
    moneyByCurrency(db, merchantId, range, points),
    gatherKpiFacts(db, merchantId, range, points, now).then(computeKpis),
    outstandingPoints(db, merchantId).then((n) => pointsLiability(n, points)),
  ]);
  // The top-level amounts are the dominant currency's; `by_currency` holds every currency's.
  // With no order in the period, a shop that only ever sold in one currency still gets its figures there.
  const mainCurrency = currency?.currency ?? (money.length === 1 ? money[0]!.currency : null);
  const main = money.find((m) => m.currency === mainCurrency) ?? null;
  const cycles = conversions
    .map(
      (c) =>
        (Date.parse(c.converted_at!) - Date.parse(c.referrer_first_order ?? c.referrer_created)) / DAY_MS,
    )
    .filter((d) => d >= 0);
  const referred = conversions.length;
  const newCount = count(newCustomers);
  const totalCount = count(total);
  return {
    object: 'stats',
    from,
    to,
    currency: mainCurrency,
    customers: totalCount,
    new_customers: newCount,
    referred_customers: referred,
    organic_share: ratio(referred, newCount),
    participation_rate: ratio(count(sharers), totalCount),
    clicks: count(clicks),
    click_to_first_order: ratio(referred, count(clicks)),
    offer_claims: count(claims),
    k_factor: ratio(referred, count(buyersBefore) || totalCount),
    referral_revenue: main?.referral_revenue ?? 0,
    reward_cost: main?.reward_cost ?? 0,
    referral_roi: main?.referral_roi ?? null,
    repeat_purchase_rate: ratio(count(repeat), count(buyers)),
    avg_ltv: main?.avg_ltv ?? { referred: null, other: null },
    viral_cycle_days: cycles.length
      ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10
      : null,
    segments,
    feedback: await feedbackKpis(db, merchantId, program, range),
    by_currency: money,
    kpis,
    points_liability: liability,
  };
}
