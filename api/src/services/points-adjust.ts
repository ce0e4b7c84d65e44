// A merchant's hand adjustment of a customer's points: checked against the balance under the
// customer's lock, moved through the ledger with its event, and the tier brought up to date.
import type { Executor, LedgerEntry } from '../db/schema.ts';
import { MAX_LEDGER_AMOUNT, withinLedgerLimit } from '../domain/points-limit.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { findCustomer } from '../store/customers.ts';
import { movePoints } from '../store/ledger.ts';
import { lockCustomer } from './orders.ts';
import { refreshTier } from './tiers.ts';

export interface PointsAdjustment {
  merchantId: string;
  /** The customer's external id. */
  customer: string;
  delta: number;
  reason: string;
  /** Unique per adjustment: a retry with the same cause moves nothing. */
  cause: string;
}

/** Runs inside the caller's transaction; a refusal throws and so changes nothing. */
export async function adjustPoints(
  trx: Executor,
  program: ProgramConfig,
  adjustment: PointsAdjustment,
  now: Date,
): Promise<LedgerEntry> {
  const found = await findCustomer(trx, adjustment.merchantId, adjustment.customer);
  if (!found) throw notFound('customer', 'customer');
  const customer = await lockCustomer(trx, found.id);
  const balance = Number(customer.points_balance);
  if (balance + adjustment.delta < 0) {
    throw new ApiError(
      'conflict',
      'insufficient_points',
      `The customer has ${balance} points; cannot remove ${-adjustment.delta}.`,
      { param: 'delta' },
    );
  }
  if (!withinLedgerLimit(balance, adjustment.delta)) {
    throw new ApiError(
      'invalid_request',
      'points_limit_exceeded',
      `A points balance is limited to ${MAX_LEDGER_AMOUNT}; the customer has ${balance}.`,
      { param: 'delta' },
    );
  }
  const entry = await movePoints(
    trx,
    {
      merchantId: adjustment.merchantId,
      customerId: customer.id,
      delta: adjustment.delta,
      reason: adjustment.reason,
      causeKey: `adjust:${adjustment.cause}`,
    },
    now,
  );
  if (!entry) throw new ApiError('conflict', 'duplicate_adjustment', 'This adjustment was already applied.');
  await refreshTier(trx, program, customer.id, now);
  return entry;
}
