// Daily KPI rollups (docs/analytics.md, "Daily rollups"): each closed UTC day's additive parts —
// clicks, orders per currency (with the repurchase gaps), acquisition rewards, points that left
// balances — kept in `kpi_days`. A rollup counts only while its `version` equals the day's count of
// late writes in `kpi_day_marks` (kept by triggers, migration 2026-12-02T0100), so a write dated in a
// past day makes that day raw again until it is rebuilt. Days not rolled up (today, a stale day, the
// window's partial edges) are read raw with the very same queries, grouped by day.
import { sql } from 'kysely';
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';
import { readJson } from '../db/schema.ts';
import { surveyHash } from '../domain/feedback-sampling.ts';
import type { HourlyCount, OrderGroupFact, PointsOutFact, RewardCostFact } from '../domain/kpi-facts.ts';
import { type PointValue, rewardMoney } from '../domain/point-value.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { acquisitionRewards } from './kpi-facts.ts';
import { type DayFirsts, firstsAcrossStart, newInWindow, noFirsts, rawFirsts } from './kpi-firsts.ts';

/** What a rollup keeps of one day: everything additive, amounts in minor units. */
export interface DayParts {
  clicks: number;
  /** Per currency: not-refunded orders, returning ones, net revenue of each, gaps in ms. */
  orders: {
    currency: string;
    n: number;
    returning: number;
    net: number;
    returningNet: number;
    gaps: number[];
  }[];
  /** Acquisition rewards valued in money that does not depend on the program (face value, percent of the order). */
  rewards: { currency: string; amount: number }[];
  /** Points rewards as [points, how many]: valued at read time, at the program's current rate, each rounded as one reward is. */
  rewardPoints: [number, number][];
  expired: number;
  redeemed: number;
  /** Orders of any status per currency (the period's main currency is the one most orders used). */
  all: { currency: string; n: number }[];
  /** `asked[n - 1]`: of all the day's orders, those the feedback survey samples at one in n (1–100). */
  asked: number[];
  /**
   * Lifetime spend parts per currency and whether a referral brought the customer: net spend of every
   * order (any status), and `buyers`, the customers whose first order in that currency is this day's.
   */
  spend: { currency: string; referred: boolean; net: number; buyers: number }[];
  /** The day's distinct referred visitors and sharers, by when each last appeared before it (kpi-firsts.ts). */
  firsts: DayFirsts;
}

const emptyDay = (): DayParts => ({
  clicks: 0,
  orders: [],
  rewards: [],
  rewardPoints: [],
  expired: 0,
  redeemed: 0,
  all: [],
  asked: [],
  spend: [],
  firsts: noFirsts(),
});
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The earlier of two `YYYY-MM-DD` days. */
const earlierDay = (a: string, b: string) => [a, b].sort()[0]!;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** `every_nth_order` is at most this (schemas/feedback.ts). */
const MAX_EVERY_NTH = 100;
/** A boolean column as either dialect returns it. */
const isTrue = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

/**
 * The raw parts of [from, to), one entry per UTC day that has any. `withFirsts` false: without the
 * day's distinct visitors and sharers (lifetime spend needs neither).
 */
