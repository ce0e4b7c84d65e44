// Referral coupons reach the merchant's Shopify store after the request that issued them: the sync job
// pushes each generated code once to a real (local) HTTP server standing in for the Admin GraphQL API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SYNC_ATTEMPTS, syncShopifyCoupons } from '../../api/src/jobs/sync-shopify-coupons.ts';
import { createHarness, type Harness } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

const SHOP_DOMAIN = 'flywheel-test.myshopify.com';
const HOUR = 3_600_000;

interface ShopRequest {
  host: string;
  path: string;
  token: string;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL JSON.
  body: any;
}

interface ShopAnswer {
  status: number;
  body: unknown;
}

const created = (id: string): ShopAnswer => ({
  status: 200,
  body: { data: { discountCodeBasicCreate: { codeDiscountNode: { id }, userErrors: [] } } },
});
const serverError: ShopAnswer = { status: 500, body: { errors: 'Internal Server Error' } };

describe.each(DIALECTS)('Shopify discount codes on %s', (dialect) => {
  let h: Harness;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;

  // The stand-in shop: records every request and answers from a per-token script, else "created".
  const received: ShopRequest[] = [];
  const scripts = new Map<string, ShopAnswer[]>();
  let origin = '';
  const shopServer = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const token = String(req.headers['x-shopify-access-token'] ?? '');
      received.push({
        host: String(req.headers['x-requested-host'] ?? ''),
        path: req.url ?? '',
        token,
        body: JSON.parse(raw),
      });
      const answer =
        scripts.get(token)?.shift() ?? created(`gid://shopify/DiscountCodeNode/${received.length}`);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  // The job calls https://<shop_domain>/…; this fetch carries the call to the local shop instead.
  const toLocalShop: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    headers.set('x-requested-host', `${url.protocol}//${url.host}`);
    return fetch(`${origin}${url.pathname}`, { ...init, headers });
  };
  const syncPass = () => syncShopifyCoupons(h.app.deps, { fetch: toLocalShop });
  const requestsWith = (token: string) => received.filter((r) => r.token === token);

  beforeAll(async () => {
    h = await createHarness(dialect);
    await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => shopServer.close(() => resolve()));
    await h.close();
  });

  /** A shop whose referrers earn $15 off (a coupon) and whose friends earn points, with no hold. */
  async function shopifyShop(adminToken: string | null) {
    const merchant = await h.createMerchant(uid('Shopify shop'), [ORIGIN]);
    const story = storyOf(h, merchant);
    await story.setProgram({
      referral: {
        hold_days: 0,
        referrer_reward: { type: 'amount_off', amount: 1500, currency: 'USD' },
        friend_reward: { type: 'points', points: 100 },
      },
    });
    const res = await h.request('PUT', '/v1/integrations/shopify', {
      key: merchant.secret_key,
      body: {
        webhook_secret: 'shpss_test_secret',
        shop_domain: SHOP_DOMAIN,
        ...(adminToken ? { admin_token: adminToken } : {}),
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.has_admin_token).toBe(adminToken !== null);
    return { merchant, story };
  }

  /** A friend's first order through Ann's code: Ann's coupon reward is issued at once. */
  async function referrerCoupon(story: ReturnType<typeof storyOf>) {
    const ann = uid('ann');
    const { referral_code } = await story.customer(ann, { name: 'Ann' });
    const order = uid('o');
    const res = await story.order({ external_id: order, customer: { external_id: uid('f') }, referral_code });
    expect(res.status).toBe(201);
    const [reward] = await story.rewards(ann);
    expect(reward).toMatchObject({ status: 'issued', kind: 'coupon' });
    return { order, code: reward!.coupon_code as string };
  }

  const couponRow = (code: string) =>
    h.database.db.selectFrom('coupon_codes').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  it('creates an issued referral coupon in the shop once, with its code and value', async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { code } = await referrerCoupon(story);
    // The request that issued the coupon did not wait for Shopify.
    expect(requestsWith(token)).toHaveLength(0);

    await syncPass();
    const sent = requestsWith(token);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.host).toBe(`https://${SHOP_DOMAIN}`);
    expect(sent[0]!.path).toBe('/admin/api/2025-10/graphql.json');
    expect(sent[0]!.body.query).toContain('discountCodeBasicCreate');
    expect(sent[0]!.body.variables.basicCodeDiscount).toMatchObject({
      code,
      usageLimit: 1,
      startsAt: h.clock.now().toISOString(),
      customerGets: { value: { discountAmount: { amount: '15.00', appliesOnEachItem: false } } },
    });
    const row = await couponRow(code);
    expect(row.synced_at).toBe(h.clock.now().toISOString());
    expect(row.external_ref).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\//);
    expect(Number(row.sync_attempts)).toBe(1);

    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);
  });

  it("creates a claimed new-customer offer in the shop as the program's percentage off", async () => {
    const token = uid('shpat');
    const { merchant, story } = await shopifyShop(token);
    await story.setProgram({ new_customer_offer: { reward: { type: 'percent_off', percent: 15 } } });
    const boot = await h.request('POST', `/v1/client/bootstrap?key=${merchant.publishable_key}`, {
      body: {},
      headers: { Origin: ORIGIN },
    });
    const claim = await story.claim(boot.body.visitor_id, `${uid('new')}@example.net`);
    expect(claim.status).toBe(200);

    await syncPass();
    const sent = requestsWith(token);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.variables.basicCodeDiscount.code).toBe(claim.body.coupon_code);
    expect(sent[0]!.body.variables.basicCodeDiscount.customerGets.value).toEqual({ percentage: 0.15 });
    expect((await couponRow(claim.body.coupon_code)).synced_at).not.toBeNull();
  });

  it('retries a failing shop with backoff and marks the code synced when it finally succeeds', async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { code } = await referrerCoupon(story);
    scripts.set(token, [
      serverError,
      { status: 200, body: { errors: [{ message: 'Internal error. Looks like something went wrong.' }] } },
    ]);

    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);
    expect(await couponRow(code)).toMatchObject({
      synced_at: null,
      sync_error: expect.stringMatching(/500/),
    });
    // Not due again until the backoff has passed.
    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);

    h.clock.advance(30_000);
    await syncPass();
    expect(requestsWith(token)).toHaveLength(2);
    expect((await couponRow(code)).sync_error).toMatch(/Internal error/);

    h.clock.advance(2 * 60_000);
    await syncPass();
    const sent = requestsWith(token);
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => r.body.variables.basicCodeDiscount.code === code)).toBe(true);
    const row = await couponRow(code);
    expect(row).toMatchObject({ sync_error: null, synced_at: h.clock.now().toISOString() });
    expect(Number(row.sync_attempts)).toBe(3);

    h.clock.advance(24 * HOUR);
    await syncPass();
    expect(requestsWith(token)).toHaveLength(3);
  });

  it(`gives a code up after ${MAX_SYNC_ATTEMPTS} failed attempts and keeps the last error`, async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { code } = await referrerCoupon(story);
    scripts.set(
      token,
      Array.from({ length: 20 }, () => serverError),
    );

    for (let pass = 0; pass < MAX_SYNC_ATTEMPTS + 3; pass++) {
      await syncPass();
      h.clock.advance(25 * HOUR);
    }
    expect(requestsWith(token)).toHaveLength(MAX_SYNC_ATTEMPTS);
    const row = await couponRow(code);
    expect(row).toMatchObject({ synced_at: null, sync_next_at: null });
    expect(row.sync_error).toMatch(/answered 500/);
  });

  it('waits out a throttled shop without spending an attempt', async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { code } = await referrerCoupon(story);
    scripts.set(token, [{ status: 429, body: { errors: 'Exceeded 2 calls per second for api client.' } }]);

    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);
    expect(Number((await couponRow(code)).sync_attempts)).toBe(0);
    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);

    h.clock.advance(10_000);
    await syncPass();
    expect(requestsWith(token)).toHaveLength(2);
    const row = await couponRow(code);
    expect(row.synced_at).not.toBeNull();
    expect(Number(row.sync_attempts)).toBe(1);
  });

  it('counts a code the shop already has (an earlier answer was lost) as synced', async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { code } = await referrerCoupon(story);
    scripts.set(token, [
      {
        status: 200,
        body: {
          data: {
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: [
                { field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique.' },
              ],
            },
          },
        },
      },
    ]);
    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);
    expect(await couponRow(code)).toMatchObject({ sync_error: null, external_ref: null });
    expect((await couponRow(code)).synced_at).not.toBeNull();
    await syncPass();
    expect(requestsWith(token)).toHaveLength(1);
  });

  it('never calls out for a merchant whose Shopify integration has no admin token', async () => {
    const { story } = await shopifyShop(null);
    const { code } = await referrerCoupon(story);
    await syncPass();
    h.clock.advance(HOUR);
    await syncPass();
    expect(received.filter((r) => r.body.variables.basicCodeDiscount.code === code)).toEqual([]);
    expect((await couponRow(code)).synced_at).toBeNull();
  });

  it('never pushes codes the merchant uploaded: they already exist in the shop', async () => {
    const token = uid('shpat');
    const { merchant, story } = await shopifyShop(token);
    const upload = await h.request('POST', '/v1/coupons', {
      key: merchant.secret_key,
      body: { pool: 'referrer', codes: ['SHOP-OWN-1'] },
    });
    expect(upload.status).toBeLessThan(300);
    const { code } = await referrerCoupon(story);
    expect(code).toBe('SHOP-OWN-1');
    await syncPass();
    expect(requestsWith(token)).toHaveLength(0);
  });

  it('does not push a coupon that was revoked before it was synced', async () => {
    const token = uid('shpat');
    const { story } = await shopifyShop(token);
    const { order, code } = await referrerCoupon(story);
    expect((await story.refund(order)).status).toBe(200);
    expect((await couponRow(code)).revoked_at).not.toBeNull();
    await syncPass();
    expect(requestsWith(token)).toHaveLength(0);
  });
});
