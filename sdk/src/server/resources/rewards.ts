import type { Reward, RewardListParams, RewardVoidParams } from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.rewards`: what customers earned; approve the flagged ones, void the undeserved. */
export class Rewards {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Rewards, newest first, filtered by customer `external_id` and status.
   *
   * @example
   * for await (const reward of fw.rewards.list({ status: 'pending' })) {
   *   if (reward.flags.length > 0) console.log('review', reward.id, reward.flags);
   * }
   */
  list(params: RewardListParams = {}, options?: RequestOptions): ListRequest<Reward> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/rewards',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * Approves a pending reward held for review (fraud flags); it is issued at once if its hold has
   * passed, otherwise when it does.
   *
   * @example
   * const reward = await fw.rewards.approve('rwd_01JD…');
   */
  approve(id: string, options?: RequestOptions): Promise<Reward> {
    return this.#transport.request({
      method: 'POST',
      path: `/v1/rewards/${encodeURIComponent(id)}/approve`,
      options,
    });
  }

  /**
   * Voids a pending or issued reward for good: points and credit are reversed, a coupon is revoked.
   * A redeemed reward cannot be voided (409 `reward_redeemed`).
   *
   * @example
   * const reward = await fw.rewards.void('rwd_01JD…', { reason: 'order_cancelled' });
   * console.log(reward.status); // 'voided'
   */
  void(id: string, params: RewardVoidParams = {}, options?: RequestOptions): Promise<Reward> {
    return this.#transport.request({
      method: 'POST',
      path: `/v1/rewards/${encodeURIComponent(id)}/void`,
      body: params,
      options,
    });
  }
}
