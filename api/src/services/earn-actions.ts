// Custom ways to earn (a review, a social follow): the merchant's server reports the action, the
// program says what it is worth and how often it pays. Points move through the ledger under the
// customer's lock, keyed by (customer, type, key), so a retry or a second report of one action pays once
// and two reports at once cannot both slip under a cap.
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { pointsBoost } from '../domain/campaigns.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { EarnActionCreate, EarnActionResult } from '../schemas/earn-action.ts';
import { findCustomer } from '../store/customers.ts';
import { movePoints } from '../store/ledger.ts';
import type { AuthedMerchant } from '../store/merchants.ts';
import { loadProgram } from '../store/programs.ts';
import { lockCustomer } from './orders.ts';
import { refreshTier } from './tiers.ts';

export async function recordEarnAction(
  deps: Deps,
  merchant: AuthedMerchant,
  externalId: string,
  input: EarnActionCreate,
): Promise<EarnActionResult> {
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
  const now = deps.clock.now();
  const reason = `action:${rule.type}`;

  return transact(deps.db, async (trx) => {
    const found = await findCustomer(trx, merchant.id, externalId);
    if (!found || found.deleted_at) throw notFound('customer', 'external_id');
    const customer = await lockCustomer(trx, found.id);
    const answer = (
      status: EarnActionResult['status'],
      points: number,
      balance: number,
    ): EarnActionResult => ({
      object: 'earn_action',
      customer: externalId,
      type: rule.type,
      key: input.key,
      status,
      points,
      points_balance: balance,
    });
    const causeKey = `action:${customer.id}:${rule.type}:${input.key}`;
    const seen = await trx
      .selectFrom('ledger_entries')
      .select('delta')
      .where('merchant_id', '=', merchant.id)
      .where('cause_key', '=', causeKey)
      .executeTakeFirst();
    if (seen) return answer('duplicate', Number(seen.delta), Number(customer.points_balance));

    let earlier = trx
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customer.id)
      .where('reason', '=', reason);
    const limit = rule.limit === 'once' ? 1 : rule.per_day;
    if (rule.limit === 'daily')
      earlier = earlier.where('created_at', '>=', `${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
    if (Number((await earlier.executeTakeFirstOrThrow()).n) >= limit) {
      return answer('capped', 0, Number(customer.points_balance));
    }

    const points = Math.floor(rule.points * pointsBoost(program.campaigns, now));
    const entry = await movePoints(
      trx,
      { merchantId: merchant.id, customerId: customer.id, delta: points, reason, causeKey },
      now,
    );
    if (!entry) return answer('duplicate', points, Number(customer.points_balance));
    await refreshTier(trx, program, customer.id, now);
    return answer('awarded', points, Number(entry.balance_after));
  });
}
