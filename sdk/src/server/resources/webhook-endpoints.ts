import type {
  DeliveryListParams,
  ListParams,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
} from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

const path = (id: string) => `/v1/webhook_endpoints/${encodeURIComponent(id)}`;

/** `fw.webhookEndpoints`: where Flywheel sends signed events, and how each delivery went. */
export class WebhookEndpoints {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Registers a URL for events (`events` defaults to `['*']`, every type). The answer carries the
   * signing `secret`, shown only here and by {@link WebhookEndpoints.rotate}: store it.
   *
   * @example
   * const endpoint = await fw.webhookEndpoints.create({
   *   url: 'https://shop.example/webhooks/flywheel',
   *   events: ['reward.issued', 'referral.converted'],
   * });
   * await saveSecret(endpoint.secret!); // whsec_…
   */
  create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#transport.request({ method: 'POST', path: '/v1/webhook_endpoints', body: params, options });
  }

  /**
   * The endpoints, newest first.
   *
   * @example
   * for await (const endpoint of fw.webhookEndpoints.list()) console.log(endpoint.url, endpoint.status);
   */
  list(params: ListParams = {}, options?: RequestOptions): ListRequest<WebhookEndpoint> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/webhook_endpoints',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * One endpoint: its URL, event types, and whether it is enabled (an endpoint that answers 410 Gone
   * is disabled).
   *
   * @example
   * const { status, disabled_reason } = await fw.webhookEndpoints.get('we_01JD…');
   */
  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#transport.request({ method: 'GET', path: path(id), options });
  }

  /**
   * Deletes an endpoint; nothing more is sent to it. Returns it with `deleted: true`.
   *
   * @example
   * await fw.webhookEndpoints.delete('we_01JD…');
   */
  delete(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#transport.request({ method: 'DELETE', path: path(id), options });
  }

  /**
   * Replaces the signing secret and returns the endpoint with the new one. For 24 hours deliveries
   * are signed with both, so receivers can switch without missing any.
   *
   * @example
   * const { secret } = await fw.webhookEndpoints.rotate('we_01JD…');
   */
  rotate(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#transport.request({ method: 'POST', path: `${path(id)}/rotate`, options });
  }

  /**
   * Deliveries to an endpoint, newest first, each with its attempts (status codes, errors, next retry).
   *
   * @example
   * for await (const delivery of fw.webhookEndpoints.deliveries('we_01JD…', { status: 'failed' })) {
   *   console.log(delivery.event_type, delivery.last_status_code, delivery.last_error);
   * }
   */
  deliveries(
    id: string,
    params: DeliveryListParams = {},
    options?: RequestOptions,
  ): ListRequest<WebhookDelivery> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: `${path(id)}/deliveries`,
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * Sends a delivery again now (a failed or a succeeded one).
   *
   * @example
   * await fw.webhookEndpoints.retryDelivery('we_01JD…', 'whd_01JD…');
   */
  retryDelivery(id: string, deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.#transport.request({
      method: 'POST',
      path: `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
      options,
    });
  }
}
