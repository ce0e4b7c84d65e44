// The feedback KPIs of /v1/stats: response rate and NPS, overall, per lifecycle segment, and referred
// customers against the others. Two grouped queries and the period's order ids; NPS math is domain/nps.

import type { Executor } from '../db/schema.ts';
import { isSurveyedOrder } from '../domain/feedback-sampling.ts';
import { npsOf } from '../domain/nps.ts';
import { SEGMENTS, type Segment } from '../domain/segments.ts';
import { ratio } from '../domain/stats.ts';
import type { FeedbackKpis } from '../schemas/feedback.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { countAnsweredOrders, countScores, orderIdsPlaced } from './feedback.ts';

export async function feedbackKpis(
  db: Executor,
  merchantId: string,
  program: ProgramConfig,
  range: { from: Date; to: Date },
  /** `asked[n - 1]`: the period's orders sampled at one in n, when the caller has them (daily rollups). */
  askedByNth?: readonly number[],
): Promise<FeedbackKpis> {
  const period = { from: range.from.toISOString(), to: range.to.toISOString() };
  const everyNth = program.feedback.every_nth_order;
  const known = askedByNth?.[Math.max(1, everyNth) - 1];
  const [scores, answered, orderIds] = await Promise.all([
    countScores(db, merchantId, period),
    countAnsweredOrders(db, merchantId, period),
    known === undefined ? orderIdsPlaced(db, merchantId, period) : [],
  ]);
  // Asked orders follow today's sampling setting: a period before a change of `every_nth_order` is
  // judged by the new one (docs/feedback.md).
  const asked = known ?? orderIds.filter((id) => isSurveyedOrder(id, everyNth)).length;
  const bySegment = Object.fromEntries(
    SEGMENTS.map((segment) => [segment, npsOf(scores.filter((s) => s.segment === segment))]),
  ) as Record<Segment, ReturnType<typeof npsOf>>;
  return {
    asked_orders: asked,
    response_rate: ratio(Math.min(answered, asked), asked),
    ...npsOf(scores),
    by_segment: bySegment,
    referred: npsOf(scores.filter((s) => s.referred === 1)),
    other: npsOf(scores.filter((s) => s.referred !== 1)),
  };
}
