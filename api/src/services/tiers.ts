// Tiers follow what the customer earned (points, never reduced by spending them on a reward) or spent
// (orders less refunds, in the tier currency), over the program's rolling window or a lifetime. Up at
// once; down after the grace period; a reward on first entering a tier; `tier.changed` on every change.
import { sql } from 'kysely';
import type { Executor } from '../db/schema.ts';
import { decideTier, qualifyingTier, tierRank, tierWindowStart } from '../domain/tiers.ts';
import type { ProgramConfig } from '../schemas/program.ts';
import { recordEvent } from '../store/events.ts';
import { createReward } from '../store/rewards.ts';

const SPENDING_REASONS = ['redemption', 'expiry'];

/** Points earned less what refunds and voids took back, since `since` (null: ever). */
export async function lifetimePoints(trx: Executor, customerId: string, since: string | null = null) {
  let query = trx
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.val(0)).as('points'))
    .where('customer_id', '=', customerId)
    .where('account', '=', 'points')
    .where('reason', 'not in', SPENDING_REASONS);
  if (since !== null) query = query.where('created_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.points);
}

/** What the tiers measure for a customer, with their stored tier state. */
export interface TierFacts {
  merchant_id: string;
  tier: string | null;
  tier_below_since: string | null;
  amount: number;
}

/** What the tiers measure for this customer now, with the stored tier state — one statement. */
async function tierFacts(
  trx: Executor,
  program: ProgramConfig,
  customerId: string,
  now: Date,
): Promise<TierFacts> {
  const loyalty = program.loyalty;
  const since = tierWindowStart(now, loyalty.tier_window_months);
  const amount =
    loyalty.tier_basis === 'spend'
      ? sql<number>`(select coalesce(sum(amount - refunded_amount), 0) from orders where orders.customer_id = customers.id and orders.currency = ${loyalty.tier_currency}${since === null ? sql`` : sql` and orders.created_at >= ${since}`})`
      : sql<number>`(select coalesce(sum(delta), 0) from ledger_entries where ledger_entries.customer_id = customers.id and ledger_entries.account = 'points' and ledger_entries.reason not in ('redemption', 'expiry')${since === null ? sql`` : sql` and ledger_entries.created_at >= ${since}`})`;
  const row = await trx
    .selectFrom('customers')
    .select(['merchant_id', 'tier', 'tier_below_since', amount.as('amount')])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { ...row, amount: Number(row.amount) };
}

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
  await trx
    .updateTable('customers')
    .set({ tier: decision.tier, tier_below_since: decision.belowSince })
    .where('id', '=', customerId)
    .execute();
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
