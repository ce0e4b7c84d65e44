import type { Referral, ReferralListParams } from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.referrals`: who brought whom, from the first click to the converting order. */
export class Referrals {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Referrals, newest first, by the referrer's `external_id` and status.
   *
   * @example
   * const { data } = await fw.referrals.list({ referrer: 'u_42', status: 'converted' });
   */
  list(params: ReferralListParams = {}, options?: RequestOptions): ListRequest<Referral> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/referrals',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }
}
