// KPI alerts in the program, and the episodes they open (docs/analytics.md).
import * as v from 'valibot';
import { KPI_METRICS, METRIC_KINDS } from '../domain/kpis.ts';
import { IsoTime, listOf, PositiveInt } from './common.ts';

/** Metrics an alert can watch: one number per day (money metrics have one per currency, so none of them). */
export const ALERT_METRICS = KPI_METRICS.filter((m) => !METRIC_KINDS[m].startsWith('money'));

export const AlertRuleSchema = v.strictObject({
  metric: v.picklist(ALERT_METRICS),
  op: v.picklist(['below', 'above']),
  /** Ratios are fractions (0.6 = 60 %); counts are counts; `repurchase_cycle_days` is days. */
  value: v.pipe(v.number(), v.finite()),
  /** Complete UTC days running the threshold must be crossed before the alert fires. */
  days: v.optional(v.pipe(PositiveInt, v.maxValue(90)), 3),
});

export const AlertsSchema = v.pipe(v.array(AlertRuleSchema), v.maxLength(20));

export const AlertEpisodeSchema = v.object({
  id: v.string(),
  object: v.literal('alert_episode'),
  metric: v.picklist(ALERT_METRICS),
  op: v.picklist(['below', 'above']),
  value: v.number(),
  days: v.number(),
  status: v.picklist(['open', 'resolved']),
  /** The last of the breaching days that opened the episode (UTC day, YYYY-MM-DD). */
  triggered_day: v.string(),
  /** The first day back on the right side of the threshold. */
  resolved_day: v.nullable(v.string()),
  triggered_at: IsoTime,
  resolved_at: v.nullable(IsoTime),
});

/** Open episodes first, then the latest resolved ones (at most 100 in all). */
export const AlertEpisodeListSchema = listOf(AlertEpisodeSchema);
