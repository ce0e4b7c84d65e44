import { Hono } from 'hono';
import { DAY_MS } from '../clock.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { StatsQuery, StatsSchema } from '../schemas/stats.ts';
import { loadProgram } from '../store/programs.ts';
import { computeStats } from '../store/stats.ts';
import type { RouteDoc } from './docs.ts';

export const statsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/stats',
    operationId: 'getStats',
    summary: 'The flywheel KPIs for a period (default: the last 30 days)',
    auth: 'secret',
    tag: 'Stats',
    query: StatsQuery,
    response: StatsSchema,
  },
];

export function statsRouter(deps: Deps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const query = parseQuery(c, StatsQuery);
    const now = deps.clock.now();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to)
      throw new ApiError('invalid_request', 'parameter_invalid', '`from` must be before `to`.', {
        param: 'from',
      });
    const merchant = c.get('merchant');
    const program = await loadProgram(deps, merchant.id);
    return c.json(await computeStats(deps.db, merchant.id, program, { from, to }, now));
  });
}
