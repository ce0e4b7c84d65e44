// Gathers the facts the loop KPIs are computed from (domain/kpi-facts.ts), one query per kind of fact,
// each over an indexed range of one merchant's rows.
import { sql } from 'kysely';
import type { Executor } from '../db/schema.ts';
import type { KpiFacts } from '../domain/kpi-facts.ts';
import type { PointValue } from '../domain/point-value.ts';
import { windowDayFacts } from './kpi-days.ts';
import { visitorConversions } from './kpi-firsts.ts';

/** The rewards that are the referral programme's acquisition cost (as in `/v1/stats` `reward_cost`). */
export const ACQUISITION_REWARD_SOURCES = ['referral_referrer', 'referral_friend', 'milestone', 'share'];

/**
 * The acquisition rewards not voided, with the order each came from (its amount prices percent-off
 * rewards), created in [from, to) when a range is given, else ever.
 */
export function acquisitionRewards(db: Executor, merchantId: string, range?: { from: string; to: string }) {
  let query = db
    .selectFrom('rewards')
    .leftJoin('orders', 'orders.id', 'rewards.order_id')
    .select(['rewards.created_at', 'rewards.reward', 'orders.amount', 'orders.currency'])
    .where('rewards.merchant_id', '=', merchantId)
    .where('rewards.status', '!=', 'voided')
    .where('rewards.source', 'in', ACQUISITION_REWARD_SOURCES);
  if (range)
    query = query.where('rewards.created_at', '>=', range.from).where('rewards.created_at', '<', range.to);
  return query.execute();
}

/** An hour's (`YYYY-MM-DDTHH`) or a day's (`YYYY-MM-DD`) start, not before the window's start. */
const hourAt = (hour: string, from: Date) =>
  Math.max(Date.parse(hour.length === 10 ? `${hour}T00:00:00.000Z` : `${hour}:00:00.000Z`), from.getTime());

export async function gatherKpiFacts(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  points: PointValue | null,
  now: Date,
): Promise<KpiFacts> {
  return (await gatherPeriodFacts(db, merchantId, range, points, now)).facts;
}

/**
 * The KPI facts of a period, with what /v1/stats reads beside them from the same rollups: orders of
 * any status per currency, and how many orders the feedback survey samples at each one-in-n.
 */
export async function gatherPeriodFacts(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  points: PointValue | null,
  now: Date,
): Promise<{ facts: KpiFacts; allOrders: Map<string, number>; asked: number[]; sharers: number }> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const [days, conversions, claims, newCustomers] = await Promise.all([
    // Clicks, orders, rewards, points out, referred visitors and sharers: closed days from their
    // rollups, the rest raw.
    windowDayFacts(db, merchantId, range, points, now),
    visitorConversions(db, merchantId, range),
    // Claims by the hour, with how many led to a first order before the window's end (a claim whose
    // email matched two customers is still one claim).
    db
      .selectFrom(
        db
          .selectFrom('offer_claims as oc')
          .leftJoin('customers as cu', (join) =>
            join
              .onRef('cu.merchant_id', '=', 'oc.merchant_id')
              .onRef('cu.email_normalized', '=', 'oc.email_normalized'),
          )
          .select([
            'oc.id',
            'oc.created_at',
            sql<number>`max(case when cu.first_order_at >= oc.created_at and cu.first_order_at < ${to} then 1 else 0 end)`.as(
              'converted',
            ),
          ])
          .where('oc.merchant_id', '=', merchantId)
          .where('oc.created_at', '>=', from)
          .where('oc.created_at', '<', to)
          .groupBy(['oc.id', 'oc.created_at'])
          .as('c'),
      )
      .select([
        sql<string>`substr(c.created_at, 1, 13)`.as('hour'),
        sql<number | string>`count(*)`.as('n'),
        sql<number | string>`sum(c.converted)`.as('converted'),
      ])
      .groupBy(sql`substr(c.created_at, 1, 13)`)
      .execute(),
    // Grouped by the hour in SQL: a quarter's new customers are ten thousand rows at scale.
    db
      .selectFrom('customers')
      .select([
        sql<string>`substr(first_order_at, 1, 13)`.as('hour'),
        sql<number | string>`count(*)`.as('n'),
        sql<number | string>`count(referred_by)`.as('referred'),
      ])
      .where('merchant_id', '=', merchantId)
      .where('first_order_at', '>=', from)
      .where('first_order_at', '<', to)
      .groupBy(sql`substr(first_order_at, 1, 13)`)
      .execute(),
  ]);

  const facts: KpiFacts = {
    clicks: days.clicks,
    visitors: [
      ...days.visitors,
      ...conversions.map((c) => ({ at: hourAt(c.day, range.from), n: 0, converted: c.n })),
    ],
    claims: claims.flatMap((c) => {
      const at = hourAt(c.hour, range.from);
      const converted = Number(c.converted);
      const other = Number(c.n) - converted;
      return [
        ...(converted > 0 ? [{ at, converted: true, n: converted }] : []),
        ...(other > 0 ? [{ at, converted: false, n: other }] : []),
      ];
    }),
    newCustomers: newCustomers.flatMap((c) => {
      const at = hourAt(c.hour, range.from);
      const referred = Number(c.referred);
      const other = Number(c.n) - referred;
      return [
        ...(referred > 0 ? [{ at, referred: true, n: referred }] : []),
        ...(other > 0 ? [{ at, referred: false, n: other }] : []),
      ];
    }),
    orders: [],
    orderGroups: days.orderGroups,
    rewards: days.rewards,
    pointsOut: days.pointsOut,
  };
  return { facts, allOrders: days.all, asked: days.asked, sharers: days.sharers };
}
