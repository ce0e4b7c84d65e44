import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { listOf } from '../schemas/common.ts';
import { CouponPoolSchema, CouponUploadResultSchema, CouponUploadSchema } from '../schemas/coupon.ts';
import { addCodesToPool, poolCounts } from '../store/coupons.ts';
import type { RouteDoc } from './docs.ts';

export const couponDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/coupons',
    operationId: 'addCouponCodes',
    summary: 'Upload codes to the pool that serves a reward slot (each code is issued at most once)',
    auth: 'secret',
    tag: 'Coupons',
    body: CouponUploadSchema,
    response: CouponUploadResultSchema,
  },
  {
    method: 'get',
    path: '/v1/coupons',
    operationId: 'listCouponPools',
    summary: 'The uploaded pools with their counts',
    auth: 'secret',
    tag: 'Coupons',
    response: listOf(CouponPoolSchema),
  },
];

const emptyPool = (pool: string) => ({ pool, total: 0, issued: 0, redeemed: 0, available: 0 });

export function couponsRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const merchant = c.get('merchant');
      const input = await parseBody(c, CouponUploadSchema);
      const result = await transact(deps.db, async (trx) => {
        const counts = await addCodesToPool(trx, merchant.id, input.pool, input.codes, deps.clock.now());
        const [pool] = await poolCounts(trx, merchant.id, input.pool);
        return { ...counts, ...(pool ?? emptyPool(input.pool)) };
      });
      return c.json({ object: 'coupon_pool' as const, ...result });
    })
    .get('/', async (c) => {
      const pools = await poolCounts(deps.db, c.get('merchant').id);
      return c.json({
        object: 'list' as const,
        data: pools.map((p) => ({ object: 'coupon_pool' as const, ...p })),
        has_more: false,
      });
    });
}
