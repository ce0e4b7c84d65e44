// A shopper's answer to the post-purchase survey: checked against the order it is about, stored once
// per order, announced as `feedback.submitted` in the same transaction.
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { isSurveyedOrder } from '../domain/feedback-sampling.ts';
import { segmentOf } from '../domain/segments.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { presentFeedback } from '../present/feedback.ts';
import type { FeedbackObject, FeedbackSubmit } from '../schemas/feedback.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { findCustomerById, topDecileSpend } from '../store/customers.ts';
import { recordEvent } from '../store/events.ts';
import { findFeedbackForOrder, insertFeedback } from '../store/feedback.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { findOrder } from '../store/orders.ts';
import { loadProgram } from '../store/programs.ts';

export interface Submitter {
  visitorId: string | null;
  /** From a verified session; null for an anonymous visitor. */
  customerId: string | null;
}

/** What is decided before the transaction: that the shop asks for this order's feedback, and the time. */
export interface FeedbackPlan {
  merchantId: string;
  program: ProgramConfig;
  now: Date;
}

export async function prepareFeedback(
  deps: Deps,
  merchant: AuthedMerchant,
  input: FeedbackSubmit,
): Promise<FeedbackPlan> {
  const program = await loadProgram(deps, merchant.id);
  if (!program.feedback.enabled) {
    throw new ApiError('conflict', 'feedback_disabled', 'This shop does not ask for feedback right now.');
  }
  if (!isSurveyedOrder(input.order_id, program.feedback.every_nth_order)) {
    throw new ApiError('conflict', 'feedback_not_requested', 'This order was not asked for feedback.', {
      param: 'order_id',
    });
  }
  return { merchantId: merchant.id, program, now: deps.clock.now() };
}

/**
 * Stores the answer, or returns the one already stored for the order (`created: false`): a double
 * click or a retried request never makes a second answer nor changes the first. Runs inside the
 * caller's transaction.
 */
export async function submitFeedback(
  trx: Executor,
  plan: FeedbackPlan,
  input: FeedbackSubmit,
  who: Submitter,
): Promise<{ feedback: FeedbackObject; created: boolean }> {
  const { merchantId, program, now } = plan;
  const order = await findOrder(trx, merchantId, input.order_id);
  // Only the order's own shopper may answer for it; anyone else learns nothing, not even that it exists.
  const isTheirs =
    order &&
    ((who.customerId !== null && order.customer_id === who.customerId) ||
      (who.visitorId !== null && order.visitor_id === who.visitorId));
  if (!order || !isTheirs) throw notFound('order', 'order_id');

  const existing = await findFeedbackForOrder(trx, merchantId, order.id);
  if (existing) return { feedback: presentFeedback(existing), created: false };

  const customer = await findCustomerById(trx, merchantId, order.customer_id);
  if (!customer) throw notFound('order', 'order_id');
  const segment = segmentOf(
    {
      orders_count: customer.orders_count,
      total_spent: Number(customer.total_spent),
      last_active_at: customer.last_seen_at,
      created_at: customer.created_at,
    },
    program.segments,
    now,
    await topDecileSpend(trx, merchantId),
  );
  const row = {
    id: newId('fbk', now.getTime()),
    merchant_id: merchantId,
    order_id: order.id,
    order_external_id: order.external_id,
    order_created_at: order.created_at,
    customer_id: customer.id,
    score: input.score,
    liked_most: input.liked_most ?? null,
    liked_least: input.liked_least ?? null,
    suggestion: input.suggestion ?? null,
    locale: input.locale ?? null,
    segment,
    referred: customer.referred_by ? 1 : 0,
    created_at: now.toISOString(),
  };
  if (!(await insertFeedback(trx, row))) {
    // A concurrent submission for the same order won the unique index: answer with its row.
    const winner = await findFeedbackForOrder(trx, merchantId, order.id);
    if (!winner) throw new Error('feedback row vanished after a conflict');
    return { feedback: presentFeedback(winner), created: false };
  }
  const feedback = presentFeedback({ ...row, customer_external_id: customer.external_id });
  await recordEvent(
    trx,
    { merchantId, type: 'feedback.submitted', data: feedback, customerId: customer.id },
    now,
  );
  return { feedback, created: true };
}
