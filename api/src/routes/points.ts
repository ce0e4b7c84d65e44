import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { MAX_LEDGER_AMOUNT, withinLedgerLimit } from '../domain/points-limit.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { parseBody } from '../http/validate.ts';
import { newId } from '../ids.ts';
import { presentLedgerEntry } from '../present/customer.ts';
import { LedgerEntrySchema } from '../schemas/customer.ts';
import { PointsAdjustSchema } from '../schemas/points.ts';
import { lockCustomer } from '../services/orders.ts';
import { refreshTier } from '../services/tiers.ts';
import { appendLedgerEntry, balanceOf } from '../store/ledger.ts';
import { loadProgram } from '../store/programs.ts';
import { recordPointsChanged } from '../store/rewards.ts';
import type { RouteDoc } from './docs.ts';

export const pointsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/points/adjust',
    operationId: 'adjustPoints',
    errors: [404],
    summary: 'Add or remove points by hand (a balance never goes below zero)',
    auth: 'secret',
    tag: 'Rewards',
    body: PointsAdjustSchema,
    response: LedgerEntrySchema,
  },
];

export function pointsRouter(deps: Deps) {
  return new Hono<AppEnv>().post('/adjust', async (c) => {
    const merchant = c.get('merchant');
    const input = await parseBody(c, PointsAdjustSchema);
    const program = await loadProgram(deps, merchant.id);
    const now = deps.clock.now();
    // The Idempotency-Key, when sent, is the cause: a retried adjustment moves points once.
    const cause = c.req.header('Idempotency-Key') ?? newId('led', now.getTime());
    const entry = await transact(deps.db, async (trx) => {
      const found = await trx
        .selectFrom('customers')
        .select('id')
        .where('merchant_id', '=', merchant.id)
        .where('external_id', '=', input.customer)
        .executeTakeFirst();
      if (!found) throw notFound('customer', 'customer');
      const customer = await lockCustomer(trx, found.id);
      const balance = await balanceOf(trx, customer.id, 'points');
      if (balance + input.delta < 0) {
        throw new ApiError(
          'conflict',
          'insufficient_points',
          `The customer has ${balance} points; cannot remove ${-input.delta}.`,
          {
            param: 'delta',
          },
        );
      }
      if (!withinLedgerLimit(balance, input.delta)) {
        throw new ApiError(
          'invalid_request',
          'points_limit_exceeded',
          `A points balance is limited to ${MAX_LEDGER_AMOUNT}; the customer has ${balance}.`,
          { param: 'delta' },
        );
      }
      const written = await appendLedgerEntry(
        trx,
        {
          merchantId: merchant.id,
          customerId: customer.id,
          account: 'points',
          delta: input.delta,
          reason: input.reason,
          causeKey: `adjust:${cause}`,
        },
        now,
      );
      if (!written)
        throw new ApiError('conflict', 'duplicate_adjustment', 'This adjustment was already applied.');
      await recordPointsChanged(
        trx,
        merchant.id,
        customer.id,
        written.delta,
        written.balance_after,
        input.reason,
        now,
      );
      await refreshTier(trx, program, customer.id, now);
      return written;
    });
    return c.json(presentLedgerEntry(entry));
  });
}
