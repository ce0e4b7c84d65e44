// GET /v1/referrals: who brought whom, by referrer external_id and status.
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseQuery } from '../http/validate.ts';
import { listOf } from '../schemas/common.ts';
import { ReferralListQuery, ReferralSchema } from '../schemas/referral.ts';
import { findCustomer } from '../store/customers.ts';
import { listReferrals, presentReferral } from '../store/referrals.ts';
import type { RouteDoc } from './docs.ts';

export const referralDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/referrals',
    operationId: 'listReferrals',
    summary: 'List referrals, newest first, by referrer external_id and status',
    auth: 'secret',
    tag: 'Referrals',
    query: ReferralListQuery,
    response: listOf(ReferralSchema),
  },
];

export function referralsRouter(deps: Deps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const merchant = c.get('merchant');
    const query = parseQuery(c, ReferralListQuery);
    let referrerId: string | undefined;
    if (query.referrer) {
      const referrer = await findCustomer(deps.db, merchant.id, query.referrer);
      if (!referrer) return c.json({ object: 'list' as const, data: [], has_more: false });
      referrerId = referrer.id;
    }
    const { rows, hasMore } = await listReferrals(deps.db, merchant.id, {
      referrerId,
      status: query.status,
      limit: query.limit,
      startingAfter: query.starting_after,
    });
    return c.json({ object: 'list' as const, data: rows.map(presentReferral), has_more: hasMore });
  });
}
