// The figures that are distinct over a window — referred visitors, each in the bucket of their first
// click in it, and sharers (customers whose link was clicked, or who shared it, in it) — from daily
// parts, exactly (docs/analytics.md, "Distinct over the window").
//
// A visitor whose first click in [from, to) falls on day d is one who clicked on d and had not clicked
// in [from, start of d). So a day keeps its distinct visitors by the day of their last click before it:
// the window counts, on each of its days, those whose last click before the day is before `from`. A
// closed day's counts are rolled up (kpi_days.firsts); the rest of the window's days are read raw.
import { sql } from 'kysely';
import { DAY_MS } from '../clock.ts';
import type { Executor } from '../db/schema.ts';

/**
 * Who appeared on a day (or on the part of a day a raw read covers, from its start): how many had
 * never appeared before the part, and in `back`, [days before this day they last had, how many]
 * (0: earlier the same day, before the part began).
 */
export interface Appearances {
  never: number;
  back: [number, number][];
}

/** A day's distinct referred visitors and distinct sharers, by when each last appeared before it. */
export interface DayFirsts {
  visitors: Appearances;
  sharers: Appearances;
}

export const noFirsts = (): DayFirsts => ({
  visitors: { never: 0, back: [] },
  sharers: { never: 0, back: [] },
});

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;

type Row = { day: string; prev_day: string | null; n: number | string };

function addRows(days: Map<string, DayFirsts>, rows: Row[], which: keyof DayFirsts) {
  for (const r of rows) {
    const firsts = days.get(r.day) ?? noFirsts();
    days.set(r.day, firsts);
    const n = Number(r.n);
    if (r.prev_day === null) firsts[which].never += n;
    else firsts[which].back.push([dayNumber(r.day) - dayNumber(r.prev_day), n]);
  }
}

/**
 * The appearances of each day of [from, to) that has any: each day's part starts at its midnight, or
 * at `from` within the first day. One index lookup per distinct visitor (or sharer) and day.
 */
export async function rawFirsts(
  db: Executor,
  merchantId: string,
  from: string,
  to: string,
): Promise<Map<string, DayFirsts>> {
  // Where the part of day `g.day` begins.
  const start = sql`case when g.day || 'T00:00:00.000Z' > ${from} then g.day || 'T00:00:00.000Z' else ${from} end`;
  // `materialized`: each row's lookups run once (inlined, they ran again for every mention).
  const [visitors, sharers] = await Promise.all([
    sql<Row>`with g as (
        select distinct visitor_id, substr(created_at, 1, 10) as day from clicks
        where merchant_id = ${merchantId} and created_at >= ${from} and created_at < ${to}
      ), x as materialized (
        select g.day, (
          select max(p.created_at) from clicks p
          where p.merchant_id = ${merchantId} and p.visitor_id = g.visitor_id and p.created_at < ${start}
        ) as prev_at
        from g
      )
      select x.day, substr(x.prev_at, 1, 10) as prev_day, count(*) as n from x group by 1, 2`.execute(db),
    // A sharer's previous appearance: the later of their last click (as the referrer) and last share.
    sql<Row>`with g as (
        select referrer_id as customer_id, substr(created_at, 1, 10) as day from clicks
        where merchant_id = ${merchantId} and created_at >= ${from} and created_at < ${to}
        union
        select customer_id, substr(created_at, 1, 10) from shares
        where merchant_id = ${merchantId} and created_at >= ${from} and created_at < ${to}
      ), y as materialized (
        select g.day,
          (select max(c.created_at) from clicks c
            where c.referrer_id = g.customer_id and c.created_at < ${start}) as clicked,
          (select max(s.created_at) from shares s
            where s.customer_id = g.customer_id and s.created_at < ${start}) as shared
        from g
      )
      select y.day,
        substr(case when y.shared is null or y.clicked > y.shared then y.clicked else y.shared end, 1, 10) as prev_day,
        count(*) as n
      from y group by 1, 2`.execute(db),
  ]);
  const days = new Map<string, DayFirsts>();
  addRows(days, visitors.rows, 'visitors');
  addRows(days, sharers.rows, 'sharers');
  return days;
}

