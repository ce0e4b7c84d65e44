// Lifecycle segments are computed, never hand-set. Each customer is in exactly one,
// decided in this order:
//   new        no order yet
//   silent     ordered before, but no activity for `silent_days` (the win-back list)
//   high_value `high_value_orders` or more orders, or spend in the merchant's top decile
//   active     a repeat buyer seen or ordering within `active_days`
//   purchased  everyone else who ordered: mostly one-time buyers, the "second order" audience
import { DAY_MS } from '../clock.ts';

export const SEGMENTS = ['new', 'active', 'purchased', 'high_value', 'silent'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface SegmentThresholds {
  active_days: number;
  silent_days: number;
  high_value_orders: number;
}

export interface SegmentFacts {
  orders_count: number;
  total_spent: number;
  /** The later of the last order and the last time the shopper was seen. */
  last_active_at: string | null;
  created_at: string;
}

/** Minimum buyers before "top decile of spend" means anything. */
export const TOP_DECILE_MIN_BUYERS = 10;

/** `topDecileSpend`: spend at this merchant's 90th percentile of buyers, or null with too few buyers. */
export function segmentOf(
  facts: SegmentFacts,
  thresholds: SegmentThresholds,
  now: Date,
  topDecileSpend: number | null,
): Segment {
  if (facts.orders_count === 0) return 'new';
  const idleDays = (now.getTime() - Date.parse(facts.last_active_at ?? facts.created_at)) / DAY_MS;
  if (idleDays >= thresholds.silent_days) return 'silent';
  if (
    facts.orders_count >= thresholds.high_value_orders ||
    (topDecileSpend !== null && facts.total_spent >= topDecileSpend)
  ) {
    return 'high_value';
  }
  if (facts.orders_count >= 2 && idleDays <= thresholds.active_days) return 'active';
  return 'purchased';
}

/** The cut-off timestamps a SQL filter needs to select one segment the same way. */
export function segmentCutoffs(thresholds: SegmentThresholds, now: Date) {
  return {
    silentBefore: new Date(now.getTime() - thresholds.silent_days * DAY_MS).toISOString(),
    activeSince: new Date(now.getTime() - thresholds.active_days * DAY_MS).toISOString(),
  };
}
