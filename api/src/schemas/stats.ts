import * as v from 'valibot';
import { SEGMENTS } from '../domain/segments.ts';
import { CurrencyStatsSchema, KpiFiguresSchema, PointsLiabilitySchema } from './analytics.ts';
import { IsoTime } from './common.ts';
import { FeedbackKpisSchema } from './feedback.ts';

export const StatsQuery = v.object({
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
});

const Ratio = v.nullable(v.number());

export const StatsSchema = v.object({
  object: v.literal('stats'),
  from: IsoTime,
  to: IsoTime,
  /**
   * The currency the top-level money figures (`referral_revenue`, `reward_cost`, `referral_roi`,
   * `avg_ltv`) are in: the one most of the period's orders used (null: no orders). They count only
   * amounts in this currency; `by_currency` has every currency's.
   */
  currency: v.nullable(v.string()),
  customers: v.number(),
  new_customers: v.number(),
  referred_customers: v.number(),
  organic_share: Ratio,
  participation_rate: Ratio,
  clicks: v.number(),
  click_to_first_order: Ratio,
  offer_claims: v.number(),
  k_factor: Ratio,
  referral_revenue: v.number(),
  reward_cost: v.number(),
  referral_roi: Ratio,
  repeat_purchase_rate: Ratio,
  avg_ltv: v.object({ referred: v.nullable(v.number()), other: v.nullable(v.number()) }),
  viral_cycle_days: v.nullable(v.number()),
  segments: v.object(
    Object.fromEntries(SEGMENTS.map((s) => [s, v.number()])) as Record<
      (typeof SEGMENTS)[number],
      v.NumberSchema<undefined>
    >,
  ),
  /** The post-purchase survey: response rate and NPS (docs/feedback.md). */
  feedback: FeedbackKpisSchema,
  /** The money figures per currency (sorted by code), never summed across currencies. */
  by_currency: v.array(CurrencyStatsSchema),
  /** Every loop KPI of the period (docs/analytics.md), as `/v1/stats/series` totals them. */
  kpis: KpiFiguresSchema,
  /** Points customers hold now, valued at the program's redemption rate. */
  points_liability: PointsLiabilitySchema,
});
export type StatsObject = v.InferOutput<typeof StatsSchema>;
