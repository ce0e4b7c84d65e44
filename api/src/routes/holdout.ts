// GET /v1/holdout: the program's incrementality, measured against its holdout (docs/experiments.md).
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { HoldoutResultsSchema } from '../schemas/holdout.ts';
import { holdoutResults } from '../services/holdout-results.ts';
import type { RouteDoc } from './docs.ts';

export const holdoutDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/holdout',
    operationId: 'getHoldoutResults',
    summary:
      'Repeat-purchase rate and revenue per new buyer, program against holdout, with 95 % intervals for what the program adds',
    auth: 'secret',
    tag: 'Experiments',
    response: HoldoutResultsSchema,
  },
];

export function holdoutRouter(deps: Deps) {
  return new Hono<AppEnv>().get('/', async (c) => c.json(await holdoutResults(deps, c.get('merchant').id)));
}