/**
 * For a window starting within a day: of those who appeared in that day before `from`, the day of
 * their first appearance in the window. A day's parts file them under that first day (their last
 * appearance before the day is on it) though they had not appeared in the window before: these are
 * added back. Nothing when `from` is a midnight.
 */
export async function firstsAcrossStart(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
): Promise<{ visitors: Map<string, number>; sharers: Map<string, number> }> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const dayStart = `${from.slice(0, 10)}T00:00:00.000Z`;
  if (dayStart === from) return { visitors: new Map(), sharers: new Map() };
  const [visitors, sharers] = await Promise.all([
    sql<{ day: string; n: number | string }>`with x as materialized (
        select (
          select min(c.created_at) from clicks c
          where c.merchant_id = ${merchantId} and c.visitor_id = h.visitor_id and c.created_at >= ${from}
        ) as next_at
        from (
          select distinct visitor_id from clicks
          where merchant_id = ${merchantId} and created_at >= ${dayStart} and created_at < ${from}
        ) as h
      )
      select substr(x.next_at, 1, 10) as day, count(*) as n from x where x.next_at < ${to} group by 1`.execute(
      db,
    ),
    sql<{ day: string; n: number | string }>`with y as materialized (
        select
          (select min(c.created_at) from clicks c
            where c.referrer_id = h.customer_id and c.created_at >= ${from}) as clicked,
          (select min(s.created_at) from shares s
            where s.customer_id = h.customer_id and s.created_at >= ${from}) as shared
        from (
          select referrer_id as customer_id from clicks
          where merchant_id = ${merchantId} and created_at >= ${dayStart} and created_at < ${from}
          union
          select customer_id from shares
          where merchant_id = ${merchantId} and created_at >= ${dayStart} and created_at < ${from}
        ) as h
      ), x as (
        select case when y.shared is null or y.clicked < y.shared then y.clicked else y.shared end as next_at
        from y
      )
      select substr(x.next_at, 1, 10) as day, count(*) as n from x where x.next_at < ${to} group by 1`.execute(
      db,
    ),
  ]);
  const byDay = (rows: { day: string; n: number | string }[]) =>
    new Map(rows.map((r) => [r.day, Number(r.n)]));
  return { visitors: byDay(visitors.rows), sharers: byDay(sharers.rows) };
}

/** Of a day's appearances, those who had not appeared in the window before (its start on `fromDay`). */
export function newInWindow(
  appearances: Appearances,
  day: string,
  fromDay: string,
  acrossStart: Map<string, number>,
): number {
  // Last seen before `fromDay` (k days before `day`): not in the window.
  const limit = dayNumber(day) - dayNumber(fromDay);
  let n = appearances.never + (acrossStart.get(day) ?? 0);
  for (const [k, count] of appearances.back) if (k > limit) n += count;
  return n;
}

/**
 * Referred visitors who converted: per day of their first click in [from, to), those whose visitor id
 * converted a referral at or after that click and before `to`. One lookup per conversion of the window.
 */
export async function visitorConversions(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
): Promise<{ day: string; n: number }[]> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const { rows } = await sql<{ day: string; n: number | string }>`
    select substr(v.first_at, 1, 10) as day, count(*) as n from (
      select y.visitor_id, min(y.first_at) as first_at from (
        select r.visitor_id, (
          select min(c.created_at) from clicks c
          where c.merchant_id = r.merchant_id and c.visitor_id = r.visitor_id
            and c.created_at >= ${from} and c.created_at <= r.converted_at
        ) as first_at
        from referrals r
        where r.merchant_id = ${merchantId} and r.status = 'converted' and r.visitor_id is not null
          and r.converted_at >= ${from} and r.converted_at < ${to}
      ) as y
      group by y.visitor_id
    ) as v
    where v.first_at is not null
    group by substr(v.first_at, 1, 10)`.execute(db);
  return rows.map((r) => ({ day: r.day, n: Number(r.n) }));
}
