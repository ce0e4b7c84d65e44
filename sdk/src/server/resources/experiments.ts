import type {
  Experiment,
  ExperimentCreateParams,
  ExperimentListParams,
  ExperimentResults,
  HoldoutResults,
} from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.experiments`: A/B tests of the offers, with results a merchant may read every day. */
export class Experiments {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates a draft. The first variant is the control; `overrides` may set the referral rewards, the
   * new-customer offer and texts.
   *
   * @example
   * const test = await fw.experiments.create({
   *   name: '$10 or $20 for the friend',
   *   variants: [
   *     { key: 'control', weight: 50 },
   *     { key: 'twenty', weight: 50, overrides: { referral: { friend_reward: { type: 'amount_off', amount: 2000, currency: 'USD' } } } },
   *   ],
   * });
   * await fw.experiments.start(test.id);
   */
  create(params: ExperimentCreateParams, options?: RequestOptions): Promise<Experiment> {
    return this.#transport.request({ method: 'POST', path: '/v1/experiments', body: params, options });
  }

  /** Experiments, newest first. */
  list(params: ExperimentListParams = {}, options?: RequestOptions): ListRequest<Experiment> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/experiments',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Experiment> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/experiments/${encodeURIComponent(id)}`,
      options,
    });
  }

  /** Starts a draft; one experiment runs at a time. */
  start(id: string, options?: RequestOptions): Promise<Experiment> {
    return this.#action(id, 'start', undefined, options);
  }

  stop(id: string, options?: RequestOptions): Promise<Experiment> {
    return this.#action(id, 'stop', undefined, options);
  }

  /** Writes the variant's overrides into the program (and stops the experiment if it runs). */
  promote(id: string, variant: string, options?: RequestOptions): Promise<Experiment> {
    return this.#action(id, 'promote', { variant }, options);
  }

  /**
   * Per-variant conversion with intervals, the fixed-horizon and the anytime-valid comparison, and
   * the sample-ratio check.
   *
   * @example
   * const results = await fw.experiments.results(test.id);
   * for (const c of results.comparisons) console.log(c.variant, c.difference, c.sequential.significant);
   */
  results(id: string, options?: RequestOptions): Promise<ExperimentResults> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/experiments/${encodeURIComponent(id)}/results`,
      options,
    });
  }

  /**
   * What the program adds for new customers: repeat-purchase rate and revenue per buyer, members
   * against the holdout set in `program.holdout`.
   */
  holdout(options?: RequestOptions): Promise<HoldoutResults> {
    return this.#transport.request({ method: 'GET', path: '/v1/holdout', options });
  }

  #action(id: string, action: string, body: unknown, options?: RequestOptions): Promise<Experiment> {
    return this.#transport.request({
      method: 'POST',
      path: `/v1/experiments/${encodeURIComponent(id)}/${action}`,
      ...(body ? { body } : {}),
      options,
    });
  }
}
