import * as v from 'valibot';
import { Currency, IsoTime, PositiveInt } from './common.ts';

/** What a shopper gets: the REWARD shape every reward, offer and redemption option uses. */
export const RewardValueSchema = v.variant('type', [
  v.strictObject({ type: v.literal('amount_off'), amount: PositiveInt, currency: Currency }),
  v.strictObject({
    type: v.literal('percent_off'),
    percent: v.pipe(v.number(), v.minValue(1), v.maxValue(100)),
  }),
  v.strictObject({ type: v.literal('points'), points: PositiveInt }),
  v.strictObject({ type: v.literal('credit'), amount: PositiveInt, currency: Currency }),
  /** A coupon code for free shipping on one order. */
  v.strictObject({ type: v.literal('free_shipping') }),
]);
export type RewardValue = v.InferOutput<typeof RewardValueSchema>;

export const RewardKind = v.picklist(['coupon', 'points', 'credit']);
export const RewardSource = v.picklist([
  'referral_referrer',
  'referral_friend',
  'new_customer_offer',
  'share',
  'signup',
  'birthday',
  'purchase',
  'milestone',
  'redemption',
  'automation',
  'tier',
]);
export const RewardStatus = v.picklist(['pending', 'issued', 'redeemed', 'voided']);

export const RewardSchema = v.object({
  id: v.string(),
  object: v.literal('reward'),
  customer: v.string(),
  kind: RewardKind,
  source: RewardSource,
  status: RewardStatus,
  reward: RewardValueSchema,
  coupon_code: v.nullable(v.string()),
  order: v.nullable(v.string()),
  available_at: IsoTime,
  flags: v.array(v.string()),
  created_at: IsoTime,
});
export type RewardObject = v.InferOutput<typeof RewardSchema>;
