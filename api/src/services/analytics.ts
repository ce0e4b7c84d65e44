// The analytics reads: KPI series over a window, retention cohorts, and the critical points.
import type { Executor } from '../db/schema.ts';
import { type Interval, windowBuckets } from '../domain/analytics-time.ts';
import { retentionCohortsFromCounts } from '../domain/cohorts.ts';
import { networkEffect, scalePoint } from '../domain/critical-points.ts';
import { funnelStages } from '../domain/funnel.ts';
import { sliceFacts } from '../domain/kpi-facts.ts';
import { computeKpis, type KpiMetric, METRIC_KINDS } from '../domain/kpis.ts';
import { pointValue } from '../domain/point-value.ts';
import type { CriticalPointsObject, StatsCohortsObject, StatsSeriesObject } from '../schemas/analytics.ts';
import type { StatsFunnelObject } from '../schemas/funnel.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { funnelCounts } from '../store/funnel.ts';
import { windowDayFacts } from '../store/kpi-days.ts';
import { gatherKpiFacts } from '../store/kpi-facts.ts';
import { cohortCounts, firstOrdersByDay } from '../store/kpi-history.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export async function kpiSeries(
  db: Executor,
  merchantId: string,
  program: ProgramConfig,
  window: { from: Date; to: Date; interval: Exclude<Interval, 'month'>; metrics: readonly KpiMetric[] },
  now: Date,
): Promise<StatsSeriesObject> {
  const facts = await gatherKpiFacts(
    db,
    merchantId,
    window,
    pointValue(program.loyalty.redemption_options),
    now,
  );
  const from = window.from.getTime();
  const to = window.to.getTime();
  const total = computeKpis(facts);
  const buckets = windowBuckets(from, to, window.interval).map((b) => ({
    ...b,
    kpis: computeKpis(sliceFacts(facts, b.start, b.end)),
  }));
  return {
    object: 'stats_series',
    from: iso(from),
    to: iso(to),
    interval: window.interval,
    series: window.metrics.map((metric) => ({
      metric,
      kind: METRIC_KINDS[metric],
      total: total[metric],
      points: buckets.map((b) => ({ start: iso(b.start), end: iso(b.end), ...b.kpis[metric] })),
    })),
  };
}

export async function kpiCohorts(
  db: Executor,
  merchantId: string,
  window: { from: Date; to: Date; period: 'week' | 'month' },
  now: Date,
): Promise<StatsCohortsObject> {
  const counts = await cohortCounts(db, merchantId, window, window.period, now);
  const cohorts = retentionCohortsFromCounts(
    counts.sizes,
    counts.active,
    window.period,
    window.from.getTime(),
    window.to.getTime(),
    now.getTime(),
  );
  return {
    object: 'stats_cohorts',
    period: window.period,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    cohorts: cohorts.map((c) => ({ start: iso(c.start), customers: c.size, periods: c.periods })),
  };
}

export async function criticalPoints(
  db: Executor,
  merchantId: string,
  program: ProgramConfig,
  now: Date,
): Promise<CriticalPointsObject> {
  const customers = await firstOrdersByDay(db, merchantId);
  const network = networkEffect(customers, now.getTime());
  const acquired = customers.filter((c) => c.referred).flatMap((c) => Array<number>(c.n).fill(c.at));
  // Reward costs per day since the first customer: closed days from their rollups.
  const since = customers.reduce((min, c) => Math.min(min, c.at), now.getTime());
  const costs = (
    await windowDayFacts(
      db,
      merchantId,
      { from: new Date(since), to: now },
      pointValue(program.loyalty.redemption_options),
      now,
      false,
    )
  ).rewards.flatMap((r) =>
    r.currency === null ? [] : [{ at: r.at, amount: r.amount, currency: r.currency }],
  );
  const currencies = [...new Set(costs.map((c) => c.currency))].sort();
  return {
    object: 'critical_points',
    network_effect: {
      ...network,
      since: network.since === null ? null : iso(network.since),
      weeks: network.weeks.map((w) => ({ ...w, start: iso(w.start) })),
    },
    scale: currencies.map((currency) => {
      const point = scalePoint(
        currency,
        acquired,
        costs.filter((c) => c.currency === currency),
        now.getTime(),
      );
      return { ...point, since: point.since === null ? null : iso(point.since) };
    }),
  };
}

/** The loop's funnel for a period: click → claim → first order → second order → becomes a referrer. */
export async function kpiFunnel(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
): Promise<StatsFunnelObject> {
  return {
    object: 'stats_funnel',
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    stages: funnelStages(await funnelCounts(db, merchantId, range)),
  };
}
