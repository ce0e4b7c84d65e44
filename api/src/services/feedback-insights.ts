// What the month's review starts from: the NPS trend and the words of the "liked least" answers.

import type * as v from 'valibot';
import type { Executor } from '../db/schema.ts';
import { frequentWords } from '../domain/frequent-words.ts';
import { npsOf } from '../domain/nps.ts';
import type { FeedbackInsightsSchema } from '../schemas/feedback.ts';
import { countScoresByPeriod, likedLeastTexts } from '../store/feedback.ts';

export async function feedbackInsights(
  db: Executor,
  merchantId: string,
  range: { from: Date; to: Date },
  interval: 'day' | 'month',
): Promise<v.InferOutput<typeof FeedbackInsightsSchema>> {
  const period = { from: range.from.toISOString(), to: range.to.toISOString() };
  const [counts, texts] = await Promise.all([
    countScoresByPeriod(db, merchantId, period, interval),
    likedLeastTexts(db, merchantId, period),
  ]);
  const periods = [...new Set(counts.map((c) => c.period))].sort();
  return {
    object: 'feedback_insights',
    from: period.from,
    to: period.to,
    interval,
    trend: periods.map((p) => ({ period: p, ...npsOf(counts.filter((c) => c.period === p)) })),
    liked_least_words: frequentWords(texts),
  };
}
