// A person's rights over their data (GDPR): erase (DELETE) and export (GET …/export).
import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { erasedEmailMarker } from '../domain/email.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { presentCustomer, presentLedgerEntry } from '../present/customer.ts';
import { presentFeedback } from '../present/feedback.ts';
import { CustomerDeletedSchema, CustomerExportSchema } from '../schemas/customer-data.ts';
import { customerRecords, eraseCustomer } from '../store/customer-data.ts';
import { findCustomer, loadCustomerStats } from '../store/customers.ts';
import { presentOrders } from '../store/order-list.ts';
import { presentReferral } from '../store/referrals.ts';
import { presentReward } from '../store/rewards.ts';
import type { RouteDoc } from './docs.ts';
import { presentContext } from './present-context.ts';

export const customerDataDocs: RouteDoc[] = [
  {
    method: 'delete',
    path: '/v1/customers/{external_id}',
    operationId: 'deleteCustomer',
    summary:
      'Erase a customer’s personal data (email, name, birthday, device hashes); sums and statistics stay',
    auth: 'secret',
    tag: 'Customers',
    response: CustomerDeletedSchema,
  },
  {
    method: 'get',
    path: '/v1/customers/{external_id}/export',
    operationId: 'exportCustomer',
    summary: 'Everything stored about a customer, in one document',
    auth: 'secret',
    tag: 'Customers',
    response: CustomerExportSchema,
  },
];

export function customerDataRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .delete('/:external_id', async (c) => {
      const merchant = c.get('merchant');
      const externalId = c.req.param('external_id');
      const id = await transact(deps.db, async (trx) => {
        const customer = await findCustomer(trx, merchant.id, externalId);
        if (!customer) throw notFound('customer', 'external_id');
        const marker = customer.email_normalized
          ? await erasedEmailMarker(merchant.settings.session_secret, customer.email_normalized)
          : null;
        await eraseCustomer(trx, customer, marker, deps.clock.now());
        return customer.id;
      });
      return c.json({ id, object: 'customer' as const, external_id: externalId, deleted: true as const });
    })
    .get('/:external_id/export', async (c) => {
      const merchant = c.get('merchant');
      const customer = await findCustomer(deps.db, merchant.id, c.req.param('external_id'));
      if (!customer) throw notFound('customer', 'external_id');
      const [stats, ctx, records] = await Promise.all([
        loadCustomerStats(deps.db, [customer.id]),
        presentContext(deps, merchant),
        customerRecords(deps.db, customer),
      ]);
      return c.json({
        object: 'customer_export' as const,
        exported_at: deps.clock.now().toISOString(),
        customer: presentCustomer(customer, stats.get(customer.id)!, ctx),
        orders: await presentOrders(deps.db, records.orders),
        rewards: records.rewards.map(presentReward),
        ledger_entries: records.ledger.map(presentLedgerEntry),
        referrals: records.referrals.map(presentReferral),
        visitors: records.visitors,
        shares: records.shares,
        offer_claims: records.claims,
        feedback: records.feedback.map(presentFeedback),
      });
    });
}
