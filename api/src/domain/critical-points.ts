// The two critical points of the loop (docs/analytics.md): the network effect — referred customers
// make up at least 60 % of new customers and that share is rising over four weeks — and scale — the
// reward cost per acquired customer has fallen at least 30 % from the first month and held there 30 days.
import { DAY_MS } from '../clock.ts';
import { bucketStart } from './analytics-time.ts';

export const NETWORK_SHARE = 0.6;
export const NETWORK_WEEKS = 4;
export const SCALE_DROP = 0.3;
export const SCALE_DAYS = 30;
const WEEK_MS = 7 * DAY_MS;

export interface NetworkEffect {
  reached: boolean;
  /** When the current run of weeks meeting the condition began (the end of its first week). */
  since: number | null;
  threshold: number;
  /** The last four complete weeks, oldest first. */
  weeks: { start: number; new_customers: number; referred: number; share: number | null }[];
}

/**
 * `newCustomers`: every customer's first order time and whether a referral brought them (or `n` such
 * customers at one time); `now` decides
 * which weeks are complete (the current week is not judged). A week meets the condition when its
 * referred share is ≥ 60 % and above the share three weeks before it (four weeks rising).
 */
export function networkEffect(
  newCustomers: readonly { at: number; referred: boolean; n?: number }[],
  now: number,
): NetworkEffect {
  const current = bucketStart(now, 'week');
  const first = newCustomers.reduce((min, c) => Math.min(min, c.at), current);
  const weeks: NetworkEffect['weeks'] = [];
  for (let start = bucketStart(first, 'week'); start < current; start += WEEK_MS) {
    weeks.push({ start, new_customers: 0, referred: 0, share: null });
  }
  const firstWeek = weeks[0]?.start ?? current;
  for (const c of newCustomers) {
    const week = weeks[Math.round((bucketStart(c.at, 'week') - firstWeek) / WEEK_MS)];
    if (!week) continue;
    week.new_customers += c.n ?? 1;
    if (c.referred) week.referred += c.n ?? 1;
  }
  for (const w of weeks) w.share = w.new_customers > 0 ? w.referred / w.new_customers : null;
  const meets = (i: number) => {
    const now = weeks[i]?.share;
    const before = weeks[i - (NETWORK_WEEKS - 1)]?.share;
    return now != null && before != null && now >= NETWORK_SHARE && now > before;
  };
  let runStart = weeks.length;
  while (runStart > 0 && meets(runStart - 1)) runStart--;
  const reached = runStart < weeks.length;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
  return {
    reached,
    since: reached ? weeks[runStart]!.start + WEEK_MS : null,
    threshold: NETWORK_SHARE,
    weeks: weeks.slice(-NETWORK_WEEKS).map((w) => ({ ...w, share: round(w.share) })),
  };
}

export interface ScalePoint {
  currency: string;
  reached: boolean;
  since: number | null;
  /** Reward cost per acquired customer over the first 30 days with an acquisition (minor units). */
  first_month: number | null;
  /** The same over the 30 complete days up to today. */
  last_30_days: number | null;
  /** 1 − last_30_days / first_month (0.3 = down 30 %). */
  reduction: number | null;
  /** How many consecutive days, up to yesterday, the trailing 30-day figure has been down ≥ 30 %. */
  days_held: number;
}

/**
 * `acquired`: the first-order times of referred customers; `costs`: reward costs in one currency.
 * The first month is the 30 days from the day of the first acquisition. On each complete day after it,
 * the trailing 30-day cost per acquired customer is compared with the first month's.
 */
export function scalePoint(
  currency: string,
  acquired: readonly number[],
  costs: readonly { at: number; amount: number }[],
  now: number,
): ScalePoint {
  const today = bucketStart(now, 'day');
  const empty = {
    currency,
    reached: false,
    since: null,
    first_month: null,
    last_30_days: null,
    reduction: null,
    days_held: 0,
  };
  if (acquired.length === 0) return empty;
  const origin = bucketStart(Math.min(...acquired), 'day');
  const days = Math.max(0, Math.round((today - origin) / DAY_MS));
  const perDay = (items: readonly number[], amounts?: readonly number[]) => {
    const sums = new Array<number>(days).fill(0);
    items.forEach((at, i) => {
      const d = Math.floor((at - origin) / DAY_MS);
      if (d >= 0 && d < days) sums[d]! += amounts ? amounts[i]! : 1;
    });
    return sums;
  };
  const customersByDay = perDay(acquired);
  const costByDay = perDay(
    costs.map((c) => c.at),
    costs.map((c) => c.amount),
  );
  const trailing = (end: number) => {
    let customers = 0;
    let cost = 0;
    for (let d = Math.max(0, end - SCALE_DAYS); d < end; d++) {
      customers += customersByDay[d]!;
      cost += costByDay[d]!;
    }
    return customers > 0 ? cost / customers : null;
  };
  if (days < SCALE_DAYS) return empty;
  const base = trailing(SCALE_DAYS);
  const ok = (end: number) => {
    const value = trailing(end);
    return base !== null && base > 0 && value !== null && value <= base * (1 - SCALE_DROP);
  };
  // Days after the first month whose trailing window no longer overlaps it.
  let held = 0;
  for (let end = days; end >= 2 * SCALE_DAYS && ok(end); end--) held++;
  const latest = trailing(days);
  const reached = held >= SCALE_DAYS;
  return {
    currency,
    reached,
    since: reached ? origin + (days - held + SCALE_DAYS) * DAY_MS : null,
    first_month: base === null ? null : Math.round(base),
    last_30_days: latest === null ? null : Math.round(latest),
    reduction: base && latest !== null ? Math.round((1 - latest / base) * 10_000) / 10_000 : null,
    days_held: held,
  };
}