export async function rawDayParts(
  db: Executor,
  merchantId: string,
  from: string,
  to: string,
  withFirsts = true,
): Promise<Map<string, DayParts>> {
  const day = sql<string>`substr(created_at, 1, 10)`;
  const [clicks, orders, rewards, pointsOut, firsts] = await Promise.all([
    db
      .selectFrom('clicks')
      .select([day.as('day'), sql<number | string>`count(*)`.as('n')])
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy(day)
      .execute(),
    db
      .selectFrom('orders as o')
      // Every order has its customer; the join gives whether a referral brought them.
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select((eb) => [
        'o.created_at',
        'o.amount',
        'o.refunded_amount',
        'o.currency',
        'o.status',
        'o.external_id',
        'c.referred_by',
        eb
          .selectFrom('orders as p')
          .select((p) => p.fn.max('p.created_at').as('at'))
          .whereRef('p.customer_id', '=', 'o.customer_id')
          .whereRef('p.created_at', '<', 'o.created_at')
          .where('p.status', '!=', 'refunded')
          .as('previous_at'),
        // The customer's first order in this currency (ties: the smaller id), any status.
        eb
          .not(
            eb.exists(
              eb
                .selectFrom('orders as q')
                .select('q.id')
                .whereRef('q.customer_id', '=', 'o.customer_id')
                .whereRef('q.currency', '=', 'o.currency')
                .where((q) =>
                  q.or([
                    q('q.created_at', '<', q.ref('o.created_at')),
                    q.and([q('q.created_at', '=', q.ref('o.created_at')), q('q.id', '<', q.ref('o.id'))]),
                  ]),
                ),
            ),
          )
          .as('first_in_currency'),
      ])
      .where('o.merchant_id', '=', merchantId)
      .where('o.created_at', '>=', from)
      .where('o.created_at', '<', to)
      .execute(),
    acquisitionRewards(db, merchantId, { from, to }),
    db
      .selectFrom('ledger_entries')
      .select([day.as('day'), 'reason', sql<number | string>`sum(delta)`.as('delta')])
      .where('merchant_id', '=', merchantId)
      .where('account', '=', 'points')
      .where('reason', 'in', ['expiry', 'redemption'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy([day, 'reason'])
      .execute(),
    withFirsts ? rawFirsts(db, merchantId, from, to) : new Map<string, DayFirsts>(),
  ]);

  const days = new Map<string, DayParts>();
  const of = (d: string) => {
    const parts = days.get(d) ?? emptyDay();
    days.set(d, parts);
    return parts;
  };
  for (const c of clicks) of(c.day).clicks += Number(c.n);
  for (const o of orders) {
    const parts = of(o.created_at.slice(0, 10));
    const net = Number(o.amount) - Number(o.refunded_amount);
    const all = parts.all.find((a) => a.currency === o.currency);
    if (all) all.n += 1;
    else parts.all.push({ currency: o.currency, n: 1 });
    if (parts.asked.length === 0) parts.asked = new Array<number>(MAX_EVERY_NTH).fill(0);
    const hash = surveyHash(o.external_id);
    for (let n = 1; n <= MAX_EVERY_NTH; n++) if (hash % n === 0) parts.asked[n - 1]! += 1;
    const referred = o.referred_by !== null;
    let spend = parts.spend.find((e) => e.currency === o.currency && e.referred === referred);
    if (!spend) {
      spend = { currency: o.currency, referred, net: 0, buyers: 0 };
      parts.spend.push(spend);
    }
    spend.net += net;
    if (isTrue(o.first_in_currency)) spend.buyers += 1;
    if (o.status === 'refunded') continue;
    let group = parts.orders.find((g) => g.currency === o.currency);
    if (!group) {
      group = { currency: o.currency, n: 0, returning: 0, net: 0, returningNet: 0, gaps: [] };
      parts.orders.push(group);
    }
    group.n += 1;
    group.net += net;
    if (o.previous_at) {
      group.returning += 1;
      group.returningNet += net;
      group.gaps.push(Date.parse(o.created_at) - Date.parse(String(o.previous_at)));
    }
  }
  for (const r of rewards) {
    const parts = of(r.created_at.slice(0, 10));
    const value = readJson<RewardValue>(r.reward, { type: 'points', points: 0 });
    if (value.type === 'points') {
      const entry = parts.rewardPoints.find(([points]) => points === value.points);
      if (entry) entry[1] += 1;
      else parts.rewardPoints.push([value.points, 1]);
      continue;
    }
    const order = r.currency ? { amount: Number(r.amount ?? 0), currency: r.currency } : null;
    const cost = rewardMoney(value, order, null);
    if (!cost) continue;
    const entry = parts.rewards.find((e) => e.currency === cost.currency);
    if (entry) entry.amount += cost.amount;
    else parts.rewards.push({ ...cost });
  }
  for (const p of pointsOut) {
    const parts = of(p.day);
    if (p.reason === 'expiry') parts.expired -= Number(p.delta);
    else parts.redeemed -= Number(p.delta);
  }
  for (const [d, f] of firsts) of(d).firsts = f;
  return days;
}

/** A day's parts as KPI facts stamped at `at` (the day's start, or the window's start within it). */
export function dayFacts(
  parts: DayParts,
  at: number,
  points: PointValue | null,
): {
  clicks: HourlyCount[];
  orderGroups: OrderGroupFact[];
  rewards: RewardCostFact[];
  pointsOut: PointsOutFact[];
} {
  const rewards: RewardCostFact[] = parts.rewards.map((r) => ({ at, ...r }));
  if (points)
    for (const [value, n] of parts.rewardPoints)
      rewards.push({ at, amount: Math.round(value * points.minorPerPoint) * n, currency: points.currency });
  return {
    clicks: parts.clicks ? [{ at, n: parts.clicks }] : [],
    orderGroups: parts.orders.map((g) => ({
      at,
      currency: g.currency,
      orders: g.n,
      returning: g.returning,
      net: g.net,
      returningNet: g.returningNet,
      gaps: g.gaps.map((ms) => ms / DAY_MS),
    })),
    rewards,
    pointsOut: [
      ...(parts.expired ? [{ at, points: parts.expired, how: 'expired' as const }] : []),
      ...(parts.redeemed ? [{ at, points: parts.redeemed, how: 'redeemed' as const }] : []),
    ],
  };
}

/**
 * Days before this one may be rolled up: closed by the clock the app runs on (a test's fake clock)
 * and, by an hour's margin, by the real one — the triggers judge "before today" by the database's
 * clock, and a transaction begun before midnight may commit after it.
 */
export function closedBefore(now: Date): string {
  return dayOf(Math.min(now.getTime(), Date.now() - 3_600_000));
}

/** The valid rollups of days in [fromDay, toDay). */
export async function loadDays(
  db: Executor,
  merchantId: string,
  fromDay: string,
  toDay: string,
  withDetail = true,
): Promise<Map<string, DayParts>> {
  if (fromDay >= toDay) return new Map();
  const rows = await db
    .selectFrom('kpi_days as d')
    .leftJoin('kpi_day_marks as m', (join) =>
      join.onRef('m.merchant_id', '=', 'd.merchant_id').onRef('m.day', '=', 'd.day'),
    )
    .select([
      'd.day',
      'd.facts',
      withDetail ? 'd.detail' : sql<string>`'{}'`.as('detail'),
      withDetail ? 'd.firsts' : sql<string>`''`.as('firsts'),
    ])
    .where('d.merchant_id', '=', merchantId)
    .where('d.day', '>=', fromDay)
    .where('d.day', '<', toDay)
    .where((eb) => eb('d.version', '=', eb.fn.coalesce('m.n', sql<number>`0`)))
    .execute();
  return new Map(rows.map((r) => [r.day, joinParts(r.facts, r.detail, r.firsts)]));
}

/** A day's parts as stored: the bulky ones (gaps, survey samples) in `detail`; spend and firsts on their own. */
function splitParts({ spend, asked, firsts, ...parts }: DayParts) {
  return {
    facts: JSON.stringify({ ...parts, orders: parts.orders.map((o) => ({ ...o, gaps: [] })) }),
    detail: JSON.stringify({ asked, gaps: parts.orders.map((o) => o.gaps) }),
    spend: JSON.stringify(spend),
    firsts: JSON.stringify(firsts),
  };
}

/** The parts back from their columns (detail `{}`, firsts empty: left out). */
function joinParts(facts: string, detail: string, firsts: string): DayParts {
  const parts: DayParts = {
    ...emptyDay(),
    ...readJson<Partial<DayParts>>(facts, {}),
    firsts: readJson<DayFirsts>(firsts, noFirsts()),
  };
  const more = readJson<{ asked?: number[]; gaps?: number[][] }>(detail, {});
  if (more.asked) parts.asked = more.asked;
  if (more.gaps) parts.orders = parts.orders.map((o, i) => ({ ...o, gaps: more.gaps![i] ?? [] }));
  return parts;
}

/** The days of [fromDay, toDay), in order. */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let t = dayStart(fromDay); t < dayStart(toDay); t += DAY_MS) days.push(dayOf(t));
  return days;
}

