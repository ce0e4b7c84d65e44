import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { MerchantCreatedSchema, MerchantCreateSchema } from '../schemas/merchant.ts';
import { createMerchant } from '../store/merchants.ts';
import type { RouteDoc } from './docs.ts';

export const adminDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/admin/v1/merchants',
    operationId: 'createMerchant',
    summary: 'Create a merchant and its keys (the secret key is shown only here)',
    auth: 'admin',
    tag: 'Operator',
    body: MerchantCreateSchema,
    response: MerchantCreatedSchema,
    status: 201,
  },
];

export function adminRouter(deps: Deps) {
  return new Hono<AppEnv>().use('*', requireAdmin(deps)).post('/merchants', async (c) => {
    const input = await parseBody(c, MerchantCreateSchema);
    const merchant = await transact(deps.db, (trx) => createMerchant(trx, input, deps.clock.now()));
    return c.json(
      {
        id: merchant.id,
        object: 'merchant' as const,
        name: merchant.name,
        allowed_origins: merchant.allowed_origins,
        publishable_key: merchant.publishable_key,
        secret_key: merchant.secret_key,
        created_at: merchant.created_at,
      },
      201,
    );
  });
}
