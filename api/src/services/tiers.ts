// Tiers follow what the customer earned (points, never reduced by spending them on a reward) or spent
// (orders less refunds, in the tier currency), over the program's rolling window or a lifetime. Up at
// once; down after the grace period; a reward on first entering a tier; `tier.changed` on every change.
import type { Executor } from '../db/schema.ts';
import { decideTier, qualifyingTier, tierRank } from '../domain/tiers.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { recordEvent } from '../store/events.ts';
import { createReward } from '../store/rewards.ts';
import { storeTier, type TierFacts, tierFacts } from '../store/tiers.ts';

// Read by the customer's state and the loyalty progress as the tiers' measure.
export { lifetimePoints, type TierFacts } from '../store/tiers.ts';

/** What counts toward the next tier, for the widget's progress bar. */
export async function qualifyingAmount(trx: Executor, program: ProgramConfig, customerId: string, now: Date) {
  return (await tierFacts(trx, program, customerId, now)).amount;
}

export async function refreshTier(
  trx: Executor,
  program: ProgramConfig,
  customerId: string,
  now: Date,
  /** The facts, when the caller knows them without asking (a customer created in its transaction). */
  known?: TierFacts,
): Promise<string | null> {
  const loyalty = program.loyalty;
  const facts = known ?? (await tierFacts(trx, program, customerId, now));
  const decision = decideTier(
    { tier: facts.tier, belowSince: facts.tier_below_since },
    qualifyingTier(facts.amount, loyalty),
    loyalty,
    now,
  );
  if (decision.tier === facts.tier && decision.belowSince === facts.tier_below_since) return facts.tier;
  await storeTier(trx, customerId, decision.tier, decision.belowSince);
  if (decision.tier === facts.tier) return facts.tier;

  const up = tierRank(decision.tier, loyalty.tiers) > tierRank(facts.tier, loyalty.tiers);
  await recordEvent(
    trx,
    {
      merchantId: facts.merchant_id,
      type: 'tier.changed',
      customerId,
      data: {
        customer: customerId,
        tier: decision.tier,
        previous: facts.tier,
        direction: up ? 'up' : 'down',
      },
    },
    now,
  );
  const entered = loyalty.tiers.find((t) => t.name === decision.tier);
  if (up && entered?.entry_reward) {
    // Keyed by customer and tier: dropping out and climbing back does not pay the perk twice.
    await createReward(
      trx,
      {
        merchantId: facts.merchant_id,
        customerId,
        source: 'tier',
        value: entered.entry_reward,
        causeKey: `tier:${customerId}:${entered.name}`,
        holdDays: 0,
        pool: `tier:${entered.name}`,
      },
      program,
      now,
    );
  }
  return decision.tier;
}
