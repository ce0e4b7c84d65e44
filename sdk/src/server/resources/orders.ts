import type { Order, OrderCreateParams, OrderListParams, RefundParams } from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.orders`: report paid orders and refunds, and read them back with their attribution and rewards. */
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

  /**
   * The order with this `external_id`, with its attribution and the rewards it caused.
   *
   * @example
   * const order = await fw.orders.get('1001');
   * console.log(order.status, order.rewards.length);
   */
  get(externalId: string, options?: RequestOptions): Promise<Order> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/orders/${encodeURIComponent(externalId)}`,
      options,
    });
  }

  /**
   * Orders, newest first, by customer `external_id`, status and a created range (`created_gte`
   * inclusive, `created_lt` exclusive).
   *
   * @example
   * for await (const order of fw.orders.list({ customer: 'u_42', status: 'paid' })) console.log(order.amount);
   */
  list(params: OrderListParams = {}, options?: RequestOptions): ListRequest<Order> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/orders',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }
}
