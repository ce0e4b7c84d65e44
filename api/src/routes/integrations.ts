// Platform integrations. Two kinds of route share the /v1/integrations
// prefix, so auth is per route rather than per mount: the merchant configures a platform with the
// secret key (PUT/GET /v1/integrations/{platform}); the platform posts its webhooks, proven by their
// signature alone, to /v1/integrations/{platform}/{merchant_id}.
import { Hono } from 'hono';
import * as v from 'valibot';
import { transact } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { parseBody, refuseUnstorableJson, validate } from '../http/validate.ts';
import {
  isObject,
  type Json,
  type PlatformAction,
  parseJsonKeepingBigIntegers,
} from '../integrations/platform-action.ts';
import { verifyBase64BodyHmac, verifyStripeSignature } from '../integrations/platform-signatures.ts';
import { shopifyAction } from '../integrations/shopify-orders.ts';
import { stripeAction } from '../integrations/stripe-orders.ts';
import { wooCommerceAction, wooCommerceEventId } from '../integrations/woocommerce-orders.ts';
import {
  type InboundResult,
  InboundResultSchema,
  type IntegrationObject,
  IntegrationPutSchema,
  IntegrationSchema,
  PlatformSchema,
} from '../schemas/integration.ts';
import { OrderCreateSchema } from '../schemas/order.ts';
import { prepareOrder, recordOrder } from '../services/orders.ts';
import { prepareRefund, refundOrder } from '../services/refunds.ts';
import {
  claimInboundEvent,
  findIntegration,
  findOrderByPaymentRef,
  finishInboundEvent,
  type Platform,
  saveIntegration,
  savePaymentRef,
} from '../store/inbound.ts';
import { type AuthedMerchant, findMerchantById } from '../store/merchants.ts';
import { findOrder } from '../store/orders.ts';
import type { RouteDoc } from './docs.ts';

const tag = 'Integrations';

export const integrationDocs: RouteDoc[] = [
  {
    method: 'put',
    path: '/v1/integrations/{platform}',
    operationId: 'connectIntegration',
    summary:
      'Connect Shopify, Stripe or WooCommerce: the webhook secret, and for Shopify the Admin API token',
    auth: 'secret',
    tag,
    body: IntegrationPutSchema,
    response: IntegrationSchema,
  },
  {
    method: 'get',
    path: '/v1/integrations/{platform}',
    operationId: 'getIntegration',
    summary: 'Whether a platform is connected, and the webhook URL to give it (secrets are not shown)',
    auth: 'secret',
    tag,
    query: v.object({ platform: PlatformSchema }),
    response: IntegrationSchema,
  },
  {
    method: 'post',
    path: '/v1/integrations/{platform}/{merchant_id}',
    operationId: 'receivePlatformWebhook',
    errors: [400, 409],
    summary: "The platform's webhook: verified by its signature, deduplicated by its event id",
    auth: 'signature',
    tag,
    response: InboundResultSchema,
  },
];

const unknownPlatform = () => notFound('route');

function platformParam(value: string): Platform {
  const result = v.safeParse(PlatformSchema, value);
  if (!result.success) throw unknownPlatform();
  return result.output;
}

function presentIntegration(
  deps: Deps,
  merchantId: string,
  row: { platform: Platform; shop_domain: string | null; admin_token: string | null; updated_at: string },
): IntegrationObject {
  return {
    object: 'integration',
    platform: row.platform,
    webhook_url: `${deps.config.publicUrl}/v1/integrations/${row.platform}/${merchantId}`,
    configured: true,
    shop_domain: row.shop_domain,
    has_admin_token: row.admin_token !== null,
    updated_at: row.updated_at,
  };
}

const invalidSignature = () =>
  new ApiError('authentication', 'invalid_signature', 'The webhook signature is missing or does not match.');