/** The window's whole days: [firstFull, lastFullEnd). */
function fullDays(range: { from: Date; to: Date }) {
  return {
    firstFull: dayOf(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS),
    lastFullEnd: dayOf(Math.floor(range.to.getTime() / DAY_MS) * DAY_MS),
  };
}

/** Days built per step: a step's queries hold the event loop on SQLite, so steps stay short. */
const STEP_DAYS = 4;

/**
 * Rolls up every closed day of [fromDay, toDay) that has no valid rollup, writing on `db`. Each step
 * reads the days' mark counts first, then their raw rows — on `reads` when given (the analytics
 * reader: on SQLite the raw reads would hold the event loop) —: a late write committed after the
 * counts were read raises a count, so a rollup that missed it is never taken as valid.
 */
export async function ensureKpiDays(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  now: Date,
  reads: Executor = db,
): Promise<number> {
  const { firstFull: fromDay, lastFullEnd: toDay } = fullDays(range);
  const until = earlierDay(toDay, closedBefore(now));
  if (fromDay >= until) return 0;
  const have = await loadDayVersions(db, merchantId, fromDay, until);
  const missing = daysBetween(fromDay, until).filter((d) => !have.has(d));
  let built = 0;
  for (let i = 0; i < missing.length; ) {
    // Consecutive missing days, up to a step's worth.
    const first = missing[i]!;
    let j = i + 1;
    while (
      j < missing.length &&
      j - i < STEP_DAYS &&
      dayStart(missing[j]!) === dayStart(missing[j - 1]!) + DAY_MS
    )
      j++;
    const days = missing.slice(i, j);
    const end = dayOf(dayStart(days.at(-1)!) + DAY_MS);
    const marks = await db
      .selectFrom('kpi_day_marks')
      .select(['day', 'n'])
      .where('merchant_id', '=', merchantId)
      .where('day', '>=', first)
      .where('day', '<', end)
      .execute();
    const parts = await rawDayParts(reads, merchantId, `${first}T00:00:00.000Z`, `${end}T00:00:00.000Z`);
    const builtAt = new Date().toISOString();
    await db
      .insertInto('kpi_days')
      .values(
        days.map((day) => ({
          merchant_id: merchantId,
          day,
          version: Number(marks.find((m) => m.day === day)?.n ?? 0),
          ...splitParts(parts.get(day) ?? emptyDay()),
          built_at: builtAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['merchant_id', 'day']).doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          facts: eb.ref('excluded.facts'),
          detail: eb.ref('excluded.detail'),
          spend: eb.ref('excluded.spend'),
          firsts: eb.ref('excluded.firsts'),
          built_at: eb.ref('excluded.built_at'),
        })),
      )
      .execute();
    built += days.length;
    i = j;
    // Let other requests in between steps.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return built;
}

