// Client routes (what the widget calls): see docs/client-contract.md.
import * as v from 'valibot';
import { Currency, Email, ExternalId, MinorUnits } from './common.ts';
import { LedgerEntrySchema } from './customer.ts';
import { ClientLifecycleSchema } from './lifecycle.ts';
import { RewardSchema, RewardValueSchema } from './reward.ts';

export const SHARE_CHANNELS = [
  'copy',
  'native',
  'whatsapp',
  'x',
  'facebook',
  'email',
  'sms',
  'line',
  'wechat',
  'qr',
  'other',
] as const;
// The widget uses SHARE_CHANNELS; any short tag is accepted, so a merchant's own buttons can be measured.
const Channel = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9_-]{1,32}$/, 'must be a short tag like whatsapp or email'),
);
const VisitorId = v.pipe(v.string(), v.maxLength(64));

export const BootstrapSchema = v.object({
  visitor_id: v.optional(v.nullable(VisitorId)),
  ref: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(64)))),
  url: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(2048)))),
  locale: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(35)))),
  channel: v.optional(v.nullable(Channel)),
  identity: v.optional(
    v.nullable(
      v.object({
        external_id: ExternalId,
        email: v.optional(v.nullable(Email)),
        name: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(200)))),
        signature: v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, 'must be a hex HMAC-SHA256')),
      }),
    ),
  ),
});
export type BootstrapInput = v.InferOutput<typeof BootstrapSchema>;

const TierSchema = v.object({ name: v.string(), threshold_points: v.number(), multiplier: v.number() });

export const ClientProgramSchema = v.object({
  texts: v.record(v.string(), v.string()),
  theme: v.object({
    brand_color: v.string(),
    position: v.string(),
    radius: v.number(),
    color_scheme: v.string(),
  }),
  referral: v.object({
    enabled: v.boolean(),
    referrer_reward: RewardValueSchema,
    friend_reward: RewardValueSchema,
  }),
  share_to_earn: v.object({ enabled: v.boolean(), reward: RewardValueSchema, daily_cap: v.number() }),
  loyalty: v.object({
    enabled: v.boolean(),
    points_per_unit: v.number(),
    signup_points: v.number(),
    birthday_points: v.number(),
    tiers: v.array(TierSchema),
    redemption_options: v.array(v.object({ id: v.string(), points: v.number(), reward: RewardValueSchema })),
  }),
  new_customer_offer: v.object({
    enabled: v.boolean(),
    reward: RewardValueSchema,
    requires_email: v.boolean(),
  }),
  /** The post-purchase survey; absent from older servers, which the widget reads as off. */
  feedback: v.optional(v.object({ enabled: v.boolean(), every_nth_order: v.number() })),
});

export const CustomerStateSchema = v.object({
  id: v.string(),
  external_id: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  referral_code: v.string(),
  referral_url: v.string(),
  points_balance: v.number(),
  tier: v.nullable(v.string()),
  next_tier: v.nullable(v.object({ name: v.string(), threshold_points: v.number() })),
  stats: v.object({ clicks: v.number(), referrals: v.number(), conversions: v.number() }),
  rewards: v.array(RewardSchema),
  ledger: v.array(LedgerEntrySchema),
});
export type CustomerState = v.InferOutput<typeof CustomerStateSchema>;

/**
 * How the visitor's locale writes numbers: digits '0'…'9' of its numbering system, separators, and
 * patterns in which '#' stands for the number (grouped when its integer part has at least
 * 3 + min_grouping digits). The widget formats amounts from it without loading the browser's Intl data.
 */
export const NumberFormatSpecSchema = v.object({
  locale: v.string(),
  digits: v.string(),
  decimal: v.string(),
  group: v.string(),
  minus: v.string(),
  min_grouping: v.number(),
  percent: v.string(),
  currencies: v.record(v.string(), v.object({ pattern: v.string(), digits: v.number() })),
});
export type NumberFormatSpec = v.InferOutput<typeof NumberFormatSpecSchema>;

export const BootstrapResponseSchema = v.object({
  visitor_id: v.string(),
  program: ClientProgramSchema,
  customer: v.nullable(CustomerStateSchema),
  friend_offer: v.nullable(
    v.object({ referrer_name: v.nullable(v.string()), reward: RewardValueSchema, code: v.string() }),
  ),
  session: v.optional(v.string()),
  /** For the request's `locale` and every currency in this answer; absent without a usable locale. */
  number_format: v.optional(NumberFormatSpecSchema),
  /** Campaigns running now, ways to earn, and the shopper's automation messages (docs/lifecycle.md). */
  lifecycle: v.optional(ClientLifecycleSchema),
});
export type BootstrapResponse = v.InferOutput<typeof BootstrapResponseSchema>;

export const ShareSchema = v.object({ channel: Channel, session: v.optional(v.string()) });
export const ShareResponseSchema = v.object({ share_url: v.string() });

export const OfferClaimSchema = v.object({ visitor_id: VisitorId, email: Email });
export const OfferClaimResponseSchema = v.object({ reward: RewardValueSchema, coupon_code: v.string() });

export const RedeemSchema = v.object({
  option_id: v.pipe(v.string(), v.minLength(1)),
  /** With `option_id: "any_amount"`: the points to turn into an amount off. */
  points: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100_000_000))),
  session: v.optional(v.string()),
});

export const ClientEventSchema = v.object({
  type: v.literal('purchase'),
  order_id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  amount: MinorUnits,
  currency: Currency,
  visitor_id: v.optional(VisitorId),
  session: v.optional(v.string()),
});
