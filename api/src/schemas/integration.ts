// Platform integrations: configuration in, and what the merchant sees.
import * as v from 'valibot';

export const PLATFORMS = ['shopify', 'stripe', 'woocommerce'] as const;
export const PlatformSchema = v.picklist(PLATFORMS);

const Hostname = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a host name like shop.myshopify.com',
  ),
);

export const IntegrationPutSchema = v.object({
  webhook_secret: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(8, 'must be at least 8 characters'),
    v.maxLength(500),
  ),
  /** Shopify: the shop's `*.myshopify.com` domain, needed to create discount codes with admin_token. */
  shop_domain: v.optional(Hostname),
  /** Shopify: an Admin API access token with `write_discounts`; referral coupons are then created in the shop. */
  admin_token: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500))),
});
export type IntegrationPut = v.InferOutput<typeof IntegrationPutSchema>;

/** Secrets are never shown again: only whether an admin token is set. */
export const IntegrationSchema = v.object({
  object: v.literal('integration'),
  platform: PlatformSchema,
  webhook_url: v.string(),
  configured: v.literal(true),
  shop_domain: v.nullable(v.string()),
  has_admin_token: v.boolean(),
  updated_at: v.string(),
});
export type IntegrationObject = v.InferOutput<typeof IntegrationSchema>;

export const InboundResultSchema = v.object({
  received: v.literal(true),
  outcome: v.picklist(['order_recorded', 'refund_recorded', 'duplicate', 'ignored']),
  reason: v.optional(v.string()),
  order: v.optional(v.string()),
});
export type InboundResult = v.InferOutput<typeof InboundResultSchema>;
