import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { OrderCreateSchema, OrderSchema, RefundCreateSchema } from '../schemas/order.ts';
import { prepareOrder, recordOrder } from '../services/orders.ts';
import { prepareRefund, presentRefundedOrder, refundOrder } from '../services/refunds.ts';
import type { RouteDoc } from './docs.ts';

export const orderDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/orders',
    operationId: 'createOrder',
    summary: 'Report a paid order (201; re-posting an external_id returns the stored order with 200)',
    auth: 'secret',
    tag: 'Orders',
    body: OrderCreateSchema,
    response: OrderSchema,
    status: 201,
    alsoStatus: [200],
  },
  {
    method: 'post',
    path: '/v1/orders/{external_id}/refunds',
    operationId: 'refundOrder',
    summary: 'Refund an order in part or in full (default: the rest)',
    auth: 'secret',
    tag: 'Orders',
    body: RefundCreateSchema,
    response: OrderSchema,
  },
];

export function ordersRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const input = await parseBody(c, OrderCreateSchema);
      const prepared = await prepareOrder(deps, c.get('merchant'), input, 'api');
      const { order, created } =
        prepared.existing ?? (await transact(deps.db, (trx) => recordOrder(trx, prepared)));
      return c.json(order, created ? 201 : 200);
    })
    .post('/:external_id/refunds', async (c) => {
      const input = await parseBody(c, RefundCreateSchema);
      const plan = await prepareRefund(deps, c.get('merchant'));
      const externalId = c.req.param('external_id');
      const order = await transact(deps.db, (trx) => refundOrder(trx, plan, externalId, input));
      return c.json(await presentRefundedOrder(deps.db, order));
    });
}
