import type {
  CriticalPoints,
  Stats,
  StatsCohorts,
  StatsCohortsParams,
  StatsFunnel,
  StatsFunnelParams,
  StatsParams,
  StatsSeries,
  StatsSeriesParams,
} from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.stats`: the referral loop's KPIs. */
export class StatsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * KPIs over a period (default: the last 30 days): K-factor, organic share, referral ROI, repeat rate,
   * LTV, money per currency (`by_currency`) and every loop KPI (`kpis`).
   *
   * @example
   * const stats = await fw.stats.get({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
   * console.log(stats.k_factor, stats.referral_roi);
   */
  get(params: StatsParams = {}, options?: RequestOptions): Promise<Stats> {
    return this.#transport.request({ method: 'GET', path: '/v1/stats', query: { ...params }, options });
  }

  /**
   * Each KPI per day or week of a period; the points add up to `total`.
   *
   * @example
   * const { series } = await fw.stats.series({ metrics: ['orders', 'revenue'], interval: 'week' });
   */
  series(params: StatsSeriesParams = {}, options?: RequestOptions): Promise<StatsSeries> {
    const { metrics, ...rest } = params;
    return this.#transport.request({
      method: 'GET',
      path: '/v1/stats/series',
      query: { ...rest, ...(metrics ? { metrics: metrics.join(',') } : {}) },
      options,
    });
  }

  /**
   * Retention cohorts: customers by first-order week or month, and the share who ordered in each later one.
   *
   * @example
   * const { cohorts } = await fw.stats.cohorts({ period: 'month' });
   */
  cohorts(params: StatsCohortsParams = {}, options?: RequestOptions): Promise<StatsCohorts> {
    return this.#transport.request({
      method: 'GET',
      path: '/v1/stats/cohorts',
      query: { ...params },
      options,
    });
  }

  /**
   * The loop funnel of a period: click, offer claim, first order, second order, becomes a referrer.
   *
   * @example
   * const { stages } = await fw.stats.funnel({ from: '2026-11-01T00:00:00Z' });
   */
  funnel(params: StatsFunnelParams = {}, options?: RequestOptions): Promise<StatsFunnel> {
    return this.#transport.request({
      method: 'GET',
      path: '/v1/stats/funnel',
      query: { ...params },
      options,
    });
  }

  /** Whether the loop has reached its critical points (network effect, scale), with the numbers and since when. */
  criticalPoints(options?: RequestOptions): Promise<CriticalPoints> {
    return this.#transport.request({ method: 'GET', path: '/v1/stats/critical-points', options });
  }
}
