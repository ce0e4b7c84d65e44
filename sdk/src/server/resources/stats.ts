import type { Stats, StatsParams } from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.stats`: the referral loop's KPIs. */
export class StatsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * KPIs over a period (default: all time): K-factor, organic share, referral ROI, repeat rate, LTV…
   *
   * @example
   * const stats = await fw.stats.get({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
   * console.log(stats.k_factor, stats.referral_roi);
   */
  get(params: StatsParams = {}, options?: RequestOptions): Promise<Stats> {
    return this.#transport.request({ method: 'GET', path: '/v1/stats', query: { ...params }, options });
  }
}
