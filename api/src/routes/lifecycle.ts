// Lifecycle routes: custom ways to earn reported by the merchant's server, and the automations in
// force with how each performs (the dashboard's Automations page). Rules themselves are edited as
// part of the program (`PUT /v1/program` → `automations`).
import { Hono } from 'hono';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { defaultRules, effectiveRules } from '../domain/automations.ts';
import type { AppEnv } from '../http/env.ts';
import { parseBody } from '../http/validate.ts';
import { EarnActionCreateSchema, EarnActionResultSchema } from '../schemas/earn-action.ts';
import { AutomationListSchema } from '../schemas/lifecycle.ts';
import { prepareEarnAction, recordEarnAction } from '../services/earn-actions.ts';
import { firingCounts } from '../store/automations.ts';
import { loadProgram } from '../store/programs.ts';
import type { RouteDoc } from './docs.ts';

export const lifecycleDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/customers/{external_id}/actions',
    operationId: 'recordEarnAction',
    summary: 'Report an action that earns points (a review, a follow) as the program’s earn_actions define',
    auth: 'secret',
    tag: 'Rewards',
    body: EarnActionCreateSchema,
    response: EarnActionResultSchema,
    errors: [409],
  },
  {
    method: 'get',
    path: '/v1/automations',
    operationId: 'listAutomations',
    summary: 'The automation rules (built-in and your own) with fired, shown and converted counts',
    auth: 'secret',
    tag: 'Program',
    response: AutomationListSchema,
  },
];

export function earnActionsRouter(deps: Deps) {
  return new Hono<AppEnv>().post('/:external_id/actions', async (c) => {
    const input = await parseBody(c, EarnActionCreateSchema);
    const plan = await prepareEarnAction(deps, c.get('merchant'), input);
    const externalId = c.req.param('external_id');
    return c.json(await transact(deps.db, (trx) => recordEarnAction(trx, plan, externalId, input)));
  });
}

export function automationsRouter(deps: Deps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const merchant = c.get('merchant');
    const { automations } = await loadProgram(deps, merchant.id);
    const counts = await firingCounts(deps.db, merchant.id);
    const active = new Set(effectiveRules(automations).map((r) => r.id));
    const own = new Set(automations.rules.map((r) => r.id));
    const everyDefault = defaultRules({
      ...automations,
      defaults: {
        day7_nudge: true,
        repurchase_reminder: true,
        vip_perk: true,
        win_back: true,
        points_expiring: true,
      },
    });
    const rules = [
      ...everyDefault
        .filter((r) => !own.has(r.id))
        .map((r) => ({ ...r, enabled: active.has(r.id), default: true })),
      ...automations.rules.map((r) => ({ ...r, default: false })),
    ];
    const data = rules.map((r) => ({
      object: 'automation' as const,
      ...r,
      active: active.has(r.id),
      ...(counts.get(r.id) ?? { fired: 0, shown: 0, converted: 0 }),
    }));
    return c.json({ object: 'list' as const, data });
  });
}