export function integrationsRouter(deps: Deps) {
  return new Hono<AppEnv>()
    .put('/:platform', requireSecretKey(deps), async (c) => {
      const platform = platformParam(c.req.param('platform'));
      const merchant = c.get('merchant');
      const input = await parseBody(c, IntegrationPutSchema);
      if (platform !== 'shopify') {
        for (const field of ['shop_domain', 'admin_token'] as const) {
          if (input[field] !== undefined) {
            throw new ApiError(
              'invalid_request',
              'parameter_invalid',
              `\`${field}\` applies to Shopify only.`,
              {
                param: field,
              },
            );
          }
        }
      }
      if (input.admin_token !== undefined && input.shop_domain === undefined) {
        throw new ApiError(
          'invalid_request',
          'parameter_missing',
          '`shop_domain` is required with `admin_token`: it says which shop the token is for.',
          { param: 'shop_domain' },
        );
      }
      const now = deps.clock.now();
      await saveIntegration(
        deps.db,
        {
          merchantId: merchant.id,
          platform,
          webhookSecret: input.webhook_secret,
          shopDomain: input.shop_domain ?? null,
          adminToken: input.admin_token ?? null,
        },
        now,
      );
      return c.json(
        presentIntegration(deps, merchant.id, {
          platform,
          shop_domain: input.shop_domain ?? null,
          admin_token: input.admin_token ?? null,
          updated_at: now.toISOString(),
        }),
      );
    })
    .get('/:platform', requireSecretKey(deps), async (c) => {
      const platform = platformParam(c.req.param('platform'));
      const merchant = c.get('merchant');
      const row = await findIntegration(deps.db, merchant.id, platform);
      if (!row) throw notFound('integration', 'platform');
      return c.json(presentIntegration(deps, merchant.id, row));
    })
    .post('/:platform/:merchant_id', async (c) => {
      const platform = platformParam(c.req.param('platform'));
      const merchant = await findMerchantById(deps.db, c.req.param('merchant_id'));
      const integration = merchant ? await findIntegration(deps.db, merchant.id, platform) : undefined;
      if (!merchant || !integration) throw notFound('integration', 'merchant_id');

      const raw = new Uint8Array(await c.req.arrayBuffer());
      const body = new TextDecoder().decode(raw);
      const secret = integration.webhook_secret;
      const now = deps.clock.now();

      let verified: boolean;
      if (platform === 'stripe') {
        verified = await verifyStripeSignature(body, c.req.header('Stripe-Signature'), secret, now);
      } else {
        const header = platform === 'shopify' ? 'X-Shopify-Hmac-Sha256' : 'X-WC-Webhook-Signature';
        const signature = c.req.header(header);
        // WooCommerce pings a new webhook's URL, unsigned, with `webhook_id=N`, and refuses to save the
        // webhook unless the answer is 200. It carries nothing to act on, so answering it is safe.
        if (platform === 'woocommerce' && signature === undefined && /^webhook_id=\d+$/.test(body.trim())) {
          return c.json({ received: true as const, outcome: 'ignored' as const, reason: 'ping' });
        }
        verified = await verifyBase64BodyHmac(raw, signature, secret);
      }
      if (!verified) throw invalidSignature();

      let payload: unknown;
      try {
        payload = parseJsonKeepingBigIntegers(body);
      } catch {
        throw new ApiError('invalid_request', 'invalid_json', 'The webhook body is not valid JSON.');
      }
      if (!isObject(payload)) {
        throw new ApiError('invalid_request', 'invalid_json', 'The webhook body is not a JSON object.');
      }
      refuseUnstorableJson(payload);

      const { action, eventId } = readPlatformEvent(platform, payload, (name) => c.req.header(name));
      if (action.kind === 'ignore') return c.json(result('ignored', action.reason));

      // A refund is deduplicated by the platform's own refund id, which the signature covers: the
      // event-id header is not signed, and a replay under a new one must not refund again.
      const dedupeId = action.kind === 'refund' && action.refundId ? `refund:${action.refundId}` : eventId;
      const key = dedupeId ? { merchantId: merchant.id, platform, eventId: dedupeId } : undefined;
      if (key) {
        const claim = await claimInboundEvent(deps.db, key, now);
        if (claim === 'duplicate') return c.json(result('duplicate', 'event already processed'));
        if (claim === 'in_progress') {
          throw new ApiError('conflict', 'event_in_progress', 'This event is being processed; retry later.');
        }
      }
      let outcome: InboundResult;
      try {
        outcome = await applyAction(deps, merchant, platform, action);
      } catch (error) {
        if (key) await finishInboundEvent(deps.db, key, 'release');
        throw error;
      }
      // An ignored event changed nothing: forget its id, so a redelivery after a fix is processed.
      if (key) await finishInboundEvent(deps.db, key, outcome.outcome === 'ignored' ? 'release' : 'done');
      return c.json(outcome);
    });
}

