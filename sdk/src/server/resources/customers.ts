import type {
  Customer,
  CustomerDeleted,
  CustomerExport,
  CustomerListParams,
  CustomerUpsertParams,
  EarnActionParams,
  EarnActionResult,
  LedgerEntry,
  LedgerListParams,
} from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.customers`: the merchant's customers, keyed by your own `external_id`. */
export class Customers {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates the customer, or updates the one with this `external_id`.
   *
   * @example
   * const customer = await fw.customers.upsert({ external_id: 'u_42', email: 'ann@example.com', name: 'Ann' });
   * console.log(customer.referral_url);
   */
  upsert(params: CustomerUpsertParams, options?: RequestOptions): Promise<Customer> {
    return this.#transport.request({ method: 'POST', path: '/v1/customers', body: params, options });
  }

  /**
   * The customer with this `external_id`; a FlywheelError with code `resource_missing` when there is none.
   *
   * @example
   * const { points_balance, tier, segment } = await fw.customers.get('u_42');
   */
  get(externalId: string, options?: RequestOptions): Promise<Customer> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/customers/${encodeURIComponent(externalId)}`,
      options,
    });
  }

  /**
   * Customers, newest first, optionally in one lifecycle segment. Await it for one page, or iterate it
   * for all (see {@link ListRequest}).
   *
   * @example
   * for await (const customer of fw.customers.list({ segment: 'silent' })) {
   *   await sendWinBackEmail(customer.email);
   * }
   */
  list(params: CustomerListParams = {}, options?: RequestOptions): ListRequest<Customer> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/customers',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * The customer's points and credit movements, newest first.
   *
   * @example
   * const { data } = await fw.customers.ledger('u_42', { account: 'points', limit: 10 });
   */
  ledger(
    externalId: string,
    params: LedgerListParams = {},
    options?: RequestOptions,
  ): ListRequest<LedgerEntry> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: `/v1/customers/${encodeURIComponent(externalId)}/ledger`,
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * Erases the customer's personal data (email, name, birthday, device hashes) on their request. Their
   * orders, ledger and your statistics stay; the `external_id` is free again. Emits `customer.deleted`.
   *
   * @example
   * await fw.customers.delete('u_42');
   */
  delete(externalId: string, options?: RequestOptions): Promise<CustomerDeleted> {
    return this.#transport.request({
      method: 'DELETE',
      path: `/v1/customers/${encodeURIComponent(externalId)}`,
      options,
    });
  }

  /**
   * Everything Flywheel stores about the customer, for a data access request.
   *
   * @example
   * const data = await fw.customers.export('u_42');
   * console.log(data.orders.length, data.ledger_entries.length);
   */
  export(externalId: string, options?: RequestOptions): Promise<CustomerExport> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/customers/${encodeURIComponent(externalId)}/export`,
      options,
    });
  }

  /**
   * Reports an action that earns points (a review, a follow), as the program's `earn_actions` define
   * it. The same `key` twice earns once (`status: 'duplicate'`); past the limit, `status: 'capped'`.
   *
   * @example
   * const { status, points } = await fw.customers.recordAction('u_42', { type: 'review', key: 'review_881' });
   */
  recordAction(
    externalId: string,
    params: EarnActionParams,
    options?: RequestOptions,
  ): Promise<EarnActionResult> {
    return this.#transport.request({
      method: 'POST',
      path: `/v1/customers/${encodeURIComponent(externalId)}/actions`,
      body: params,
      options,
    });
  }
}
