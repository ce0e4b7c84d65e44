// Each customer's own buying rhythm: how many days usually pass between their orders, and from that
// when they count as silent and when a repurchase reminder is due.
import { DAY_MS } from '../clock.ts';
import { type Segment, type SegmentThresholds, segmentOf } from './segments.ts';

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Days between consecutive orders (any order of the input times). */
export function orderGapsDays(orderTimes: readonly string[]): number[] {
  const times = orderTimes.map((t) => Date.parse(t)).sort((a, b) => a - b);
  return times.slice(1).map((t, i) => (t - times[i]!) / DAY_MS);
}

/** The median gap between this customer's orders; null with fewer than two orders. */
export function usualIntervalDays(orderTimes: readonly string[]): number | null {
  return median(orderGapsDays(orderTimes));
}

/**
 * The shop's usual interval: the median of every repeat buyer's own usual interval (each buyer counts
 * once, so one frantic buyer does not set the shop's rhythm). Null when nobody has ordered twice.
 */
export function shopIntervalDays(ordersByCustomer: Iterable<readonly string[]>): number | null {
  const intervals: number[] = [];
  for (const times of ordersByCustomer) {
    const own = usualIntervalDays(times);
    if (own !== null) intervals.push(own);
  }
  return median(intervals);
}

/** The customer's interval, else the shop's, else null (nothing to go on). */
export function intervalFor(own: number | null, shop: number | null): number | null {
  return own ?? shop;
}

/** Silent after the longer of the shop's `silent_days` and twice the customer's own usual interval. */
export function silentAfterDays(silentDays: number, ownIntervalDays: number | null): number {
  return Math.max(silentDays, ownIntervalDays === null ? 0 : 2 * ownIntervalDays);
}

/** No order for `silentAfterDays`: a buyer who orders every 80 days is not silent at 100. */
export function isSilent(
  lastOrderAt: string | null,
  silentDays: number,
  ownIntervalDays: number | null,
  now: Date,
): boolean {
  if (lastOrderAt === null) return false;
  return now.getTime() - Date.parse(lastOrderAt) >= silentAfterDays(silentDays, ownIntervalDays) * DAY_MS;
}

/** When the next order is due: the last order plus the usual interval (own, else the shop's). */
export function repurchaseDueAt(lastOrderAt: string | null, intervalDays: number | null): Date | null {
  if (lastOrderAt === null || intervalDays === null || intervalDays <= 0) return null;
  return new Date(Date.parse(lastOrderAt) + intervalDays * DAY_MS);
}

/**
 * The segment automations act on: `segmentOf`, but measured by orders (a shopper who only browses is
 * not re-engaged) and silent only after the customer's own rhythm says so.
 */
export function lifecycleSegmentOf(
  customer: { orders_count: number; total_spent: number; last_order_at: string | null; created_at: string },
  thresholds: SegmentThresholds,
  ownIntervalDays: number | null,
  now: Date,
  topDecileSpend: number | null,
): Segment {
  return segmentOf(
    {
      orders_count: customer.orders_count,
      total_spent: customer.total_spent,
      last_active_at: customer.last_order_at,
      created_at: customer.created_at,
    },
    { ...thresholds, silent_days: silentAfterDays(thresholds.silent_days, ownIntervalDays) },
    now,
    topDecileSpend,
  );
}
