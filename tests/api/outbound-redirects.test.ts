// The Shopify admin token must never be carried past the address guard by a redirect: a shop that
// answers 307 to another address is a failed call, and the second address hears nothing. All on
// loopback (the harness allows private addresses, so the first server is reachable at all).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncShopifyCoupons } from '../../api/src/jobs/sync-shopify-coupons.ts';
import { createPinnedFetch } from '../../api/src/node-pinned-fetch.ts';
import { createHarness, type Harness } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each(DIALECTS)('outbound calls and redirects on %s', (dialect) => {
  let h: Harness;
  let n = 0;
  const uid = (p: string) => `${p}_${dialect}_${++n}`;

  // The "inside" server a redirect points at: it must never see a request, let alone the token.
  const insideTokens: string[] = [];
  const inside = createServer((req, res) => {
    insideTokens.push(String(req.headers['x-shopify-access-token'] ?? '(none)'));
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        data: { discountCodeBasicCreate: { codeDiscountNode: { id: 'gid://x/1' }, userErrors: [] } },
      }),
    );
  });
  let insideUrl = '';
  // The "shop" the merchant configured: it answers every call with a 307 to the inside server.
  let shopCalls = 0;
  const shop = createServer((req, res) => {
    shopCalls += 1;
    req.resume();
    res.writeHead(307, { Location: `${insideUrl}/admin/api/2025-10/graphql.json` }).end();
  });
  let shopUrl = '';

  beforeAll(async () => {
    h = await createHarness(dialect);
    insideUrl = await listen(inside);
    shopUrl = await listen(shop);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => inside.close(() => resolve()));
    await new Promise<void>((resolve) => shop.close(() => resolve()));
    await h.close();
  });

  /** A merchant with a Shopify admin token whose shop lives at the redirecting server, and one coupon to push. */
  async function couponForRedirectingShop(token: string) {
    const merchant = await h.createMerchant(uid('Redirect shop'), [ORIGIN]);
    const story = storyOf(h, merchant);
    await story.setProgram({
      referral: {
        hold_days: 0,
        referrer_reward: { type: 'amount_off', amount: 1500, currency: 'USD' },
        friend_reward: { type: 'points', points: 100 },
      },
    });
    const put = await h.request('PUT', '/v1/integrations/shopify', {
      key: merchant.secret_key,
      body: {
        webhook_secret: 'shpss_test_secret',
        shop_domain: 'redirect.myshopify.com',
        admin_token: token,
      },
    });
    expect(put.status).toBe(200);
    // The API takes host names only; an explicit origin (as a proxy setup would store) reaches loopback.
    await h.database.db
      .updateTable('integrations')
      .set({ shop_domain: shopUrl })
      .where('merchant_id', '=', merchant.id)
      .execute();
    const ann = uid('ann');
    const { referral_code } = await story.customer(ann);
    await story.order({ external_id: uid('o'), customer: { external_id: uid('f') }, referral_code });
    const [reward] = await story.rewards(ann);
    return reward!.coupon_code as string;
  }

  const couponRow = (code: string) =>
    h.database.db.selectFrom('coupon_codes').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  it('does not follow a 307 from the shop, so the admin token never reaches the address it points to', async () => {
    const token = uid('shpat_secret');
    const code = await couponForRedirectingShop(token);
    const before = shopCalls;
    // The runtime's own fetch (what the edge entry has): it must be told not to follow.
    const result = await syncShopifyCoupons(h.app.deps);
    expect(shopCalls).toBe(before + 1);
    expect(insideTokens).not.toContain(token);
    expect(result).toMatchObject({ attempted: 1, synced: 0, failed: 1 });
    const row = await couponRow(code);
    expect(row.synced_at).toBeNull();
    expect(row.sync_error).toMatch(/307.*redirect, not followed/);
  });

  it("sends the admin token through the app's address-checked fetch, never the plain one", async () => {
    const token = uid('shpat_pinned');
    const code = await couponForRedirectingShop(token);
    const pinned = createPinnedFetch({ allowPrivate: true });
    const used: string[] = [];
    const recording: typeof fetch = (input, init) => {
      used.push(String(input));
      return pinned(input, init);
    };
    await syncShopifyCoupons({ ...h.app.deps, webhookFetch: recording });
    expect(used).toEqual([`${shopUrl}/admin/api/2025-10/graphql.json`]);
    expect(insideTokens).not.toContain(token);
    expect((await couponRow(code)).synced_at).toBeNull();
  });
});
