import { Hono } from 'hono';
import { DAY_MS } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { bucketStart, windowBuckets } from '../domain/analytics-time.ts';
import { KPI_METRICS, type KpiMetric } from '../domain/kpis.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { AlertEpisodeListSchema } from '../schemas/alerts.ts';
import {
  CriticalPointsSchema,
  StatsCohortsQuery,
  StatsCohortsSchema,
  StatsSeriesQuery,
  StatsSeriesSchema,
} from '../schemas/analytics.ts';
import { StatsFunnelQuery, StatsFunnelSchema } from '../schemas/funnel.ts';
import { StatsQuery, StatsSchema } from '../schemas/stats.ts';
import { criticalPoints, kpiCohorts, kpiFunnel, kpiSeries } from '../services/analytics.ts';
import { type AlertEpisode, listEpisodes } from '../store/alert-episodes.ts';
import { topDecileSpend } from '../store/customers.ts';
import { ensureHistoryDays, ensureKpiDays } from '../store/kpi-days.ts';
import { loadProgram } from '../store/programs.ts';
import { computeStats } from '../store/stats.ts';
import type { RouteDoc } from './docs.ts';

/** A series longer than this many points is refused: a year and a month of days, or of weeks eight years. */
const MAX_POINTS = 400;
/** Cohorts are followed up to now: from `from`, at most this many periods (10 years of months). */
const MAX_COHORT_PERIODS = 120;

export const statsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/stats',
    operationId: 'getStats',
    summary: 'The flywheel KPIs for a period (default: the last 30 days)',
    auth: 'secret',
    tag: 'Stats',
    query: StatsQuery,
    response: StatsSchema,
  },
  {
    method: 'get',
    path: '/v1/stats/series',
    operationId: 'getStatsSeries',
    summary:
      'Each loop KPI per day or week of a period (default: the last 30 days); points add up to the totals',
    auth: 'secret',
    tag: 'Stats',
    query: StatsSeriesQuery,
    response: StatsSeriesSchema,
  },
  {
    method: 'get',
    path: '/v1/stats/cohorts',
    operationId: 'getStatsCohorts',
    summary: 'Retention cohorts by first-order week or month (default: the last 6 months or 12 weeks)',
    auth: 'secret',
    tag: 'Stats',
    query: StatsCohortsQuery,
    response: StatsCohortsSchema,
  },
  {
    method: 'get',
    path: '/v1/stats/funnel',
    operationId: 'getStatsFunnel',
    summary:
      'The loop funnel of a period (default: the last 30 days): click, offer claim, first order, second order, becomes a referrer',
    auth: 'secret',
    tag: 'Stats',
    query: StatsFunnelQuery,
    response: StatsFunnelSchema,
  },
  {
    method: 'get',
    path: '/v1/stats/critical-points',
    operationId: 'getCriticalPoints',
    summary: 'Whether the loop has reached its critical points (network effect, scale), with the numbers',
    auth: 'secret',
    tag: 'Stats',
    response: CriticalPointsSchema,
  },
  {
    method: 'get',
    path: '/v1/stats/alerts',
    operationId: 'listAlertEpisodes',
    summary: 'KPI alert episodes: open ones first, then the latest resolved',
    auth: 'secret',
    tag: 'Stats',
    response: AlertEpisodeListSchema,
  },
];

/** The period asked for: `to` defaults to now, `from` to `defaultDays` before `to`. */
function period(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
  defaultDays: number,
) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * DAY_MS);
  if (from >= to)
    throw new ApiError('invalid_request', 'parameter_invalid', '`from` must be before `to`.', {
      param: 'from',
    });
  return { from, to };
}

