import { Hono } from 'hono';
import * as v from 'valibot';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { presentCustomer, presentLedgerEntry } from '../present/customer.ts';
import { listOf } from '../schemas/common.ts';
import {
  CustomerListQuery,
  CustomerSchema,
  CustomerUpsertSchema,
  LedgerEntrySchema,
  LedgerQuery,
} from '../schemas/customer.ts';
import { findCustomer, findCustomerById, listCustomers, loadCustomerStats } from '../store/customers.ts';
import { listLedger } from '../store/ledger.ts';
import { loadProgram } from '../store/programs.ts';
import { signUpCustomer } from '../store/sign-up.ts';
import type { RouteDoc } from './docs.ts';
import { presentContext } from './present-context.ts';

const ExternalIdParam = v.object({ external_id: v.string() });

export const customerDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/customers',
    operationId: 'upsertCustomer',
    summary: 'Create or update a customer by external_id (201 created, 200 updated)',
    auth: 'secret',
    tag: 'Customers',
    body: CustomerUpsertSchema,
    response: CustomerSchema,
    status: 201,
    alsoStatus: [200],
  },
  {
    method: 'get',
    path: '/v1/customers',
    operationId: 'listCustomers',
    summary: 'List customers, newest first, optionally by lifecycle segment',
    auth: 'secret',
    tag: 'Customers',
    query: CustomerListQuery,
    response: listOf(CustomerSchema),
  },
  {
    method: 'get',
    path: '/v1/customers/{external_id}',
    operationId: 'getCustomer',
    summary: 'A customer',
    auth: 'secret',
    tag: 'Customers',
    query: ExternalIdParam,
    response: CustomerSchema,
  },
  {
    method: 'get',
    path: '/v1/customers/{external_id}/ledger',
    operationId: 'listCustomerLedger',
    summary: "The customer's points and credit movements, newest first",
    auth: 'secret',
    tag: 'Customers',
    query: LedgerQuery,
    response: listOf(LedgerEntrySchema),
  },
];

export function customersRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const merchant = c.get('merchant');
      const input = await parseBody(c, CustomerUpsertSchema);
      const program = await loadProgram(deps, merchant.id);
      const { customer, created } = await transact(deps.db, (trx) =>
        signUpCustomer(trx, merchant.id, input, deps.clock.now(), program),
      );
      const [stats, ctx] = await Promise.all([
        loadCustomerStats(deps.db, [customer.id]),
        presentContext(deps, merchant),
      ]);
      return c.json(presentCustomer(customer, stats.get(customer.id)!, ctx), created ? 201 : 200);
    })
    .get('/', async (c) => {
      const merchant = c.get('merchant');
      const query = parseQuery(c, CustomerListQuery);
      const ctx = await presentContext(deps, merchant);
      const { rows, hasMore } = await listCustomers(deps.db, merchant.id, {
        limit: query.limit,
        startingAfter: query.starting_after,
        segment: query.segment,
        thresholds: ctx.program.segments,
        now: ctx.now,
        topDecile: ctx.topDecile,
      });
      const stats = await loadCustomerStats(
        deps.db,
        rows.map((r) => r.id),
      );
      return c.json({
        object: 'list' as const,
        data: rows.map((r) => presentCustomer(r, stats.get(r.id)!, ctx)),
        has_more: hasMore,
      });
    })
    .get('/:external_id', async (c) => {
      const merchant = c.get('merchant');
      const key = c.req.param('external_id');
      // Rewards and events name customers by `cus_…` id; that id finds the customer here too.
      const customer =
        (await findCustomer(deps.db, merchant.id, key)) ??
        (key.startsWith('cus_') ? await findCustomerById(deps.db, merchant.id, key) : undefined);
      if (!customer) throw notFound('customer', 'external_id');
      const [stats, ctx] = await Promise.all([
        loadCustomerStats(deps.db, [customer.id]),
        presentContext(deps, merchant),
      ]);
      return c.json(presentCustomer(customer, stats.get(customer.id)!, ctx));
    })
    .get('/:external_id/ledger', async (c) => {
      const merchant = c.get('merchant');
      const query = parseQuery(c, LedgerQuery);
      const customer = await findCustomer(deps.db, merchant.id, c.req.param('external_id'));
      if (!customer) throw notFound('customer', 'external_id');
      const { rows, hasMore } = await listLedger(deps.db, customer.id, {
        limit: query.limit,
        startingAfter: query.starting_after,
        account: query.account,
      });
      return c.json({ object: 'list' as const, data: rows.map(presentLedgerEntry), has_more: hasMore });
    });
}
