// Retention cohorts: customers grouped by the period of their first order; for each later period, the
// share of the cohort who ordered in it.
import { bucketStart, bucketsBetween, type Interval, nextBucket } from './analytics-time.ts';
import { ratio } from './stats.ts';

export interface Cohort {
  /** Start of the period the cohort's customers first ordered in. */
  start: number;
  size: number;
  /**
   * One entry per period from the cohort's own (offset 0, always 1 when the cohort is not empty) to
   * the last period that has started before `until`: the customers who ordered in it, and their share.
   */
  periods: { offset: number; customers: number; share: number | null }[];
}

/**
 * `customers`: each customer whose first order lies in [from, to), with the times of all their orders
 * before `until` (first order included). Periods are calendar weeks (Monday) or months, UTC.
 */
export function retentionCohorts(
  customers: readonly { firstOrderAt: number; orderTimes: readonly number[] }[],
  period: Exclude<Interval, 'day'>,
  from: number,
  to: number,
  until: number,
): Cohort[] {
  const cohorts = new Map<number, { size: number; active: Map<number, number> }>();
  for (let start = bucketStart(from, period); start < to; start = nextBucket(start, period)) {
    cohorts.set(start, { size: 0, active: new Map() });
  }
  for (const customer of customers) {
    const cohort = cohorts.get(bucketStart(customer.firstOrderAt, period));
    if (!cohort) continue;
    cohort.size++;
    const offsets = new Set(
      customer.orderTimes
        .filter((t) => t < until)
        .map((t) => bucketsBetween(customer.firstOrderAt, t, period)),
    );
    offsets.add(0);
    for (const offset of offsets) cohort.active.set(offset, (cohort.active.get(offset) ?? 0) + 1);
  }
  return [...cohorts].map(([start, { size, active }]) => {
    const periods: Cohort['periods'] = [];
    for (let offset = 0, at = start; at < until; offset++, at = nextBucket(at, period)) {
      const n = active.get(offset) ?? 0;
      periods.push({ offset, customers: n, share: ratio(n, size) });
    }
    return { start, size, periods };
  });
}

/**
 * The same cohorts from counts already grouped (in SQL): `sizes` maps a cohort's period start to its
 * customers, `active` lists, per cohort and later period start, how many of them ordered in it.
 */
export function retentionCohortsFromCounts(
  sizes: ReadonlyMap<number, number>,
  active: readonly { cohort: number; period: number; customers: number }[],
  period: Exclude<Interval, 'day'>,
  from: number,
  to: number,
  until: number,
): Cohort[] {
  const cohorts = new Map<number, { size: number; active: Map<number, number> }>();
  for (let start = bucketStart(from, period); start < to; start = nextBucket(start, period)) {
    const size = sizes.get(start) ?? 0;
    // Offset 0 is the whole cohort: every customer ordered in their first period.
    cohorts.set(start, { size, active: new Map(size > 0 ? [[0, size]] : []) });
  }
  for (const a of active) {
    const cohort = cohorts.get(a.cohort);
    const offset = bucketsBetween(a.cohort, a.period, period);
    if (!cohort || offset === 0) continue;
    cohort.active.set(offset, a.customers);
  }
  return [...cohorts].map(([start, { size, active }]) => {
    const periods: Cohort['periods'] = [];
    for (let offset = 0, at = start; at < until; offset++, at = nextBucket(at, period)) {
      const n = active.get(offset) ?? 0;
      periods.push({ offset, customers: n, share: ratio(n, size) });
    }
    return { start, size, periods };
  });
}
