import type { Order, OrderCreateParams, RefundParams } from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.orders`: report paid orders and refunds; attribution and rewards follow from them. */
export class Orders {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Reports a paid order. Amounts are integer minor units. An unknown customer is created; posting the
   * same `external_id` again returns the recorded order and changes nothing.
   *
   * @example
   * const order = await fw.orders.create({
   *   external_id: '1001',
   *   customer: { external_id: 'u_42', email: 'ann@example.com' },
   *   amount: 4999,
   *   currency: 'USD',
   *   coupon_codes: ['FLY-7K2Q9X'],
   * });
   * if (order.attribution && 'referrer' in order.attribution) console.log('referred by', order.attribution.referrer);
   */
  create(params: OrderCreateParams, options?: RequestOptions): Promise<Order> {
    return this.#transport.request({ method: 'POST', path: '/v1/orders', body: params, options });
  }

  /**
   * Refunds part of an order (`amount`) or the rest of it (no amount). Rewards it caused are voided
   * inside the hold, reversed after it.
   *
   * @example
   * const order = await fw.orders.refund('1001', { amount: 1000 });
   * console.log(order.status); // 'partially_refunded'
   */
  refund(externalId: string, params: RefundParams = {}, options?: RequestOptions): Promise<Order> {
    return this.#transport.request({
      method: 'POST',
      path: `/v1/orders/${encodeURIComponent(externalId)}/refunds`,
      body: params,
      options,
    });
  }
}
