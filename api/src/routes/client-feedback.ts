// POST /v1/client/feedback: the widget's survey answer. Mounted inside the client router, so CORS and
// the publishable key are already checked; the order's own visitor or signed-in customer may answer.
import type { Context } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { verifySession } from '../domain/session.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { FeedbackSchema, FeedbackSubmitSchema } from '../schemas/feedback.ts';
import { prepareFeedback, submitFeedback } from '../services/feedback.ts';
import type { RouteDoc } from './docs.ts';

export const clientFeedbackDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/client/feedback',
    operationId: 'submitClientFeedback',
    summary: 'The post-purchase survey answer for an order (201 stored, 200 the one stored before)',
    auth: 'publishable',
    tag: 'Client',
    body: FeedbackSubmitSchema,
    response: FeedbackSchema,
    status: 201,
    alsoStatus: [200],
    errors: [403, 404, 409, 429],
  },
];

export function postClientFeedback(deps: Deps) {
  return async (c: Context<AppEnv>) => {
    const { session: bodySession, ...input } = await parseBody(c, FeedbackSubmitSchema);
    const merchant = c.get('merchant');
    const token = c.req.header('X-Flywheel-Session') ?? bodySession;
    const claims = token
      ? await verifySession(token, merchant.settings.session_secret, deps.clock.now())
      : null;
    const customerId = claims?.merchantId === merchant.id ? claims.customerId : null;
    const who = {
      visitorId: input.visitor_id ?? (customerId ? (claims?.visitorId ?? null) : null),
      customerId,
    };
    const plan = await prepareFeedback(deps, merchant, input);
    const { feedback, created } = await transact(deps.db, (trx) => submitFeedback(trx, plan, input, who));
    return c.json(feedback, created ? 201 : 200);
  };
}
