// A referral: one friend brought by one referrer, from the first click to the converting order.
import * as v from 'valibot';
import { IsoTime, ListQuery } from './common.ts';

export const ReferralStatusSchema = v.picklist(['clicked', 'signed_up', 'converted', 'rejected']);

export const ReferralSchema = v.object({
  id: v.string(),
  object: v.literal('referral'),
  /** The referrer's customer id (`cus_…`). */
  referrer: v.string(),
  /** The friend's customer id, once the friend is a customer. */
  friend: v.nullable(v.string()),
  status: ReferralStatusSchema,
  method: v.nullable(v.picklist(['coupon', 'code', 'link', 'email'])),
  /** The converting order's id (`ord_…`). */
  order: v.nullable(v.string()),
  /** Why a rejected referral was refused (fraud checks). */
  reasons: v.array(v.string()),
  created_at: IsoTime,
  converted_at: v.nullable(IsoTime),
});
export type ReferralObject = v.InferOutput<typeof ReferralSchema>;

export const ReferralListQuery = v.object({
  ...ListQuery.entries,
  /** The referrer's external_id. */
  referrer: v.optional(v.pipe(v.string(), v.minLength(1))),
  status: v.optional(ReferralStatusSchema),
});
