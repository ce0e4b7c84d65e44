import { Hono } from 'hono';
import * as v from 'valibot';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { deepMerge } from '../domain/program.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody, validate } from '../http/validate.ts';
import {
  type ProgramConfig,
  ProgramConfigSchema,
  ProgramSchema,
  ProgramUpdateSchema,
} from '../schemas/program.ts';
import { readProgram, saveProgram } from '../store/programs.ts';
import type { RouteDoc } from './docs.ts';

export const programDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/program',
    operationId: 'getProgram',
    summary: 'The program',
    auth: 'secret',
    tag: 'Program',
    response: ProgramSchema,
  },
  {
    method: 'put',
    path: '/v1/program',
    operationId: 'updateProgram',
    summary: 'Update any part of the program (deep-merged, then validated whole)',
    auth: 'secret',
    tag: 'Program',
    body: v.partial(ProgramConfigSchema),
    response: ProgramSchema,
  },
];

const present = (program: ProgramConfig) => ({ object: 'program' as const, ...program });

export function programRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(present(await readProgram(deps.db, c.get('merchant').id))))
    .put('/', async (c) => {
      const merchantId = c.get('merchant').id;
      const { object: _object, ...patch } = await parseBody(c, ProgramUpdateSchema);
      const program = await transact(deps.db, async (trx) => {
        const current = await readProgram(trx, merchantId);
        const next = validate(ProgramConfigSchema, deepMerge(current, patch));
        await saveProgram(trx, merchantId, next, deps.clock.now());
        return next;
      });
      deps.cache.invalidateProgram(merchantId);
      return c.json(present(program));
    });
}