const ALREADY_REFUNDED = new Set(['order_already_refunded', 'refund_already_recorded']);

const result = (outcome: InboundResult['outcome'], reason?: string, order?: string): InboundResult => ({
  received: true,
  outcome,
  ...(reason ? { reason } : {}),
  ...(order ? { order } : {}),
});

function readPlatformEvent(
  platform: Platform,
  payload: Json,
  header: (name: string) => string | undefined,
): { action: PlatformAction; eventId: string | undefined } {
  switch (platform) {
    case 'shopify':
      return {
        action: shopifyAction(header('X-Shopify-Topic'), payload),
        eventId: header('X-Shopify-Event-Id') ?? header('X-Shopify-Webhook-Id'),
      };
    case 'stripe':
      return {
        action: stripeAction(payload),
        eventId: typeof payload.id === 'string' ? payload.id : undefined,
      };
    case 'woocommerce': {
      const topic = header('X-WC-Webhook-Topic');
      return {
        action: wooCommerceAction(topic, payload),
        eventId: header('X-WC-Webhook-Delivery-ID') ?? wooCommerceEventId(topic, payload),
      };
    }
  }
}

async function applyAction(
  deps: Deps,
  merchant: AuthedMerchant,
  platform: Platform,
  action: Exclude<PlatformAction, { kind: 'ignore' }>,
): Promise<InboundResult> {
  switch (action.kind) {
    case 'record_order': {
      const input = validate(OrderCreateSchema, action.order);
      const prepared = await prepareOrder(deps, merchant, input, platform);
      const { order, created } =
        prepared.existing ?? (await transact(deps.db, (trx) => recordOrder(trx, prepared)));
      if (action.paymentRef) {
        await savePaymentRef(
          deps.db,
          {
            merchantId: merchant.id,
            platform,
            paymentRef: action.paymentRef,
            orderExternalId: input.external_id,
          },
          deps.clock.now(),
        );
      }
      return created
        ? result('order_recorded', undefined, order.id)
        : result('duplicate', 'order already recorded', order.id);
    }
    case 'refund':
      return refund(deps, merchant, action.orderExternalId, (refunded) =>
        action.amount === undefined ? undefined : Math.min(action.amount, refunded.remaining),
      );
    case 'refund_payment': {
      const externalId = await findOrderByPaymentRef(deps.db, {
        merchantId: merchant.id,
        platform,
        paymentRef: action.paymentRef,
      });
      if (!externalId) return result('ignored', 'no order for this payment');
      // Stripe reports the total refunded so far: refund the difference from what is already recorded,
      // decided again under the order's lock so two deliveries of one total cannot both apply it.
      return refund(
        deps,
        merchant,
        externalId,
        (refunded) =>
          action.full ? undefined : Math.min(action.amountRefunded - refunded.already, refunded.remaining),
        action.full ? undefined : action.amountRefunded,
      );
    }
  }
}

async function refund(
  deps: Deps,
  merchant: AuthedMerchant,
  externalId: string,
  amountFor: (order: { remaining: number; already: number }) => number | undefined,
  refundedTotal?: number,
): Promise<InboundResult> {
  const order = await findOrder(deps.db, merchant.id, externalId);
  if (!order) return result('ignored', 'no such order');
  const already = Number(order.refunded_amount);
  const remaining = Number(order.amount) - already;
  const amount = amountFor({ remaining, already });
  if (remaining <= 0 || (amount !== undefined && amount <= 0)) return result('duplicate', 'already refunded');
  try {
    const plan = await prepareRefund(deps, merchant);
    const refunded = await transact(deps.db, (trx) =>
      refundOrder(
        trx,
        plan,
        externalId,
        amount === undefined ? {} : { amount },
        refundedTotal === undefined ? {} : { refundedTotal },
      ),
    );
    return result('refund_recorded', undefined, refunded.id);
  } catch (error) {
    // A concurrent delivery refunded first: what this one asks is already recorded.
    if (error instanceof ApiError && ALREADY_REFUNDED.has(error.code))
      return result('duplicate', 'already refunded');
    throw error;
  }
}
