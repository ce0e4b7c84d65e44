import type { CouponCodesAdded, CouponCodesAddParams, CouponPool } from '../../types.ts';
import type { Page } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.coupons`: your own coupon codes for reward slots (otherwise Flywheel generates them). */
export class Coupons {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Adds codes to a pool: `referrer`, `friend`, `new_customer_offer` or `redemption:<option_id>`. Codes
   * already in the pool are counted as duplicates, not added twice.
   *
   * @example
   * const pool = await fw.coupons.add({ pool: 'friend', codes: ['WELCOME-A1', 'WELCOME-B2'] });
   * console.log(pool.added, pool.duplicates, pool.available);
   */
  add(params: CouponCodesAddParams, options?: RequestOptions): Promise<CouponCodesAdded> {
    return this.#transport.request({ method: 'POST', path: '/v1/coupons', body: params, options });
  }

  /**
   * Every pool with its counts.
   *
   * @example
   * const { data } = await fw.coupons.listPools();
   * for (const pool of data) if (pool.available < 10) console.warn(`pool ${pool.pool} is running low`);
   */
  listPools(options?: RequestOptions): Promise<Page<CouponPool>> {
    return this.#transport.request({ method: 'GET', path: '/v1/coupons', options });
  }
}