async function loadDayVersions(db: Executor, merchantId: string, fromDay: string, toDay: string) {
  const rows = await db
    .selectFrom('kpi_days as d')
    .leftJoin('kpi_day_marks as m', (join) =>
      join.onRef('m.merchant_id', '=', 'd.merchant_id').onRef('m.day', '=', 'd.day'),
    )
    .select('d.day')
    .where('d.merchant_id', '=', merchantId)
    .where('d.day', '>=', fromDay)
    .where('d.day', '<', toDay)
    .where((eb) => eb('d.version', '=', eb.fn.coalesce('m.n', sql<number>`0`)))
    .execute();
  return new Set(rows.map((r) => r.day));
}

/**
 * The rolled-up and raw parts of a window's days, as facts: full closed days from their rollups, the
 * rest (partial first and last days, today, stale days) raw, each stamped at max(day start, from).
 */
export async function windowDayFacts(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  points: PointValue | null,
  now: Date,
  /**
   * False: rolled-up days come without their repurchase gaps and survey samples, and no referred
   * visitors or sharers are counted (not needed).
   */
  withDetail = true,
) {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const { firstFull, lastFullEnd } = fullDays(range);
  const closed = closedBefore(now);
  const rolled = await loadDays(db, merchantId, firstFull, earlierDay(lastFullEnd, closed), withDetail);
  // Raw ranges: every stretch of the window not covered by a rollup.
  const ranges: [number, number][] = [];
  let start = from;
  for (const day of [...rolled.keys()].sort()) {
    const t = dayStart(day);
    if (t > start) ranges.push([start, t]);
    start = t + DAY_MS;
  }
  if (start < to) ranges.push([start, to]);
  const [raws, acrossStart] = await Promise.all([
    Promise.all(
      ranges.map(([a, b]) =>
        rawDayParts(db, merchantId, new Date(a).toISOString(), new Date(b).toISOString(), withDetail),
      ),
    ),
    withDetail ? firstsAcrossStart(db, merchantId, range) : null,
  ]);
  const fromDay = dayOf(from);
  const facts = {
    clicks: [] as HourlyCount[],
    orderGroups: [] as OrderGroupFact[],
    rewards: [] as RewardCostFact[],
    pointsOut: [] as PointsOutFact[],
    /** Orders of any status per currency. */
    all: new Map<string, number>(),
    /** `asked[n - 1]`: the orders the feedback survey samples at one in n. */
    asked: new Array<number>(MAX_EVERY_NTH).fill(0),
    /** Referred visitors by the day of their first click in the window (`converted` comes apart). */
    visitors: [] as HourlyCount[],
    /** Distinct sharers of the window (none without `withDetail`). */
    sharers: 0,
  };
  const add = (parts: DayParts, at: number, day: string) => {
    if (acrossStart) {
      const visitors = newInWindow(parts.firsts.visitors, day, fromDay, acrossStart.visitors);
      if (visitors) facts.visitors.push({ at, n: visitors });
      facts.sharers += newInWindow(parts.firsts.sharers, day, fromDay, acrossStart.sharers);
    }
    for (const a of parts.all) facts.all.set(a.currency, (facts.all.get(a.currency) ?? 0) + a.n);
    parts.asked.forEach((n, i) => {
      facts.asked[i]! += n;
    });
    const f = dayFacts(parts, at, points);
    facts.clicks.push(...f.clicks);
    facts.orderGroups.push(...f.orderGroups);
    facts.rewards.push(...f.rewards);
    facts.pointsOut.push(...f.pointsOut);
  };
  for (const [day, parts] of rolled) add(parts, dayStart(day), day);
  for (const raw of raws) for (const [day, parts] of raw) add(parts, Math.max(dayStart(day), from), day);
  return facts;
}

