// The program: one validated config per merchant, with every default in one place.
import * as v from 'valibot';
import { AlertsSchema } from './alerts.ts';
import { PositiveInt } from './common.ts';
import { FeedbackSettingsSchema } from './feedback.ts';
import { HoldoutSchema } from './holdout.ts';
import {
  AnyAmountSchema,
  AutomationsSchema,
  CampaignsSchema,
  EarnActionsSchema,
  ExpiryRulesSchema,
  TierRulesSchema,
} from './lifecycle.ts';
import { RewardValueSchema } from './reward.ts';

const NonNegativeInt = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const usd = (amount: number) => ({ type: 'amount_off' as const, amount, currency: 'USD' });

const ReferralSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  referrer_reward: v.optional(RewardValueSchema, usd(1000)),
  friend_reward: v.optional(RewardValueSchema, usd(1000)),
  attribution_window_days: v.optional(v.pipe(NonNegativeInt, v.minValue(1), v.maxValue(365)), 30),
  hold_days: v.optional(v.pipe(NonNegativeInt, v.maxValue(365)), 14),
  min_order_amount: v.optional(NonNegativeInt, 0),
  max_rewards_per_referrer: v.optional(v.nullable(PositiveInt), null),
  milestones: v.optional(
    v.array(v.strictObject({ referrals: PositiveInt, reward: RewardValueSchema })),
    () => [{ referrals: 3, reward: { type: 'points' as const, points: 1000 } }],
  ),
});

const ShareToEarnSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  reward: v.optional(RewardValueSchema, { type: 'points', points: 50 }),
  daily_cap: v.optional(NonNegativeInt, 3),
});

const TierSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
  threshold_points: NonNegativeInt,
  multiplier: v.pipe(v.number(), v.minValue(1), v.maxValue(10)),
  /** With `tier_basis: "spend"`: spend in `tier_currency` (minor units) that qualifies. */
  threshold_spend: v.optional(NonNegativeInt),
  /** Given once, the first time a customer enters this tier. */
  entry_reward: v.optional(RewardValueSchema),
});

const RedemptionOptionSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -')),
  points: PositiveInt,
  reward: RewardValueSchema,
  /** Only customers in this tier or above may redeem it. */
  min_tier: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(60))),
});

const LoyaltySchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  points_per_unit: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1000)), 1),
  signup_points: v.optional(NonNegativeInt, 100),
  birthday_points: v.optional(NonNegativeInt, 200),
  tiers: v.optional(
    v.pipe(
      v.array(TierSchema),
      v.check(
        (tiers) =>
          tiers.every((t, i) => i === 0 || t.threshold_points > (tiers[i - 1]?.threshold_points ?? -1)),
        'tiers must be in ascending order of threshold_points',
      ),
    ),
    () => [
      { name: 'Silver', threshold_points: 1000, multiplier: 1.25 },
      { name: 'Gold', threshold_points: 5000, multiplier: 1.5 },
    ],
  ),
  redemption_options: v.optional(
    v.pipe(
      v.array(RedemptionOptionSchema),
      v.check(
        (opts) => new Set(opts.map((o) => o.id)).size === opts.length,
        'redemption option ids must be unique',
      ),
    ),
    () => [{ id: '5off', points: 500, reward: usd(500) }],
  ),
  points_expiry_days: v.optional(v.nullable(PositiveInt), 365),
  ...ExpiryRulesSchema.entries,
  ...TierRulesSchema.entries,
  /** Points → an amount off at a set rate (`option_id: "any_amount"` with `points`); null: not offered. */
  any_amount: v.optional(v.nullable(AnyAmountSchema), null),
});

const NewCustomerOfferSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  // Matches the friend reward's default, so a friend who arrives on "Ann sent you $10 off" and leaves
  // an email gets exactly that on the first order.
  reward: v.optional(RewardValueSchema, usd(1000)),
  requires_email: v.optional(v.boolean(), true),
});

const FraudSchema = v.strictObject({
  max_referred_orders_per_ip_per_day: v.optional(PositiveInt, 3),
  flag_disposable_emails: v.optional(v.boolean(), true),
  flag_same_device_as_referrer: v.optional(v.boolean(), true),
});

const SegmentsSchema = v.strictObject({
  active_days: v.optional(PositiveInt, 30),
  silent_days: v.optional(PositiveInt, 90),
  high_value_orders: v.optional(PositiveInt, 3),
});

const ThemeSchema = v.strictObject({
  brand_color: v.optional(v.pipe(v.string(), v.hexColor('must be a hex colour like #4f46e5')), '#4f46e5'),
  position: v.optional(v.picklist(['bottom-right', 'bottom-left']), 'bottom-right'),
  radius: v.optional(v.pipe(NonNegativeInt, v.maxValue(32)), 12),
  color_scheme: v.optional(v.picklist(['auto', 'light', 'dark']), 'auto'),
});

export const TextsSchema = v.record(
  v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale like en or zh-CN')),
  v.record(v.pipe(v.string(), v.maxLength(80)), v.pipe(v.string(), v.maxLength(2000))),
);

const optionalSection = <T extends v.GenericSchema<object, object>>(schema: T) =>
  v.optional(schema, () => v.parse(schema, {}) as v.InferOutput<T>);

/** The full program. Every field is optional on input and filled with its default. */
export const ProgramConfigSchema = v.strictObject({
  referral: optionalSection(ReferralSchema),
  share_to_earn: optionalSection(ShareToEarnSchema),
  loyalty: optionalSection(LoyaltySchema),
  new_customer_offer: optionalSection(NewCustomerOfferSchema),
  fraud: optionalSection(FraudSchema),
  segments: optionalSection(SegmentsSchema),
  coupon_prefix: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,10}$/, 'must be 2–10 capital letters or digits')),
    'FLY',
  ),
  landing_url: v.optional(
    v.nullable(
      v.pipe(
        v.string(),
        v.url('must be an absolute URL'),
        // Share links open it: a `javascript:` or `data:` "landing page" would run in the friend's browser.
        v.check((url) => /^https?:$/.test(new URL(url).protocol), 'must be an http or https URL'),
      ),
    ),
    null,
  ),
  texts: v.optional(TextsSchema, () => ({})),
  theme: optionalSection(ThemeSchema),
  feedback: optionalSection(FeedbackSettingsSchema),
  holdout: optionalSection(HoldoutSchema),
  automations: optionalSection(AutomationsSchema),
  campaigns: v.optional(CampaignsSchema, () => []),
  earn_actions: v.optional(EarnActionsSchema, () => []),
  alerts: v.optional(AlertsSchema, () => []),
});
export type ProgramConfig = v.InferOutput<typeof ProgramConfigSchema>;

/** `PUT /v1/program` body: any part of the program; merged into the stored one, then validated whole. */
export const ProgramUpdateSchema = v.record(v.string(), v.unknown());

export const ProgramSchema = v.strictObject({ object: v.literal('program'), ...ProgramConfigSchema.entries });
export type ProgramObject = v.InferOutput<typeof ProgramSchema>;

export const defaultProgram = (): ProgramConfig => v.parse(ProgramConfigSchema, {});
