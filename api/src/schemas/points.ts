import * as v from 'valibot';
import { MAX_LEDGER_AMOUNT } from '../domain/points-limit.ts';
import { ExternalId, ListQuery } from './common.ts';
import { RewardStatus } from './reward.ts';

export const PointsAdjustSchema = v.object({
  customer: ExternalId,
  delta: v.pipe(
    v.number(),
    v.safeInteger('must be a whole number of points'),
    v.check((n) => n !== 0, 'must not be zero'),
    v.check(
      (n) => Math.abs(n) <= MAX_LEDGER_AMOUNT,
      `must be at most ${MAX_LEDGER_AMOUNT} points either way`,
    ),
  ),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
});

export const RewardListQuery = v.object({
  ...ListQuery.entries,
  customer: v.optional(ExternalId),
  status: v.optional(RewardStatus),
});

export const RewardVoidSchema = v.object({
  reason: v.optional(v.pipe(v.string(), v.maxLength(200)), 'voided_by_merchant'),
});
