// The lifecycle parts of the program: automations (trigger → actions), campaigns (time-boxed boosts)
// and custom ways to earn. They live in the program so one `PUT /v1/program` edits them with the rest
// and every default sits beside the others; see docs/lifecycle.md.
import * as v from 'valibot';
import { SEGMENTS } from '../domain/segments.ts';
import { IsoTime, PositiveInt } from './common.ts';
import { RewardValueSchema } from './reward.ts';

const Slug = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_.:-]{1,60}$/, 'must be 1–60 letters, digits, _ . : or -'),
);
/** `MM-DD` repeats every year; `YYYY-MM-DD` is one date. */
const CalendarDay = v.pipe(
  v.string(),
  v.regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD or YYYY-MM-DD'),
);
const Days = (max: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(max));

export const TriggerSchema = v.variant('type', [
  v.strictObject({ type: v.literal('segment.entered'), segment: v.picklist(SEGMENTS) }),
  /** n days after sign-up, while the customer has not ordered yet. */
  v.strictObject({ type: v.literal('customer.day_n'), days: Days(3650) }),
  v.strictObject({ type: v.literal('customer.birthday') }),
  v.strictObject({ type: v.literal('order.nth'), n: Days(1000) }),
  v.strictObject({ type: v.literal('points.expiring'), days_before: v.optional(Days(365), 14) }),
  /** `to`: only changes into this tier (null: dropping out of every tier); absent: any change. */
  v.strictObject({ type: v.literal('tier.changed'), to: v.optional(v.nullable(v.string())) }),
  v.strictObject({ type: v.literal('date'), start: CalendarDay, end: CalendarDay }),
  /** The customer's own usual interval since their last order has passed (the repurchase moment). */
  v.strictObject({ type: v.literal('repurchase.due') }),
]);
export type Trigger = v.InferOutput<typeof TriggerSchema>;

export const AutomationMessageSchema = v.strictObject({
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  body: v.optional(v.pipe(v.string(), v.maxLength(280)), ''),
});

export const AutomationRuleSchema = v.strictObject({
  id: Slug,
  enabled: v.optional(v.boolean(), true),
  trigger: TriggerSchema,
  /** Only customers in this lifecycle segment when the trigger fires. */
  segment: v.optional(v.nullable(v.picklist(SEGMENTS)), null),
  reward: v.optional(v.nullable(RewardValueSchema), null),
  message: v.optional(v.nullable(AutomationMessageSchema), null),
  /** Emit `automation.fired` (with the customer's profile) for an email or SMS tool. */
  webhook: v.optional(v.boolean(), true),
});
export type AutomationRule = v.InferOutput<typeof AutomationRuleSchema>;

const DefaultsSchema = v.strictObject({
  day7_nudge: v.optional(v.boolean(), true),
  repurchase_reminder: v.optional(v.boolean(), true),
  vip_perk: v.optional(v.boolean(), true),
  win_back: v.optional(v.boolean(), true),
  /** A warning 14 days before an idle balance expires. */
  points_expiring: v.optional(v.boolean(), true),
});

export const AutomationsSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** The built-in rules that follow the five segments; a rule in `rules` with the same id replaces one. */
  defaults: v.optional(DefaultsSchema, () => v.parse(DefaultsSchema, {})),
  vip_reward: v.optional(RewardValueSchema, { type: 'points', points: 500 }),
  win_back_reward: v.optional(RewardValueSchema, { type: 'percent_off', percent: 15 }),
  rules: v.optional(
    v.pipe(
      v.array(AutomationRuleSchema),
      v.maxLength(50),
      v.check((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids must be unique'),
    ),
    () => [],
  ),
  /** How long an on-site message stays in the widget after it fired. */
  message_days: v.optional(Days(90), 14),
});
export type AutomationsConfig = v.InferOutput<typeof AutomationsSchema>;

const Multiplier = v.pipe(v.number(), v.minValue(1), v.maxValue(10));

export const CampaignSchema = v.pipe(
  v.strictObject({
    id: Slug,
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
    starts_at: IsoTime,
    ends_at: IsoTime,
    /** Multiplies referrer and friend rewards earned while it runs. */
    referral_multiplier: v.optional(Multiplier, 1),
    /** Multiplies points from purchases and custom actions earned while it runs. */
    points_multiplier: v.optional(Multiplier, 1),
  }),
  v.check((c) => Date.parse(c.ends_at) > Date.parse(c.starts_at), 'ends_at must be after starts_at'),
);
export type Campaign = v.InferOutput<typeof CampaignSchema>;

export const CampaignsSchema = v.pipe(
  v.array(CampaignSchema),
  v.maxLength(50),
  v.check((list) => new Set(list.map((c) => c.id)).size === list.length, 'campaign ids must be unique'),
);

export const EarnActionRuleSchema = v.strictObject({
  type: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9_.-]{1,40}$/, 'must be 1–40 lower-case letters, digits, _ . or -'),
  ),
  label: v.optional(v.pipe(v.string(), v.maxLength(80)), ''),
  points: v.pipe(PositiveInt, v.maxValue(1_000_000)),
  /** `once`: one award ever; `daily`: up to `per_day` awards a UTC day. */
  limit: v.optional(v.picklist(['once', 'daily']), 'once'),
  per_day: v.optional(v.pipe(PositiveInt, v.maxValue(100)), 1),
});
export type EarnActionRule = v.InferOutput<typeof EarnActionRuleSchema>;