/** Rolls up every closed day since the merchant's first customer's first order (the critical points read them all). */
export async function ensureHistoryDays(
  db: Executor,
  merchantId: string,
  now: Date,
  reads: Executor = db,
): Promise<number> {
  const first = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.min('first_order_at').as('at'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  if (!first?.at) return 0;
  return ensureKpiDays(db, merchantId, { from: new Date(String(first.at)), to: now }, now, reads);
}

/**
 * Lifetime spend per currency, split by whether a referral brought the customer: net spend and
 * buyers (customers with an order in that currency). Closed days from their rollups, the rest raw.
 */
export async function lifetimeSpend(
  db: Executor,
  merchantId: string,
  now: Date,
): Promise<{ currency: string; referred: boolean; spent: number; buyers: number }[]> {
  const closed = closedBefore(now);
  const [first, rows] = await Promise.all([
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('merchant_id', '=', merchantId)
      .executeTakeFirst(),
    db
      .selectFrom('kpi_days as d')
      .leftJoin('kpi_day_marks as m', (join) =>
        join.onRef('m.merchant_id', '=', 'd.merchant_id').onRef('m.day', '=', 'd.day'),
      )
      .select(['d.day', 'd.spend'])
      .where('d.merchant_id', '=', merchantId)
      .where('d.day', '<', closed)
      .where((eb) => eb('d.version', '=', eb.fn.coalesce('m.n', sql<number>`0`)))
      .orderBy('d.day')
      .execute(),
  ]);
  if (!first?.at) return [];
  const parts: DayParts['spend'][] = rows.map((r) => readJson<DayParts['spend']>(r.spend, []));
  // Raw: every stretch from the first order on that no rollup covers, today included.
  const ranges: [string, string][] = [];
  let start = String(first.at);
  for (const { day } of rows) {
    const t = `${day}T00:00:00.000Z`;
    if (t > start) ranges.push([start, t]);
    const end = `${dayOf(dayStart(day) + DAY_MS)}T00:00:00.000Z`;
    if (end > start) start = end;
  }
  ranges.push([start, '9999-12-31T00:00:00.000Z']);
  for (const raw of await Promise.all(ranges.map(([a, b]) => rawDayParts(db, merchantId, a, b, false))))
    for (const day of raw.values()) parts.push(day.spend);
  const sums = new Map<string, { currency: string; referred: boolean; spent: number; buyers: number }>();
  for (const day of parts)
    for (const s of day) {
      const key = `${s.currency}:${s.referred}`;
      const sum = sums.get(key) ?? { currency: s.currency, referred: s.referred, spent: 0, buyers: 0 };
      sum.spent += s.net;
      sum.buyers += s.buyers;
      sums.set(key, sum);
    }
  return [...sums.values()];
}
