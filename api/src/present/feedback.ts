import type { Segment } from '../domain/segments.ts';
import type { FeedbackObject } from '../schemas/feedback.ts';
import type { FeedbackWithCustomer } from '../store/feedback.ts';

export function presentFeedback(row: FeedbackWithCustomer): FeedbackObject {
  return {
    id: row.id,
    object: 'feedback',
    order_id: row.order_external_id,
    customer: row.customer_external_id,
    score: Number(row.score),
    liked_most: row.liked_most,
    liked_least: row.liked_least,
    suggestion: row.suggestion,
    locale: row.locale,
    segment: row.segment as Segment,
    referred: Number(row.referred) === 1,
    created_at: row.created_at,
  };
}
