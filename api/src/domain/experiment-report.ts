// An experiment's results from its counts: per-variant rates and money, each variant against the
// control with a fixed-horizon and an anytime-valid test, the sample-ratio check and plain warnings.
import type { ExperimentResults, PrimaryMetric } from '../schemas/experiment.ts';
import {
  clusteredRate,
  compareRates,
  sampleRatioCheck,
  sequentialProportionTest,
  twoProportionTest,
  wilsonInterval,
} from './experiment-stats.ts';

/** Below this many exposed units in a variant, intervals are too wide to act on. */
export const MIN_EXPOSURES_PER_VARIANT = 100;

export interface VariantCounts {
  key: string;
  weight: number;
  exposures: number;
  claims: number;
  shares: number;
  first_orders: number;
  /** Minor units of `currency`, refunds deducted. */
  revenue: number;
  reward_cost: number;
  orders: number;
  refunded_orders: number;
  friend_rewards: number;
  flagged_friend_rewards: number;
  /**
   * Exposures and primary-metric conversions per advocate, when the advocate is the unit of
   * assignment: the comparison then uses the clustered variance.
   */
  clusters?: { n: number; x: number }[];
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const perUnit = (value: number, n: number) => (n > 0 ? round(value / n, 2) : null);
const rate = (x: number, n: number) => (n > 0 ? round(x / n) : null);

function converted(v: VariantCounts, metric: PrimaryMetric): number {
  if (metric === 'offer_claim') return v.claims;
  if (metric === 'share') return v.shares;
  return v.first_orders;
}

export function experimentReport(input: {
  experimentId: string;
  primaryMetric: PrimaryMetric;
  guardrails: readonly ('refund_rate' | 'fraud_flag_rate')[];
  minDays: number;
  daysRunning: number;
  currency: string | null;
  variants: readonly VariantCounts[];
}): ExperimentResults {
  const { variants, primaryMetric: metric } = input;
  const control = variants[0]!;
  const warnings: string[] = [];

  const smallest = Math.min(...variants.map((v) => v.exposures));
  let reason: string | null = null;
  if (input.daysRunning < input.minDays) {
    reason = `Not enough data yet: the experiment has run ${Math.floor(input.daysRunning)} of its ${input.minDays} minimum days (weekdays and weekends both need to be in).`;
  } else if (smallest < MIN_EXPOSURES_PER_VARIANT) {
    reason = `Not enough data yet: every variant needs at least ${MIN_EXPOSURES_PER_VARIANT} exposures; the smallest has ${smallest}.`;
  }

  const srm = sampleRatioCheck(
    variants.map((v) => v.exposures),
    variants.map((v) => v.weight),
  );
  if (srm?.mismatch) {
    warnings.push(
      `Sample ratio mismatch: the split of exposures differs from the weights more than chance allows (p = ${srm.pValue.toExponential(1)}). Something drops or double-counts visitors in one variant; do not trust these results until it is found.`,
    );
  }

  const comparisons = variants.slice(1).flatMap((v) => {
    // With no conversions (or nothing but) in both, the estimated variance is zero and any interval
    // would claim a certainty the data cannot give: no comparison yet.
    const pooled = converted(control, metric) + converted(v, metric);
    if (pooled === 0 || pooled === control.exposures + v.exposures) return [];
    const clusteredA = control.clusters && clusteredRate(control.clusters);
    const clusteredB = v.clusters && clusteredRate(v.clusters);
    const args = [converted(control, metric), control.exposures, converted(v, metric), v.exposures] as const;
    const { fixed, sequential } =
      clusteredA && clusteredB
        ? compareRates(clusteredA, clusteredB)
        : { fixed: twoProportionTest(...args), sequential: sequentialProportionTest(...args) };
    if (!fixed || !sequential) return [];
    // Extra reward cost per exposure over extra first orders per exposure: what one more customer costs.
    const lift = v.first_orders / v.exposures - control.first_orders / control.exposures;
    const extraCost = v.reward_cost / v.exposures - control.reward_cost / control.exposures;
    for (const guardrail of input.guardrails) {
      const [xa, na, xb, nb] =
        guardrail === 'refund_rate'
          ? [control.refunded_orders, control.orders, v.refunded_orders, v.orders]
          : [
              control.flagged_friend_rewards,
              control.friend_rewards,
              v.flagged_friend_rewards,
              v.friend_rewards,
            ];
      const test = twoProportionTest(xa, na, xb, nb);
      if (test && test.difference > 0 && test.pValue < 0.05) {
        warnings.push(
          `Guardrail ${guardrail}: "${v.key}" is worse than "${control.key}" by ${round(test.difference * 100, 1)} points (p = ${round(test.pValue, 4)}).`,
        );
      }
    }
    return [
      {
        variant: v.key,
        against: control.key,
        difference: round(fixed.difference),
        fixed_horizon: {
          low: round(fixed.interval.low),
          high: round(fixed.interval.high),
          p_value: round(fixed.pValue),
          significant: fixed.pValue < 0.05,
        },
        sequential: {
          low: round(sequential.interval.low),
          high: round(sequential.interval.high),
          significant: sequential.significant,
        },
        cost_per_incremental_customer: lift > 0 ? Math.max(0, Math.round(extraCost / lift)) : null,
      },
    ];
  });

  return {
    object: 'experiment_results',
    experiment: input.experimentId,
    primary_metric: metric,
    days_running: round(input.daysRunning, 2),
    enough_data: reason === null,
    reason,
    currency: input.currency,
    variants: variants.map((v) => {
      const x = converted(v, metric);
      const interval = wilsonInterval(x, v.exposures);
      return {
        key: v.key,
        exposures: v.exposures,
        claims: v.claims,
        shares: v.shares,
        first_orders: v.first_orders,
        conversion: interval
          ? { rate: round(x / v.exposures), low: round(interval.low), high: round(interval.high) }
          : null,
        revenue: v.revenue,
        reward_cost: v.reward_cost,
        revenue_per_exposure: perUnit(v.revenue, v.exposures),
        reward_cost_per_exposure: perUnit(v.reward_cost, v.exposures),
        refund_rate: rate(v.refunded_orders, v.orders),
        fraud_flag_rate: rate(v.flagged_friend_rewards, v.friend_rewards),
      };
    }),
    comparisons,
    sample_ratio: srm
      ? { chi_square: round(srm.chiSquare, 4), p_value: round(srm.pValue, 8), mismatch: srm.mismatch }
      : null,
    warnings,
  };
}
