// GET /v1/experiments/{id}/results: the facts from the store, the statistics from the domain.
import { DAY_MS } from '../clock.ts';
import { readJson } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { applyOverrides } from '../domain/experiment-overrides.ts';
import { experimentReport, type VariantCounts } from '../domain/experiment-report.ts';
import { centsPerPoint, rewardCost } from '../domain/stats.ts';
import type { ExperimentResults, PrimaryMetric } from '../schemas/experiment.ts';
import type { RewardValue } from '../schemas/reward.ts';
import { type ExperimentFacts, experimentFacts, type UnitCount } from '../store/experiment-results.ts';
import { loadProgram } from '../store/programs.ts';
import { getExperiment } from './experiments.ts';

/** The currency most of the exposed orders use: money is never summed across currencies. */
function mainCurrency(orders: readonly { currency: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.currency, (counts.get(o.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

const total = (counts: readonly UnitCount[], variant: string) =>
  counts.reduce((sum, c) => sum + (c.variant === variant ? c.n : 0), 0);

/** Per advocate: the friends exposed and how many of them reached the primary metric. */
function clustersOf(facts: ExperimentFacts, variant: string, metric: PrimaryMetric) {
  const clusters = new Map<string, { n: number; x: number }>();
  for (const e of facts.exposures) if (e.variant === variant) clusters.set(e.unit_id, { n: e.n, x: 0 });
  const add = (unit: string, x: number) => {
    const cluster = clusters.get(unit);
    if (cluster) cluster.x += x;
  };
  if (metric === 'first_order') {
    const seen = new Set<string>();
    for (const o of facts.orders) {
      if (o.variant !== variant || !o.first_order || seen.has(o.visitor_id)) continue;
      seen.add(o.visitor_id);
      add(o.unit_id, 1);
    }
  } else {
    for (const c of metric === 'offer_claim' ? facts.claims : facts.shares)
      if (c.variant === variant) add(c.unit_id, c.n);
  }
  return [...clusters.values()];
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
  const facts = await experimentFacts(deps.db, merchantId, id, until, experiment.unit === 'advocate');
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
      exposures: total(facts.exposures, variant.key),
      claims: total(facts.claims, variant.key),
      shares: total(facts.shares, variant.key),
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
      ...(experiment.unit === 'advocate'
        ? { clusters: clustersOf(facts, variant.key, experiment.primary_metric) }
        : {}),
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
