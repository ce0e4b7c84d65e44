// What the Earn tab tells an identified shopper about their loyalty standing: when points expire next
// (in either expiry mode) and how far the next tier is on the program's own basis and window — the
// same measures the expiry job and the tier decision use, so the widget never promises otherwise.
import type { Executor } from '../db/schema.ts';
import { idleExpiryAt } from '../domain/automations.ts';
import { nextBatchExpiry, remainingBatches } from '../domain/points-batches.ts';
import { thresholdOf } from '../domain/tiers.ts';
import type { ClientLifecycle } from '../schemas/lifecycle.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { idleExpiryFacts } from '../store/customer-points.ts';
import { pointsMovementsOf } from '../store/points-batches.ts';
import { qualifyingAmount } from './tiers.ts';

type Progress = Pick<ClientLifecycle, 'points_expiring' | 'tier_progress'>;

export async function loyaltyProgress(
  db: Executor,
  program: ProgramConfig,
  customerId: string,
  now: Date,
): Promise<Progress> {
  const loyalty = program.loyalty;
  if (!loyalty.enabled) return { points_expiring: null, tier_progress: null };
  return {
    points_expiring: await pointsExpiring(db, program, customerId, now),
    tier_progress: loyalty.tiers.length === 0 ? null : await tierProgress(db, program, customerId, now),
  };
}

async function pointsExpiring(db: Executor, program: ProgramConfig, customerId: string, now: Date) {
  const days = program.loyalty.points_expiry_days;
  if (days === null) return null;
  if (program.loyalty.points_expiry_mode === 'batch') {
    const movements = (await pointsMovementsOf(db, [customerId])).get(customerId) ?? [];
    const next = nextBatchExpiry(remainingBatches(movements, days), now);
    return next ? { points: next.points, at: next.at.toISOString(), mode: 'batch' as const } : null;
  }
  const facts = await idleExpiryFacts(db, customerId);
  const balance = facts.points_balance;
  const at = idleExpiryAt(facts.last_active_at, facts.last_points_at, days);
  return balance > 0 && at ? { points: balance, at: at.toISOString(), mode: 'idle' as const } : null;
}

async function tierProgress(db: Executor, program: ProgramConfig, customerId: string, now: Date) {
  const loyalty = program.loyalty;
  const amount = await qualifyingAmount(db, program, customerId, now);
  const next = loyalty.tiers.find(
    (t) => Number.isFinite(thresholdOf(t, loyalty.tier_basis)) && thresholdOf(t, loyalty.tier_basis) > amount,
  );
  return {
    basis: loyalty.tier_basis,
    amount,
    currency: loyalty.tier_basis === 'spend' ? loyalty.tier_currency : null,
    window_months: loyalty.tier_window_months,
    next: next ? { name: next.name, threshold: thresholdOf(next, loyalty.tier_basis) } : null,
  };
}
