// GET /v1/experiments/{id}/results: the facts from the store, the statistics from the domain.
import { DAY_MS } from '../clock.ts';
import { readJson } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { applyOverrides } from '../domain/experiment-overrides.ts';
import { experimentReport, type VariantCounts } from '../domain/experiment-report.ts';
import { centsPerPoint, rewardCost } from '../domain/stats.ts';
import type { ExperimentResults } from '../schemas/experiment.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { experimentFacts } from '../store/experiment-results.ts';
import { loadProgram } from '../store/programs.ts';
import { getExperiment } from './experiments.ts';

/** The currency most of the exposed orders use: money is never summed across currencies. */
function mainCurrency(orders: readonly { currency: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.currency, (counts.get(o.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

export async function experimentResults(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<ExperimentResults> {
  const experiment = await getExperiment(deps.db, merchantId, id);
  const now = deps.clock.now();
  const until = experiment.stopped_at ?? now.toISOString();
  const program = await loadProgram(deps, merchantId);
  const facts = await experimentFacts(deps.db, merchantId, id, until);
  const currency = mainCurrency(facts.orders);
  const perPoint = centsPerPoint(program.loyalty.redemption_options);

  const variants: VariantCounts[] = experiment.variants.map((variant) => {
    const mine = <T extends { variant: string }>(rows: readonly T[]) =>
      rows.filter((r) => r.variant === variant.key && (!('currency' in r) || r.currency === currency));
    const orders = mine(facts.orders);
    const offer = applyOverrides(program, variant.overrides).new_customer_offer.reward;
    const friendRewards = mine(facts.rewards).filter((r) => r.source === 'referral_friend');
    const rewardSpend =
      mine(facts.rewards).reduce(
        (sum, r) =>
          sum +
          rewardCost(
            readJson<RewardValue>(r.reward, { type: 'points', points: 0 }),
            r.order_amount,
            perPoint,
          ),
        0,
      ) +
      mine(facts.offerRedemptions).reduce((sum, r) => sum + rewardCost(offer, r.order_amount, perPoint), 0);
    return {
      key: variant.key,
      weight: variant.weight,
      exposures: facts.exposures.get(variant.key) ?? 0,
      claims: facts.claims.get(variant.key) ?? 0,
      shares: facts.shares.get(variant.key) ?? 0,
      // Every currency counts for conversion; only money is kept to one currency.
      first_orders: new Set(
        facts.orders.filter((o) => o.variant === variant.key && o.first_order).map((o) => o.visitor_id),
      ).size,
      revenue: orders.reduce((sum, o) => sum + o.amount - o.refunded_amount, 0),
      reward_cost: rewardSpend,
      orders: orders.length,
      refunded_orders: orders.filter((o) => o.refunded_amount > 0).length,
      friend_rewards: friendRewards.length,
      flagged_friend_rewards: friendRewards.filter((r) => readJson<string[]>(r.flags, []).length > 0).length,
    };
  });

  const started = experiment.started_at ? Date.parse(experiment.started_at) : Date.parse(until);
  return experimentReport({
    experimentId: id,
    primaryMetric: experiment.primary_metric,
    guardrails: experiment.guardrails,
    minDays: experiment.min_days,
    daysRunning: Math.max(0, (Date.parse(until) - started) / DAY_MS),
    currency,
    variants,
  });
}
