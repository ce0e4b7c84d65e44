import * as v from 'valibot';
import { Currency, Email, ExternalId, IsoTime, MinorUnits } from './common.ts';
import { RewardSchema } from './reward.ts';

export const OrderCreateSchema = v.object({
  external_id: ExternalId,
  customer: v.object({
    external_id: ExternalId,
    email: v.optional(Email),
    name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  }),
  amount: MinorUnits,
  currency: Currency,
  coupon_codes: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64))), v.maxLength(20)),
    () => [],
  ),
  visitor_id: v.optional(v.pipe(v.string(), v.maxLength(64))),
  referral_code: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64))),
  created_at: v.optional(IsoTime),
  /** The shopper's IP as the merchant's server saw it; used only hashed, for fraud checks. */
  ip: v.optional(v.pipe(v.string(), v.maxLength(64))),
  user_agent: v.optional(v.pipe(v.string(), v.maxLength(1000))),
});
export type OrderCreate = v.InferOutput<typeof OrderCreateSchema>;

export const RefundCreateSchema = v.object({
  amount: v.optional(v.pipe(MinorUnits, v.minValue(1))),
});
export type RefundCreate = v.InferOutput<typeof RefundCreateSchema>;

export const AttributionSchema = v.nullable(
  v.union([
    v.object({
      referral: v.string(),
      referrer: v.string(),
      method: v.picklist(['coupon', 'code', 'link', 'email']),
      /** The experiment variant whose rewards this conversion paid, while one ran. */
      experiment: v.optional(v.object({ id: v.string(), variant: v.string() })),
    }),
    v.object({ rejected: v.literal(true), reasons: v.array(v.string()) }),
  ]),
);

export const OrderSchema = v.object({
  id: v.string(),
  object: v.literal('order'),
  external_id: v.string(),
  customer: v.string(),
  amount: v.number(),
  refunded_amount: v.number(),
  currency: v.string(),
  status: v.picklist(['paid', 'partially_refunded', 'refunded']),
  coupon_codes: v.array(v.string()),
  attribution: AttributionSchema,
  rewards: v.array(RewardSchema),
  created_at: IsoTime,
});
export type OrderObject = v.InferOutput<typeof OrderSchema>;
