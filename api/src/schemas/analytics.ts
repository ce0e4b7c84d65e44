// Shapes of the analytics reads: KPI figures, series, cohorts and critical points (docs/analytics.md).
import * as v from 'valibot';
import { KPI_METRICS, type KpiMetric } from '../domain/kpis.ts';
import { IsoTime } from './common.ts';

const BaseFigure = {
  /** The value; null when there is nothing to divide by — and for money metrics, see `by_currency`. */
  value: v.nullable(v.number()),
  /** Ratios: the two counts (or amounts) divided; these add up across a series' points. */
  numerator: v.optional(v.number()),
  denominator: v.optional(v.number()),
  /** `repurchase_cycle_days`: the quartiles beside the median and the number of gaps measured. */
  p25: v.optional(v.nullable(v.number())),
  p75: v.optional(v.nullable(v.number())),
  count: v.optional(v.number()),
};

export const FigureSchema = v.object({
  ...BaseFigure,
  /** Money metrics: one figure per currency (minor units), never summed across currencies. */
  by_currency: v.optional(v.array(v.object({ currency: v.string(), ...BaseFigure }))),
});

export const KpiFiguresSchema = v.object(
  Object.fromEntries(KPI_METRICS.map((m) => [m, FigureSchema])) as Record<KpiMetric, typeof FigureSchema>,
);

const MetricList = v.pipe(
  v.string(),
  v.check(
    (s) => s.split(',').every((m) => (KPI_METRICS as readonly string[]).includes(m)),
    `must be a comma-separated list of ${KPI_METRICS.join(', ')}`,
  ),
);

export const StatsSeriesQuery = v.object({
  /** Comma-separated metric names (default: all). */
  metrics: v.optional(MetricList),
  interval: v.optional(v.picklist(['day', 'week']), 'day'),
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
});

export const MetricKindSchema = v.picklist(['count', 'ratio', 'money', 'money_ratio', 'quantile']);

export const StatsSeriesSchema = v.object({
  object: v.literal('stats_series'),
  from: IsoTime,
  to: IsoTime,
  interval: v.picklist(['day', 'week']),
  series: v.array(
    v.object({
      metric: v.picklist(KPI_METRICS),
      /** How points relate to `total`: counts and money add up; ratios' numerators and denominators do. */
      kind: MetricKindSchema,
      /** The whole window, computed like each point. */
      total: FigureSchema,
      /** One per UTC day or ISO week (Monday), the first and last clipped to the window; oldest first. */
      points: v.array(v.object({ start: IsoTime, end: IsoTime, ...FigureSchema.entries })),
    }),
  ),
});
export type StatsSeriesObject = v.InferOutput<typeof StatsSeriesSchema>;

export const StatsCohortsQuery = v.object({
  period: v.optional(v.picklist(['week', 'month']), 'month'),
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
});

export const StatsCohortsSchema = v.object({
  object: v.literal('stats_cohorts'),
  period: v.picklist(['week', 'month']),
  /** `from` moved back to the start of its week or month, so every cohort is whole. */
  from: IsoTime,
  to: IsoTime,
  cohorts: v.array(
    v.object({
      /** Start of the week (Monday, UTC) or month of the cohort's first orders. */
      start: IsoTime,
      customers: v.number(),
      /** Offset 0 is the cohort's own period; then each later period that has begun, up to now. */
      periods: v.array(
        v.object({ offset: v.number(), customers: v.number(), share: v.nullable(v.number()) }),
      ),
    }),
  ),
});
export type StatsCohortsObject = v.InferOutput<typeof StatsCohortsSchema>;

export const CriticalPointsSchema = v.object({
  object: v.literal('critical_points'),
  network_effect: v.object({
    reached: v.boolean(),
    since: v.nullable(IsoTime),
    threshold: v.number(),
    /** The last four complete weeks, oldest first. */
    weeks: v.array(
      v.object({
        start: IsoTime,
        new_customers: v.number(),
        referred: v.number(),
        share: v.nullable(v.number()),
      }),
    ),
  }),
  /** One per currency rewards were paid in. */
  scale: v.array(
    v.object({
      currency: v.string(),
      reached: v.boolean(),
      since: v.nullable(IsoTime),
      first_month: v.nullable(v.number()),
      last_30_days: v.nullable(v.number()),
      reduction: v.nullable(v.number()),
      days_held: v.number(),
    }),
  ),
});
export type CriticalPointsObject = v.InferOutput<typeof CriticalPointsSchema>;

export const PointsLiabilitySchema = v.object({
  points: v.number(),
  /** The outstanding points at the program's best redemption rate (null: no option turns points into money). */
  amount: v.nullable(v.number()),
  currency: v.nullable(v.string()),
});

export const CurrencyStatsSchema = v.object({
  currency: v.string(),
  referral_revenue: v.number(),
  reward_cost: v.number(),
  referral_roi: v.nullable(v.number()),
  avg_ltv: v.object({ referred: v.nullable(v.number()), other: v.nullable(v.number()) }),
});
