// Calendar buckets for the analytics: UTC days, ISO weeks (Monday first) and calendar months.
import { DAY_MS } from '../clock.ts';

export type Interval = 'day' | 'week' | 'month';

/** The start of the bucket holding `at` (UTC). */
export function bucketStart(at: number, interval: Interval): number {
  const d = new Date(at);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (interval === 'day') return day;
  if (interval === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, interval: Interval): number {
  if (interval === 'day') return start + DAY_MS;
  if (interval === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The buckets covering [from, to): the first and last are clipped to the window, so every instant of
 * the window lies in exactly one bucket and per-bucket counts add up to the window's.
 */
export function windowBuckets(
  from: number,
  to: number,
  interval: Interval,
): { start: number; end: number }[] {
  const buckets: { start: number; end: number }[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(nextBucket(bucketStart(start, interval), interval), to);
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** How many whole buckets lie between the bucket of `first` and the bucket of `later` (0: the same). */
export function bucketsBetween(first: number, later: number, interval: Interval): number {
  const a = bucketStart(first, interval);
  const b = bucketStart(later, interval);
  if (interval === 'month') {
    const x = new Date(a);
    const y = new Date(b);
    return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + y.getUTCMonth() - x.getUTCMonth();
  }
  return Math.round((b - a) / (interval === 'day' ? DAY_MS : 7 * DAY_MS));
}