export function statsRouter(deps: Deps) {
  // The analytics read many rows: off the event loop when the runtime offers a read connection.
  const reads = deps.analyticsDb ?? deps.db;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = parseQuery(c, StatsQuery);
      const now = deps.clock.now();
      const range = period(query, now, 30);
      const merchant = c.get('merchant');
      const program = await loadProgram(deps, merchant.id);
      // The period's days, and every day since the first order: lifetime spend adds them all up.
      await ensureKpiDays(deps.db, merchant.id, range, now, reads);
      await ensureHistoryDays(deps.db, merchant.id, now, reads);
      // As for a customer's segment elsewhere (present-context.ts): a minute-old figure is exact enough.
      const topDecile = deps.cache.remember(`top-decile:${merchant.id}`, 60_000, () =>
        topDecileSpend(reads, merchant.id),
      );
      return c.json(await computeStats(reads, merchant.id, program, range, now, topDecile));
    })
    .get('/series', async (c) => {
      const query = parseQuery(c, StatsSeriesQuery);
      const now = deps.clock.now();
      const range = period(query, now, 30);
      if (windowBuckets(range.from.getTime(), range.to.getTime(), query.interval).length > MAX_POINTS)
        throw new ApiError(
          'invalid_request',
          'parameter_invalid',
          `The period holds more than ${MAX_POINTS} ${query.interval}s; ask for a shorter one or weeks.`,
          { param: 'from' },
        );
      const metrics = query.metrics ? [...new Set(query.metrics.split(','))] : KPI_METRICS;
      const merchant = c.get('merchant');
      const program = await loadProgram(deps, merchant.id);
      await ensureKpiDays(deps.db, merchant.id, range, now, reads);
      return c.json(
        await kpiSeries(
          reads,
          merchant.id,
          program,
          { ...range, interval: query.interval, metrics: metrics as KpiMetric[] },
          now,
        ),
      );
    })
    .get('/cohorts', async (c) => {
      const query = parseQuery(c, StatsCohortsQuery);
      const now = deps.clock.now();
      const range = period(query, now, query.period === 'month' ? 183 : 84);
      // Whole periods only: a cohort cut at `from` would look smaller than it is.
      const from = new Date(bucketStart(range.from.getTime(), query.period));
      const followed = windowBuckets(
        from.getTime(),
        Math.max(range.to.getTime(), now.getTime()),
        query.period,
      );
      if (followed.length > MAX_COHORT_PERIODS)
        throw new ApiError(
          'invalid_request',
          'parameter_invalid',
          `Cohorts are followed for at most ${MAX_COHORT_PERIODS} ${query.period}s; start later.`,
          { param: 'from' },
        );
      const merchant = c.get('merchant');
      return c.json(await kpiCohorts(reads, merchant.id, { from, to: range.to, period: query.period }, now));
    })
    .get('/funnel', async (c) => {
      const range = period(parseQuery(c, StatsFunnelQuery), deps.clock.now(), 30);
      return c.json(await kpiFunnel(reads, c.get('merchant').id, range));
    })
    .get('/critical-points', async (c) => {
      const merchant = c.get('merchant');
      const program = await loadProgram(deps, merchant.id);
      const now = deps.clock.now();
      await ensureHistoryDays(deps.db, merchant.id, now, reads);
      return c.json(await criticalPoints(reads, merchant.id, program, now));
    })
    .get('/alerts', async (c) => {
      const episodes = await listEpisodes(reads, c.get('merchant').id, 101);
      return c.json({
        object: 'list' as const,
        data: episodes.slice(0, 100).map(presentEpisode),
        has_more: episodes.length > 100,
      });
    });
}

function presentEpisode(e: AlertEpisode) {
  return {
    id: e.id,
    object: 'alert_episode' as const,
    metric: e.metric,
    op: e.op,
    value: Number(e.threshold),
    days: e.days,
    status: e.resolved_at === null ? ('open' as const) : ('resolved' as const),
    triggered_day: e.triggered_day,
    resolved_day: e.resolved_day,
    triggered_at: e.triggered_at,
    resolved_at: e.resolved_at,
  };
}
