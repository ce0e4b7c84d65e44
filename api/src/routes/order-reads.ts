// Reading orders back: the list (by customer, status, created range) and one order by external_id.
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { listOf } from '../schemas/common.ts';
import { OrderSchema } from '../schemas/order.ts';
import { OrderListQuery } from '../schemas/order-list.ts';
import { findCustomer } from '../store/customers.ts';
import { listOrders, presentOrders } from '../store/order-list.ts';
import { findOrder } from '../store/orders.ts';
import type { RouteDoc } from './docs.ts';

export const orderReadDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/orders',
    operationId: 'listOrders',
    summary: 'List orders, newest first, by customer external_id, status and created range',
    auth: 'secret',
    tag: 'Orders',
    query: OrderListQuery,
    response: listOf(OrderSchema),
  },
  {
    method: 'get',
    path: '/v1/orders/{external_id}',
    operationId: 'getOrder',
    summary: 'An order, with its attribution and the rewards it caused',
    auth: 'secret',
    tag: 'Orders',
    response: OrderSchema,
  },
];

export function orderReadsRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const merchant = c.get('merchant');
      const query = parseQuery(c, OrderListQuery);
      let customerId: string | undefined;
      if (query.customer) {
        const customer = await findCustomer(deps.db, merchant.id, query.customer);
        if (!customer) return c.json({ object: 'list' as const, data: [], has_more: false });
        customerId = customer.id;
      }
      const { rows, hasMore } = await listOrders(deps.db, merchant.id, {
        customerId,
        status: query.status,
        createdGte: query.created_gte,
        createdLt: query.created_lt,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return c.json({ object: 'list' as const, data: await presentOrders(deps.db, rows), has_more: hasMore });
    })
    .get('/:external_id', async (c) => {
      const order = await findOrder(deps.db, c.get('merchant').id, c.req.param('external_id'));
      if (!order) throw notFound('order', 'external_id');
      const [presented] = await presentOrders(deps.db, [order]);
      return c.json(presented!);
    });
}
