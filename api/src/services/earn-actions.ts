// Custom ways to earn (a review, a social follow): the merchant's server reports the action, the
// program says what it is worth and how often it pays. Points move through the ledger under the
// customer's lock, keyed by (customer, type, key), so a retry or a second report of one action pays once
// and two reports at once cannot both slip under a cap.
import type { Executor } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { pointsBoost } from '../domain/campaigns.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { EarnActionCreate, EarnActionResult } from '../schemas/earn-action.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { countEntriesOfReason, deltaOfCause } from '../store/customer-points.ts';
import { findCustomer } from '../store/customers.ts';
import { movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { lockCustomer } from './orders.ts';
import { refreshTier } from './tiers.ts';

/** What is decided before the transaction: the program, the rule the action earns by, the time. */
export interface EarnActionPlan {
  merchantId: string;
  program: ProgramConfig;
  rule: ProgramConfig['earn_actions'][number];
  now: Date;
}

export async function prepareEarnAction(
  deps: Deps,
  merchant: AuthedMerchant,
  input: EarnActionCreate,
): Promise<EarnActionPlan> {
  const program = await loadProgram(deps, merchant.id);
  const rule = program.earn_actions.find((a) => a.type === input.type);
  if (!rule) {
    throw new ApiError(
      'invalid_request',
      'unknown_action',
      `The program has no way to earn of type "${input.type}".`,
      {
        param: 'type',
      },
    );
  }
  if (!program.loyalty.enabled)
    throw new ApiError('conflict', 'loyalty_disabled', 'This shop has no points program.');
  return { merchantId: merchant.id, program, rule, now: deps.clock.now() };
}

/** Runs inside the caller's transaction; a refusal throws and so changes nothing. */
export async function recordEarnAction(
  trx: Executor,
  plan: EarnActionPlan,
  externalId: string,
  input: EarnActionCreate,
): Promise<EarnActionResult> {
  const { merchantId, program, rule, now } = plan;
  const reason = `action:${rule.type}`;
  const found = await findCustomer(trx, merchantId, externalId);
  if (!found || found.deleted_at) throw notFound('customer', 'external_id');
  const customer = await lockCustomer(trx, found.id);
  const answer = (status: EarnActionResult['status'], points: number, balance: number): EarnActionResult => ({
    object: 'earn_action',
    customer: externalId,
    type: rule.type,
    key: input.key,
    status,
    points,
    points_balance: balance,
  });
  const causeKey = `action:${customer.id}:${rule.type}:${input.key}`;
  const seen = await deltaOfCause(trx, merchantId, causeKey);
  if (seen !== undefined) return answer('duplicate', seen, Number(customer.points_balance));

  const limit = rule.limit === 'once' ? 1 : rule.per_day;
  const since = rule.limit === 'daily' ? `${now.toISOString().slice(0, 10)}T00:00:00.000Z` : undefined;
  if ((await countEntriesOfReason(trx, customer.id, reason, since)) >= limit) {
    return answer('capped', 0, Number(customer.points_balance));
  }

  const points = Math.floor(rule.points * pointsBoost(program.campaigns, now));
  const entry = await movePoints(
    trx,
    { merchantId, customerId: customer.id, delta: points, reason, causeKey },
    now,
  );
  if (!entry) return answer('duplicate', points, Number(customer.points_balance));
  await refreshTier(trx, program, customer.id, now);
  return answer('awarded', points, Number(entry.balance_after));
}
