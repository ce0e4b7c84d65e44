import type { Feedback, FeedbackInsights, FeedbackInsightsParams, FeedbackListParams } from '../../types.ts';
import { ListRequest } from '../pagination.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.feedback`: what customers answered to the post-purchase survey. */
export class FeedbackResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Answers, newest first; `score_max: 6` keeps the detractors, `segment` one lifecycle segment.
   *
   * @example
   * for await (const answer of fw.feedback.list({ from: '2026-11-01T00:00:00Z', score_max: 6 })) {
   *   console.log(answer.score, answer.liked_least);
   * }
   */
  list(params: FeedbackListParams = {}, options?: RequestOptions): ListRequest<Feedback> {
    return new ListRequest(
      (startingAfter) =>
        this.#transport.request({
          method: 'GET',
          path: '/v1/feedback',
          query: { ...params, starting_after: startingAfter },
          options,
        }),
      params.starting_after,
    );
  }

  /**
   * NPS per month (or day) and the most frequent words of the "liked least" answers of a period.
   *
   * @example
   * const { trend, liked_least_words } = await fw.feedback.insights({ from: '2026-06-01T00:00:00Z' });
   */
  insights(params: FeedbackInsightsParams = {}, options?: RequestOptions): Promise<FeedbackInsights> {
    return this.#transport.request({
      method: 'GET',
      path: '/v1/feedback/insights',
      query: { ...params },
      options,
    });
  }
}
