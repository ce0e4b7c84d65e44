// GET /v1/feedback (the answers, newest first) and GET /v1/feedback/insights (trend and words).
import { Hono } from 'hono';
import { DAY_MS } from '../clock.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { presentFeedback } from '../present/feedback.ts';
import { listOf } from '../schemas/common.ts';
import {
  FeedbackInsightsQuery,
  FeedbackInsightsSchema,
  FeedbackListQuery,
  FeedbackSchema,
} from '../schemas/feedback.ts';
import { feedbackInsights } from '../services/feedback-insights.ts';
import { listFeedback } from '../store/feedback.ts';
import type { RouteDoc } from './docs.ts';

export const feedbackDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/feedback',
    operationId: 'listFeedback',
    summary: 'Post-purchase answers, newest first, by period, maximum score and segment',
    auth: 'secret',
    tag: 'Feedback',
    query: FeedbackListQuery,
    response: listOf(FeedbackSchema),
  },
  {
    method: 'get',
    path: '/v1/feedback/insights',
    operationId: 'getFeedbackInsights',
    summary: 'NPS per day or month and the most frequent words of the "liked least" answers',
    auth: 'secret',
    tag: 'Feedback',
    query: FeedbackInsightsQuery,
    response: FeedbackInsightsSchema,
  },
];

function checkRange(from: string | undefined, to: string | undefined) {
  if (from && to && Date.parse(from) >= Date.parse(to)) {
    throw new ApiError('invalid_request', 'parameter_invalid', '`from` must be before `to`.', {
      param: 'from',
    });
  }
}

export function feedbackRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = parseQuery(c, FeedbackListQuery);
      checkRange(query.from, query.to);
      const { rows, hasMore } = await listFeedback(deps.db, c.get('merchant').id, {
        limit: query.limit,
        startingAfter: query.starting_after,
        from: query.from && new Date(query.from).toISOString(),
        to: query.to && new Date(query.to).toISOString(),
        scoreMax: query.score_max,
        segment: query.segment,
      });
      return c.json({ object: 'list' as const, data: rows.map(presentFeedback), has_more: hasMore });
    })
    .get('/insights', async (c) => {
      const query = parseQuery(c, FeedbackInsightsQuery);
      checkRange(query.from, query.to);
      const to = query.to ? new Date(query.to) : deps.clock.now();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) checkRange(from.toISOString(), to.toISOString());
      return c.json(await feedbackInsights(deps.db, c.get('merchant').id, { from, to }, query.interval));
    });
}