export const EarnActionsSchema = v.pipe(
  v.array(EarnActionRuleSchema),
  v.maxLength(50),
  v.check((list) => new Set(list.map((a) => a.type)).size === list.length, 'action types must be unique'),
);

/** What the widget gets in the bootstrap answer: running boosts, ways to earn, messages for the shopper. */
export const ClientLifecycleSchema = v.object({
  campaigns: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      ends_at: IsoTime,
      referral_multiplier: v.number(),
      points_multiplier: v.number(),
    }),
  ),
  earn_actions: v.array(
    v.object({
      type: v.string(),
      label: v.string(),
      points: v.number(),
      limit: v.picklist(['once', 'daily']),
      per_day: v.number(),
    }),
  ),
  /** Points → amount off at this rate, from `min_points` (`option_id: "any_amount"`); null: not offered. */
  any_amount: v.nullable(
    v.object({ points: v.number(), amount: v.number(), currency: v.string(), min_points: v.number() }),
  ),
  messages: v.array(
    v.object({
      id: v.string(),
      automation: v.string(),
      title: v.string(),
      body: v.string(),
      coupon_code: v.nullable(v.string()),
      fired_at: IsoTime,
    }),
  ),
  /**
   * The shopper's next expiry: `idle` — the whole balance at `at` unless they come back or points
   * move; `batch` — the oldest unspent earning. Null: nothing expires (or an anonymous visitor).
   */
  points_expiring: v.optional(
    v.nullable(v.object({ points: v.number(), at: IsoTime, mode: v.picklist(['idle', 'batch']) })),
  ),
  /** Progress toward the next tier on the program's basis and window (null: anonymous, or no tiers). */
  tier_progress: v.optional(
    v.nullable(
      v.object({
        basis: v.picklist(['points', 'spend']),
        /** Points earned, or spend in minor units of `currency`, within the window. */
        amount: v.number(),
        currency: v.nullable(v.string()),
        /** Months counted back (rolling); null: lifetime. */
        window_months: v.nullable(v.number()),
        next: v.nullable(v.object({ name: v.string(), threshold: v.number() })),
      }),
    ),
  ),
});
export type ClientLifecycle = v.InferOutput<typeof ClientLifecycleSchema>;

/** How tiers are earned and kept (spread into `loyalty`). */
export const TierRulesSchema = v.strictObject({
  /** `points`: points earned (spending never counts against them); `spend`: order amounts less refunds. */
  tier_basis: v.optional(v.picklist(['points', 'spend']), 'points'),
  /** Spend in other currencies does not count: amounts are never summed across currencies. */
  tier_currency: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.toUpperCase()),
      v.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
    ),
    'USD',
  ),
  /** Qualify on the last n months (rolling); null: lifetime. */
  tier_window_months: v.optional(v.nullable(v.pipe(PositiveInt, v.maxValue(120))), 12),
  /** A customer who no longer qualifies keeps the tier this many days before moving down. */
  tier_grace_days: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(365)), 30),
});

/** How unspent points expire (spread into `loyalty`, beside `points_expiry_days`); see docs/lifecycle.md. */
export const ExpiryRulesSchema = v.strictObject({
  /**
   * `idle`: the whole balance, `points_expiry_days` after the last visit or points movement;
   * `batch`: each earning, `points_expiry_days` after it was earned (spending takes the oldest first).
   */
  points_expiry_mode: v.optional(v.picklist(['idle', 'batch']), 'idle'),
});

/** Redeem "any amount": every `points` points are `amount` off, from `min_points` up. */
export const AnyAmountSchema = v.strictObject({
  points: v.pipe(PositiveInt, v.maxValue(1_000_000)),
  amount: v.pipe(PositiveInt, v.maxValue(1_000_000_00)),
  currency: v.pipe(
    v.string(),
    v.transform((s) => s.toUpperCase()),
    v.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
  ),
  min_points: v.optional(v.pipe(PositiveInt, v.maxValue(100_000_000)), 100),
});
export type AnyAmount = v.InferOutput<typeof AnyAmountSchema>;

/** A rule as `GET /v1/automations` lists it: its settings and how it performs. */
export const AutomationStatsSchema = v.object({
  ...AutomationRuleSchema.entries,
  object: v.literal('automation'),
  /** A built-in rule that follows the segments (switched in `automations.defaults`). */
  default: v.boolean(),
  /** In force now: enabled, and automations as a whole are on. */
  active: v.boolean(),
  fired: v.number(),
  /** Fired with an on-site message that the widget has shown. */
  shown: v.number(),
  /** Fired, then the customer ordered. */
  converted: v.number(),
});
export const AutomationListSchema = v.object({
  object: v.literal('list'),
  data: v.array(AutomationStatsSchema),
});
export type AutomationStats = v.InferOutput<typeof AutomationStatsSchema>;
