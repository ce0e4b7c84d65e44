import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { newId } from '../ids.ts';
import { presentLedgerEntry } from '../present/customer.ts';
import { LedgerEntrySchema } from '../schemas/customer.ts';
import { PointsAdjustSchema } from '../schemas/points.ts';
import { adjustPoints } from '../services/points-adjust.ts';
import { loadProgram } from '../store/programs.ts';
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
    const entry = await transact(deps.db, (trx) =>
      adjustPoints(
        trx,
        program,
        {
          merchantId: merchant.id,
          customer: input.customer,
          delta: input.delta,
          reason: input.reason,
          cause,
        },
        now,
      ),
    );
    return c.json(presentLedgerEntry(entry));
  });
}
