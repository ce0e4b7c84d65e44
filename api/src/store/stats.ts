// Counts behind /v1/stats, each one grouped query over an indexed range — never a loop of queries.
import { type Expression, type SqlBool, sql } from 'kysely';
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
import { lifetimeSpend } from './kpi-days.ts';
import { gatherPeriodFacts } from './kpi-facts.ts';
import { moneyByCurrency } from './stats-money.ts';

export async function computeStats(
  db: Executor,
  merchantId: string,
  program: ProgramConfig,
  range: { from: Date; to: Date },
  now: Date,
  /** The buyers' 90th-percentile spend, when the caller has it (a pass over every buyer, twice). */
  knownTopDecile?: Promise<number | null>,
): Promise<StatsObject> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const points = pointValue(program.loyalty.redemption_options);
  // Every read at once: on SQLite they share two reader threads, on PostgreSQL the pool.
  // The KPI facts: their counts (clicks, claims, new customers) and reward cost are /v1/stats's too.
  const periodRead = gatherPeriodFacts(db, merchantId, range, points, now);
  // Every count over the merchant's customers in one pass: a scan each was a dozen scans.
  const flag = (filter: Expression<SqlBool>) =>
    sql<number | string | null>`sum(case when ${filter} then 1 else 0 end)`;
  const snapshotRead = (knownTopDecile ?? topDecileSpend(db, merchantId)).then((topDecile) =>
    db
      .selectFrom('customers')
      .where('merchant_id', '=', merchantId)
      .select((eb) => [
        flag(eb('created_at', '<', to)).as('total'),
        flag(eb('first_order_at', '<', from)).as('buyers_before'),
        flag(eb('orders_count', '>=', 2)).as('repeat'),
        flag(eb('orders_count', '>=', 1)).as('buyers'),
        ...SEGMENTS.map((segment) =>
          flag(segmentFilter(segment, program.segments, now, topDecile)(eb)).as(`segment_${segment}`),
        ),
        // Points held now by customers not erased: the liability.
        sql<number | string | null>`sum(case when deleted_at is null then points_balance else 0 end)`.as(
          'points',
        ),
      ])
      .executeTakeFirst(),
  );
  // Referrals converted in the period: what the friend's order brought, and when the referrer joined.
  const conversionsRead = db
    .selectFrom('referrals')
    .innerJoin('orders', 'orders.id', 'referrals.order_id')
    .innerJoin('customers as referrer', 'referrer.id', 'referrals.referrer_id')
    .select([
      'referrals.converted_at',
      'referrer.first_order_at as referrer_first_order',
      'referrer.created_at as referrer_created',
      'orders.amount',
      'orders.refunded_amount',
      'orders.currency',
    ])
    .where('referrals.merchant_id', '=', merchantId)
    .where('referrals.status', '=', 'converted')
    .where('referrals.converted_at', '>=', from)
    .where('referrals.converted_at', '<', to)
    .execute();
  const spendRead = lifetimeSpend(db, merchantId, now);
  const [period, snapshot, conversions, spend] = await Promise.all([
    periodRead,
    snapshotRead,
    conversionsRead,
    spendRead,
  ]);
  const snap = (column: string) => Number((snapshot as Record<string, unknown> | undefined)?.[column] ?? 0);
  const segments = Object.fromEntries(
    SEGMENTS.map((segment) => [segment, snap(`segment_${segment}`)]),
  ) as Record<Segment, number>;
  const feedbackRead = feedbackKpis(db, merchantId, program, range, period.asked);
  const kpis = computeKpis(period.facts);
  // The currency most of the period's orders used (any status; a tie goes to the first code).
  const currency = [...period.allOrders]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([code]) => ({ currency: code }))[0];
  const money = moneyByCurrency(conversions, spend, kpis.reward_cost);
  const liability = pointsLiability(snap('points'), points);
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
  const newCount = kpis.new_customers.value ?? 0;
  const totalCount = snap('total');
  return {
    object: 'stats',
    from,
    to,
    currency: mainCurrency,
    customers: totalCount,
    new_customers: newCount,
    referred_customers: referred,
    organic_share: ratio(referred, newCount),
    // Distinct sharers (clicked or shared) of the period, from the daily parts (kpi-firsts.ts).
    participation_rate: ratio(period.sharers, totalCount),
    clicks: kpis.clicks.value ?? 0,
    click_to_first_order: ratio(referred, kpis.clicks.value ?? 0),
    offer_claims: kpis.offer_claims.value ?? 0,
    k_factor: ratio(referred, snap('buyers_before') || totalCount),
    referral_revenue: main?.referral_revenue ?? 0,
    reward_cost: main?.reward_cost ?? 0,
    referral_roi: main?.referral_roi ?? null,
    repeat_purchase_rate: ratio(snap('repeat'), snap('buyers')),
    avg_ltv: main?.avg_ltv ?? { referred: null, other: null },
    viral_cycle_days: cycles.length
      ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10
      : null,
    segments,
    feedback: await feedbackRead,
    by_currency: money,
    kpis,
    points_liability: liability,
  };
}
