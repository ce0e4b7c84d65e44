// /v1/experiments: A/B tests of offers (docs/experiments.md).
import { Hono } from 'hono';
import { type Trx, transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { ListQuery, listOf } from '../schemas/common.ts';
import {
  ExperimentCreateSchema,
  ExperimentPromoteSchema,
  ExperimentResultsSchema,
  ExperimentSchema,
} from '../schemas/experiment.ts';
import { experimentResults } from '../services/experiment-results.ts';
import {
  createExperiment,
  forgetExperimentState,
  getExperiment,
  presentExperiment,
  promoteVariant,
  startExperiment,
  stopExperiment,
} from '../services/experiments.ts';
import { listExperiments } from '../store/experiments.ts';
import type { RouteDoc } from './docs.ts';

const tag = 'Experiments';
const one = '/v1/experiments/{id}';

export const experimentDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/experiments',
    operationId: 'createExperiment',
    summary: 'Create an experiment (a draft): variants of the offers, their weights, the metric to judge by',
    auth: 'secret',
    tag,
    body: ExperimentCreateSchema,
    response: ExperimentSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/experiments',
    operationId: 'listExperiments',
    summary: 'Experiments, newest first',
    auth: 'secret',
    tag,
    query: ListQuery,
    response: listOf(ExperimentSchema),
  },
  {
    method: 'get',
    path: one,
    operationId: 'getExperiment',
    summary: 'One experiment',
    auth: 'secret',
    tag,
    response: ExperimentSchema,
  },
  {
    method: 'post',
    path: `${one}/start`,
    operationId: 'startExperiment',
    summary:
      'Start a draft: from now on visitors are assigned and shown their variant (one experiment runs at a time)',
    auth: 'secret',
    tag,
    response: ExperimentSchema,
    errors: [409],
  },
  {
    method: 'post',
    path: `${one}/stop`,
    operationId: 'stopExperiment',
    summary: 'Stop a running experiment: everyone sees the program again; results stay readable',
    auth: 'secret',
    tag,
    response: ExperimentSchema,
    errors: [409],
  },
  {
    method: 'post',
    path: `${one}/promote`,
    operationId: 'promoteExperimentVariant',
    summary: "Write a variant's overrides into the program (stopping the experiment if it runs)",
    auth: 'secret',
    tag,
    body: ExperimentPromoteSchema,
    response: ExperimentSchema,
    errors: [409],
  },
  {
    method: 'get',
    path: `${one}/results`,
    operationId: 'getExperimentResults',
    summary:
      'Per-variant exposures, claims, first orders, conversion, money per exposure; fixed-horizon and anytime-valid comparisons; sample-ratio check',
    auth: 'secret',
    tag,
    response: ExperimentResultsSchema,
  },
];

export function experimentsRouter(deps: Deps) {
  /** Runs a change of state, then forgets the cached state whether it committed or not. */
  const changing = async <T>(merchantId: string, work: (trx: Trx) => Promise<T>, program = false) => {
    try {
      return await transact(deps.db, work);
    } finally {
      forgetExperimentState(deps, merchantId, { program });
    }
  };
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const input = await parseBody(c, ExperimentCreateSchema);
      const merchantId = c.get('merchant').id;
      const now = deps.clock.now();
      return c.json(await transact(deps.db, (trx) => createExperiment(trx, merchantId, input, now)), 201);
    })
    .get('/', async (c) => {
      const query = parseQuery(c, ListQuery);
      const { rows, hasMore } = await listExperiments(deps.db, c.get('merchant').id, {
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return c.json({ object: 'list' as const, data: rows.map(presentExperiment), has_more: hasMore });
    })
    .get('/:id', async (c) =>
      c.json(presentExperiment(await getExperiment(deps.db, c.get('merchant').id, c.req.param('id')))),
    )
    .post('/:id/start', async (c) => {
      const merchantId = c.get('merchant').id;
      const now = deps.clock.now();
      return c.json(
        await changing(merchantId, (trx) => startExperiment(trx, merchantId, c.req.param('id'), now)),
      );
    })
    .post('/:id/stop', async (c) => {
      const merchantId = c.get('merchant').id;
      const now = deps.clock.now();
      return c.json(
        await changing(merchantId, (trx) => stopExperiment(trx, merchantId, c.req.param('id'), now)),
      );
    })
    .post('/:id/promote', async (c) => {
      const { variant } = await parseBody(c, ExperimentPromoteSchema);
      const merchantId = c.get('merchant').id;
      const now = deps.clock.now();
      return c.json(
        await changing(
          merchantId,
          (trx) => promoteVariant(trx, merchantId, c.req.param('id'), variant, now),
          true,
        ),
      );
    })
    .get('/:id/results', async (c) =>
      c.json(await experimentResults(deps, c.get('merchant').id, c.req.param('id'))),
    );
}
