// Experiments: A/B tests of offers. One schema per shape; types, OpenAPI and the SDK follow from it.
import * as v from 'valibot';
import { IsoTime } from './common.ts';
import { TextsSchema } from './program.ts';
import { RewardValueSchema } from './reward.ts';

/** The parts of the program a variant may change: the offers and the words around them. */
export const ExperimentOverridesSchema = v.strictObject({
  referral: v.optional(
    v.strictObject({
      friend_reward: v.optional(RewardValueSchema),
      referrer_reward: v.optional(RewardValueSchema),
    }),
  ),
  new_customer_offer: v.optional(v.strictObject({ reward: v.optional(RewardValueSchema) })),
  texts: v.optional(TextsSchema),
});
export type ExperimentOverrides = v.InferOutput<typeof ExperimentOverridesSchema>;

const VariantKey = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -'),
);

export const VariantSchema = v.strictObject({
  key: VariantKey,
  weight: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)),
  overrides: v.optional(ExperimentOverridesSchema, () => ({})),
});
export type Variant = v.InferOutput<typeof VariantSchema>;

export const ExperimentUnit = v.picklist(['visitor', 'advocate']);
export const PrimaryMetric = v.picklist(['first_order', 'offer_claim', 'share']);
export type PrimaryMetric = v.InferOutput<typeof PrimaryMetric>;
export const Guardrail = v.picklist(['refund_rate', 'fraud_flag_rate']);

export const ExperimentCreateSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(120)),
  unit: v.optional(ExperimentUnit, 'visitor'),
  /** The first variant is the control: the one the others are compared with. */
  variants: v.pipe(
    v.array(VariantSchema),
    v.minLength(2, 'needs at least two variants'),
    v.maxLength(4, 'at most four variants'),
    v.check((vs) => new Set(vs.map((x) => x.key)).size === vs.length, 'variant keys must be unique'),
  ),
  primary_metric: v.optional(PrimaryMetric, 'first_order'),
  guardrails: v.optional(v.pipe(v.array(Guardrail), v.maxLength(2)), () => []),
  min_days: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(90)), 7),
});
export type ExperimentCreate = v.InferOutput<typeof ExperimentCreateSchema>;

export const ExperimentPromoteSchema = v.strictObject({ variant: VariantKey });

export const ExperimentStatus = v.picklist(['draft', 'running', 'stopped']);

export const ExperimentSchema = v.object({
  id: v.string(),
  object: v.literal('experiment'),
  name: v.string(),
  unit: ExperimentUnit,
  status: ExperimentStatus,
  variants: v.array(VariantSchema),
  primary_metric: PrimaryMetric,
  guardrails: v.array(Guardrail),
  min_days: v.number(),
  /** Advice, never a refusal: e.g. variants that differ in more than one field. */
  warnings: v.array(v.string()),
  started_at: v.nullable(IsoTime),
  stopped_at: v.nullable(IsoTime),
  promoted_variant: v.nullable(v.string()),
  created_at: IsoTime,
});
export type ExperimentObject = v.InferOutput<typeof ExperimentSchema>;

const IntervalSchema = v.object({ low: v.number(), high: v.number() });
const Rate = v.nullable(v.number());

export const VariantResultSchema = v.object({
  key: v.string(),
  exposures: v.number(),
  claims: v.number(),
  shares: v.number(),
  first_orders: v.number(),
  /** Share of exposed units that reached the primary metric, with its 95 % (Wilson) interval. */
  conversion: v.nullable(v.object({ rate: v.number(), ...IntervalSchema.entries })),
  /** In `currency` minor units; refunds deducted. */
  revenue: v.number(),
  reward_cost: v.number(),
  revenue_per_exposure: Rate,
  reward_cost_per_exposure: Rate,
  refund_rate: Rate,
  fraud_flag_rate: Rate,
});

export const ComparisonSchema = v.object({
  variant: v.string(),
  against: v.string(),
  /** Difference in conversion (variant − control), as a share (0.021 = 2.1 points). */
  difference: v.number(),
  fixed_horizon: v.object({ ...IntervalSchema.entries, p_value: v.number(), significant: v.boolean() }),
  sequential: v.object({ ...IntervalSchema.entries, significant: v.boolean() }),
  /** Extra reward cost per extra converted unit; null when the variant converts no better. */
  cost_per_incremental_customer: Rate,
});

export const ExperimentResultsSchema = v.object({
  object: v.literal('experiment_results'),
  experiment: v.string(),
  primary_metric: PrimaryMetric,
  days_running: v.number(),
  /** False below the minimum sample per variant or before `min_days`; `reason` says which. */
  enough_data: v.boolean(),
  reason: v.nullable(v.string()),
  currency: v.nullable(v.string()),
  variants: v.array(VariantResultSchema),
  comparisons: v.array(ComparisonSchema),
  sample_ratio: v.nullable(v.object({ chi_square: v.number(), p_value: v.number(), mismatch: v.boolean() })),
  warnings: v.array(v.string()),
});
export type ExperimentResults = v.InferOutput<typeof ExperimentResultsSchema>;
