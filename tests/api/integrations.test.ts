// Platform order intake: Shopify, Stripe and WooCommerce webhooks, signed exactly as each platform
// signs them, on payloads shaped like their documented examples (tests/fixtures/platforms).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/platforms/${name}`, import.meta.url), 'utf8');
const stripe = new Stripe('sk_test_flywheel_tests');

const SHOPIFY_SECRET = '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';
const STRIPE_SECRET = 'whsec_test_5Fq8mTz1Yc3bN0pLr7VwX2kD';
const WOO_SECRET = 'woo-webhook-secret-0123456789';

/** Shopify and WooCommerce: base64 HMAC-SHA256 of the raw body with the webhook secret. */
const bodyHmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('base64');

describe.each(DIALECTS)('platform integrations on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Platform Shop');
    for (const [platform, body] of [
      ['shopify', { webhook_secret: SHOPIFY_SECRET }],
      ['stripe', { webhook_secret: STRIPE_SECRET }],
      ['woocommerce', { webhook_secret: WOO_SECRET }],
    ] as const) {
      const res = await h.request('PUT', `/v1/integrations/${platform}`, { key: shop.secret_key, body });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => h.close());

  /** Everything platform intake can write: the business tables plus its own dedupe and payment maps. */
  const state = async () => {
    const db = h.database.db;
    const [inbound, refs, orders] = await Promise.all([
      db.selectFrom('inbound_events').selectAll().orderBy('event_id').execute(),
      db.selectFrom('inbound_payment_refs').selectAll().orderBy('payment_ref').execute(),
      db.selectFrom('orders').selectAll().orderBy('id').execute(),
    ]);
    return { ...(await snapshot(h.database)), inbound, refs, orders };
  };
  const order = (externalId: string) =>
    h.database.db
      .selectFrom('orders')
      .selectAll()
      .where('merchant_id', '=', shop.id)
      .where('external_id', '=', externalId)
      .executeTakeFirst();

  const postShopify = (
    topic: string,
    body: string,
    eventId: string,
    signature = bodyHmac(SHOPIFY_SECRET, body),
  ) =>
    h.request('POST', `/v1/integrations/shopify/${shop.id}`, {
      rawBody: body,
      headers: {
        'X-Shopify-Topic': topic,
        'X-Shopify-Hmac-Sha256': signature,
        'X-Shopify-Shop-Domain': 'flywheel-test.myshopify.com',
        'X-Shopify-Event-Id': eventId,
        'X-Shopify-Webhook-Id': `${eventId}-delivery`,
        'X-Shopify-API-Version': '2025-10',
      },
    });
  const postStripe = (body: string, header?: string) =>
    h.request('POST', `/v1/integrations/stripe/${shop.id}`, {
      rawBody: body,
      headers: {
        'Stripe-Signature':
          header ??
          stripe.webhooks.generateTestHeaderString({
            payload: body,
            secret: STRIPE_SECRET,
            timestamp: Math.floor(h.clock.now().getTime() / 1000),
          }),
      },
    });
  const postWoo = (
    topic: string,
    body: string,
    deliveryId: string,
    signature: string | null = bodyHmac(WOO_SECRET, body),
  ) =>
    h.request('POST', `/v1/integrations/woocommerce/${shop.id}`, {
      rawBody: body,
      headers: {
        'X-WC-Webhook-Topic': topic,
        'X-WC-Webhook-Resource': 'order',
        'X-WC-Webhook-Event': topic.split('.')[1]!,
        'X-WC-Webhook-Source': 'https://woo.example/',
        'X-WC-Webhook-ID': '12',
        'X-WC-Webhook-Delivery-ID': deliveryId,
        ...(signature === null ? {} : { 'X-WC-Webhook-Signature': signature }),
      },
    });

  describe('configuration', () => {
    it('answers with the webhook URL to give the platform, and never echoes a secret', async () => {
      const res = await h.request('PUT', '/v1/integrations/shopify', {
        key: shop.secret_key,
        body: {
          webhook_secret: SHOPIFY_SECRET,
          shop_domain: 'Flywheel-Test.myshopify.com',
          admin_token: 'shpat_secret_token',
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        platform: 'shopify',
        webhook_url: `http://flywheel.test/v1/integrations/shopify/${shop.id}`,
        configured: true,
        shop_domain: 'flywheel-test.myshopify.com',
        has_admin_token: true,
      });
      expect(JSON.stringify(res.body)).not.toContain(SHOPIFY_SECRET);
      expect(JSON.stringify(res.body)).not.toContain('shpat_secret_token');
      const got = await h.request('GET', '/v1/integrations/shopify', { key: shop.secret_key });
      expect(got.body).toEqual(res.body);
      expect(JSON.stringify(got.body)).not.toContain(SHOPIFY_SECRET);
    });

    it('refuses bad configuration by naming the field, and writes nothing', async () => {
      const before = await state();
      const cases: [string, unknown, string][] = [
        ['stripe', {}, 'webhook_secret'],
        ['stripe', { webhook_secret: 'short' }, 'webhook_secret'],
        ['stripe', { webhook_secret: STRIPE_SECRET, admin_token: 'x' }, 'admin_token'],
        ['woocommerce', { webhook_secret: WOO_SECRET, shop_domain: 'woo.example' }, 'shop_domain'],
        ['shopify', { webhook_secret: SHOPIFY_SECRET, admin_token: 'shpat_x' }, 'shop_domain'],
        [
          'shopify',
          { webhook_secret: SHOPIFY_SECRET, shop_domain: 'https://x.myshopify.com/' },
          'shop_domain',
        ],
      ];
      for (const [platform, body, param] of cases) {
        const res = await h.request('PUT', `/v1/integrations/${platform}`, { key: shop.secret_key, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error).toMatchObject({ type: 'invalid_request', param });
      }
      expect(
        (
          await h.request('PUT', '/v1/integrations/magento', {
            key: shop.secret_key,
            body: { webhook_secret: WOO_SECRET },
          })
        ).status,
      ).toBe(404);
      expect(
        (await h.request('PUT', '/v1/integrations/stripe', { body: { webhook_secret: STRIPE_SECRET } }))
          .status,
      ).toBe(401);
      expect(
        (
          await h.request('PUT', '/v1/integrations/stripe', {
            key: shop.publishable_key,
            body: { webhook_secret: STRIPE_SECRET },
          })
        ).status,
      ).toBe(401);
      expect(await state()).toEqual(before);
    });
  });

  describe('Shopify', () => {
    const paid = fixture('shopify-orders-paid.json');
    const refund = fixture('shopify-refunds-create.json');

    it('records orders/paid as an order, keeping the 18-digit ids exact', async () => {
      const res = await postShopify('orders/paid', paid, 'evt-shopify-paid-1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        received: true,
        outcome: 'order_recorded',
        order: expect.stringMatching(/^ord_/),
      });
      const row = await order('820982911946154508');
      expect(row).toMatchObject({
        amount: 4999,
        currency: 'USD',
        source: 'shopify',
        visitor_id: 'vis_01JTESTVISITOR0000000000',
        status: 'paid',
        created_at: '2026-02-28T12:15:44.000Z',
      });
      expect(JSON.parse(row!.coupon_codes)).toEqual(['FLY-7K2Q9A']);
      const customer = await h.database.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', row!.customer_id)
        .executeTakeFirstOrThrow();
      expect(customer).toMatchObject({
        external_id: '115310627314723954',
        email: 'jon@example.com',
        name: 'Jon Snow',
      });
    });

    it('changes nothing when the same Shopify event is delivered again', async () => {
      const before = await state();
      const res = await postShopify('orders/paid', paid, 'evt-shopify-paid-1');
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('duplicate');
      expect(await state()).toEqual(before);
    });

    it('refuses a missing, wrong or stale-body signature with 401 and writes nothing', async () => {
      const before = await state();
      const other = paid.replace('"49.99"', '"0.01"').replace('820982911946154508', '820982911946154509');
      const attempts = [
        postShopify('orders/paid', other, 'evt-forged-1', ''),
        postShopify('orders/paid', other, 'evt-forged-2', bodyHmac('not-the-secret', other)),
        postShopify('orders/paid', other, 'evt-forged-3', bodyHmac(SHOPIFY_SECRET, paid)),
        h.request('POST', `/v1/integrations/shopify/${shop.id}`, {
          rawBody: other,
          headers: { 'X-Shopify-Topic': 'orders/paid', 'X-Shopify-Event-Id': 'evt-forged-4' },
        }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(401);
        expect(res.body.error).toMatchObject({ type: 'authentication', code: 'invalid_signature' });
      }
      expect(await state()).toEqual(before);
    });

    it('ignores topics it does not handle, with 200', async () => {
      const before = await state();
      const res = await postShopify(
        'products/update',
        '{"id": 632910392, "title": "IPod Nano"}',
        'evt-product-1',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'ignored' });
      expect(await state()).toEqual(before);
    });

    it('refunds the successful refund transactions of refunds/create, once even if delivered twice at once', async () => {
      const [first, second] = await Promise.all([
        postShopify('refunds/create', refund, 'evt-shopify-refund-1'),
        postShopify('refunds/create', refund, 'evt-shopify-refund-1'),
      ]);
      // The loser of the race sees either the finished claim (duplicate) or the one in progress (409).
      const outcomes = [first, second].map((r) => r.body.outcome ?? r.body.error.code);
      expect(outcomes.filter((o) => o === 'refund_recorded')).toHaveLength(1);
      expect(outcomes.every((o) => ['refund_recorded', 'duplicate', 'event_in_progress'].includes(o))).toBe(
        true,
      );
      expect(await order('820982911946154508')).toMatchObject({
        refunded_amount: 1000,
        status: 'partially_refunded',
      });
      const again = await postShopify('refunds/create', refund, 'evt-shopify-refund-1');
      expect(again.body.outcome).toBe('duplicate');
      expect(await order('820982911946154508')).toMatchObject({ refunded_amount: 1000 });
    });

    it('applies one signed refund once when it is replayed under new event ids', async () => {
      // The event-id header is not signed: anyone holding one signed refund could invent new ids.
      for (const eventId of ['ev-r1', 'ev-r1', 'ev-r2', 'ev-r3']) {
        const replay = await postShopify('refunds/create', refund, eventId);
        expect(replay.body.outcome).toBe('duplicate');
      }
      expect(await order('820982911946154508')).toMatchObject({ refunded_amount: 1000 });
    });

    it('answers 404 for an unknown merchant or a platform it has not configured', async () => {
      const unknown = await h.request('POST', '/v1/integrations/shopify/mer_nobody', {
        rawBody: paid,
        headers: {
          'X-Shopify-Hmac-Sha256': bodyHmac(SHOPIFY_SECRET, paid),
          'X-Shopify-Topic': 'orders/paid',
        },
      });
      expect(unknown.status).toBe(404);
      const bare = await h.createMerchant('Unconnected Shop');
      const unconfigured = await h.request('POST', `/v1/integrations/shopify/${bare.id}`, {
        rawBody: paid,
        headers: {
          'X-Shopify-Hmac-Sha256': bodyHmac(SHOPIFY_SECRET, paid),
          'X-Shopify-Topic': 'orders/paid',
        },
      });
      expect(unconfigured.status).toBe(404);
    });
  });

  describe('Stripe', () => {
    const completed = fixture('stripe-checkout-session-completed.json');
    const refunded = fixture('stripe-charge-refunded.json');

    it('records checkout.session.completed, verified with a header made by the stripe package', async () => {
      const res = await postStripe(completed);
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('order_recorded');
      const row = await order('cs_test_a1b2c3d4e5f6');
      expect(row).toMatchObject({
        amount: 2500,
        currency: 'EUR',
        source: 'stripe',
        visitor_id: 'vis_01JSTRIPEVISITOR00000000',
        referral_code: 'ANN-7K2Q',
      });
      const customer = await h.database.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', row!.customer_id)
        .executeTakeFirstOrThrow();
      expect(customer).toMatchObject({
        external_id: 'cus_TStripeCustomer1',
        email: 'mia@example.com',
        name: 'Mia Schmidt',
      });
      expect(await postStripe(completed)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    });

    it('refunds through the payment_intent: the refunded difference, then the rest', async () => {
      expect((await postStripe(refunded)).body.outcome).toBe('refund_recorded');
      expect(await order('cs_test_a1b2c3d4e5f6')).toMatchObject({
        refunded_amount: 1000,
        status: 'partially_refunded',
      });
      const full = JSON.parse(refunded);
      full.id = 'evt_3SqKz1LkdIwHu7ixRefund2';
      full.data.object.amount_refunded = 2500;
      full.data.object.refunded = true;
      expect((await postStripe(JSON.stringify(full))).body.outcome).toBe('refund_recorded');
      expect(await order('cs_test_a1b2c3d4e5f6')).toMatchObject({
        refunded_amount: 2500,
        status: 'refunded',
      });
    });

    it('refunds one cumulative Stripe total once, even delivered under three event ids at once', async () => {
      const session = completed
        .replaceAll('evt_1SqKz2LkdIwHu7ixCheckout', 'evt_replay_order')
        .replaceAll('cs_test_a1b2c3d4e5f6', 'cs_test_replayed')
        .replaceAll('pi_3SqKz1LkdIwHu7ix0Abc', 'pi_replayed');
      expect((await postStripe(session)).body.outcome).toBe('order_recorded');
      const charge = refunded.replaceAll('pi_3SqKz1LkdIwHu7ix0Abc', 'pi_replayed');
      const outcomes = await Promise.all(
        ['evt_replay_1', 'evt_replay_2', 'evt_replay_3'].map(async (id) => {
          const res = await postStripe(charge.replaceAll('evt_3SqKz1LkdIwHu7ixRefund', id));
          return res.body.outcome ?? res.body.error.code;
        }),
      );
      expect(outcomes.filter((o) => o === 'refund_recorded')).toHaveLength(1);
      expect(await order('cs_test_replayed')).toMatchObject({ refunded_amount: 1000 });
    });

    it('accepts any of several v1 signatures, and refuses an old timestamp or a wrong secret', async () => {
      const body = completed
        .replaceAll('evt_1SqKz2LkdIwHu7ixCheckout', 'evt_other')
        .replaceAll('cs_test_a1b2c3d4e5f6', 'cs_test_second');
      const t = Math.floor(h.clock.now().getTime() / 1000);
      const good = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: STRIPE_SECRET,
        timestamp: t,
      });
      const goodV1 = good.split(',').find((p) => p.startsWith('v1='))!;
      const before = await state();
      const stale = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: STRIPE_SECRET,
        timestamp: t - 301,
      });
      const wrong = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: 'whsec_wrong',
        timestamp: t,
      });
      for (const header of [stale, wrong, `t=${t}`, 'garbage', '']) {
        const res = await postStripe(body, header);
        expect(res.status, header).toBe(401);
      }
      expect(await state()).toEqual(before);
      const rolled = `t=${t},v1=${'0'.repeat(64)},${goodV1}`;
      expect((await postStripe(body, rolled)).body.outcome).toBe('order_recorded');
    });

    it('waits for async payment: an unpaid completed session is ignored', async () => {
      const unpaid = JSON.parse(completed);
      unpaid.id = 'evt_unpaid';
      unpaid.data.object.id = 'cs_test_unpaid';
      unpaid.data.object.payment_status = 'unpaid';
      const before = await state();
      expect((await postStripe(JSON.stringify(unpaid))).body.outcome).toBe('ignored');
      expect(await state()).toEqual(before);
      const succeeded = { ...unpaid, id: 'evt_async_ok', type: 'checkout.session.async_payment_succeeded' };
      expect((await postStripe(JSON.stringify(succeeded))).body.outcome).toBe('order_recorded');
    });
  });

  describe('WooCommerce', () => {
    const created = fixture('woocommerce-order.json');

    it('answers the unsigned ping WooCommerce sends when a webhook is saved, writing nothing', async () => {
      const before = await state();
      const res = await h.request('POST', `/v1/integrations/woocommerce/${shop.id}`, {
        rawBody: 'webhook_id=12',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(200);
      expect(await state()).toEqual(before);
    });

    it('records a processing order, and refuses a bad signature', async () => {
      const before = await state();
      const forged = await postWoo('order.created', created, 'wc-delivery-0', bodyHmac('nope', created));
      expect(forged.status).toBe(401);
      const unsigned = await postWoo('order.created', created, 'wc-delivery-0', null);
      expect(unsigned.status).toBe(401);
      expect(await state()).toEqual(before);

      const res = await postWoo('order.created', created, 'wc-delivery-1');
      expect(res.body.outcome).toBe('order_recorded');
      const row = await order('727');
      expect(row).toMatchObject({
        amount: 3900,
        currency: 'USD',
        source: 'woocommerce',
        visitor_id: 'vis_01JWOOVISITOR00000000000',
        created_at: '2026-02-28T19:30:00.000Z',
      });
      expect(JSON.parse(row!.coupon_codes)).toEqual(['fly-woo5']);
      const customer = await h.database.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', row!.customer_id)
        .executeTakeFirstOrThrow();
      expect(customer).toMatchObject({ external_id: '26', email: 'john.doe@example.com', name: 'John Doe' });
    });

    it('ignores unpaid statuses and refunds the whole order when it turns refunded', async () => {
      const pending = JSON.parse(created);
      pending.id = 728;
      pending.status = 'pending';
      const before = await state();
      expect((await postWoo('order.created', JSON.stringify(pending), 'wc-delivery-2')).body.outcome).toBe(
        'ignored',
      );
      expect(await state()).toEqual(before);

      const refundedOrder = {
        ...JSON.parse(created),
        status: 'refunded',
        date_modified_gmt: '2026-03-01T10:00:00',
      };
      const res = await postWoo('order.updated', JSON.stringify(refundedOrder), 'wc-delivery-3');
      expect(res.body.outcome).toBe('refund_recorded');
      expect(await order('727')).toMatchObject({ refunded_amount: 3900, status: 'refunded' });
      const replay = await postWoo('order.updated', JSON.stringify(refundedOrder), 'wc-delivery-4');
      expect(replay.status).toBe(200);
      expect(await order('727')).toMatchObject({ refunded_amount: 3900 });
    });

    it('uses a guest order billing email as the customer when customer_id is 0', async () => {
      const guest = { ...JSON.parse(created), id: 730, customer_id: 0 };
      expect((await postWoo('order.created', JSON.stringify(guest), 'wc-delivery-5')).body.outcome).toBe(
        'order_recorded',
      );
      const row = await order('730');
      const customer = await h.database.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', row!.customer_id)
        .executeTakeFirstOrThrow();
      expect(customer.external_id).toBe('john.doe@example.com');
    });
  });
});
