import * as v from 'valibot';

export const CouponPoolName = v.pipe(
  v.string(),
  v.regex(
    /^(referrer|friend|new_customer_offer|redemption:[A-Za-z0-9_-]{1,40})$/,
    'must be referrer, friend, new_customer_offer or redemption:<option_id>',
  ),
);

export const CouponUploadSchema = v.object({
  pool: CouponPoolName,
  codes: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(64))),
    v.minLength(1, 'must list at least one code'),
    v.maxLength(10_000, 'at most 10,000 codes per request'),
  ),
});

export const CouponPoolSchema = v.object({
  object: v.literal('coupon_pool'),
  pool: v.string(),
  available: v.number(),
  issued: v.number(),
  redeemed: v.number(),
  total: v.number(),
});

export const CouponUploadResultSchema = v.object({
  ...CouponPoolSchema.entries,
  added: v.number(),
  duplicates: v.number(),
});
