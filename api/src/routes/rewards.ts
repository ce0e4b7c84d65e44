import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { listOf } from '../schemas/common.ts';
import { RewardListQuery, RewardVoidSchema } from '../schemas/points.ts';
import { RewardSchema } from '../schemas/reward.ts';
import { approveReward, voidRewardById } from '../services/reward-review.ts';
import { findCustomer } from '../store/customers.ts';
import { loadProgram } from '../store/programs.ts';
import { listRewards, presentReward } from '../store/rewards.ts';
import type { RouteDoc } from './docs.ts';

export const rewardDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/rewards',
    operationId: 'listRewards',
    summary: 'List rewards, newest first, by customer external_id and status',
    auth: 'secret',
    tag: 'Rewards',
    query: RewardListQuery,
    response: listOf(RewardSchema),
  },
  {
    method: 'post',
    path: '/v1/rewards/{id}/approve',
    operationId: 'approveReward',
    summary: 'Approve a reward held for review; it is issued once its hold has passed',
    auth: 'secret',
    tag: 'Rewards',
    response: RewardSchema,
  },
  {
    method: 'post',
    path: '/v1/rewards/{id}/void',
    operationId: 'voidReward',
    summary: 'Void a pending or issued reward (points and credit are reversed, coupons revoked)',
    auth: 'secret',
    tag: 'Rewards',
    body: RewardVoidSchema,
    response: RewardSchema,
  },
];

export function rewardsRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const merchant = c.get('merchant');
      const query = parseQuery(c, RewardListQuery);
      let customerId: string | undefined;
      if (query.customer) {
        const customer = await findCustomer(deps.db, merchant.id, query.customer);
        if (!customer) return c.json({ object: 'list' as const, data: [], has_more: false });
        customerId = customer.id;
      }
      const { rows, hasMore } = await listRewards(deps.db, merchant.id, {
        customerId,
        status: query.status,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return c.json({ object: 'list' as const, data: rows.map(presentReward), has_more: hasMore });
    })
    .post('/:id/approve', async (c) => {
      const merchant = c.get('merchant');
      const program = await loadProgram(deps, merchant.id);
      const now = deps.clock.now();
      const reward = await transact(deps.db, (trx) =>
        approveReward(trx, program, merchant.id, c.req.param('id'), now),
      );
      return c.json(presentReward(reward));
    })
    .post('/:id/void', async (c) => {
      const merchant = c.get('merchant');
      const { reason } = await parseBody(c, RewardVoidSchema);
      const reward = await transact(deps.db, (trx) =>
        voidRewardById(trx, merchant.id, c.req.param('id'), reason, deps.clock.now()),
      );
      return c.json(presentReward(reward));
    });
}
