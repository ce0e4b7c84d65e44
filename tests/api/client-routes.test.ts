import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('client routes (what the widget calls) on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;
  const client = (path: string, body: unknown, headers: Record<string, string> = { Origin: ORIGIN }) =>
    h.request('POST', `/v1/client/${path}?key=${shop.publishable_key}`, { body, headers });

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Client Shop', [ORIGIN]);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  it('gives an anonymous visitor an id, the program, and CORS for the shop’s origin', async () => {
    const res = await client('bootstrap', {});
    expect(res.status).toBe(200);
    expect(res.body.visitor_id).toMatch(/^vis_[0-9A-Z]{26}$/);
    expect(res.body).toMatchObject({ customer: null, friend_offer: null });
    expect(res.body.session).toBeUndefined();
    expect(res.body.program).toMatchObject({
      theme: { brand_color: '#4f46e5' },
      referral: { enabled: true },
    });
    expect(res.body.program.loyalty.redemption_options[0]).toMatchObject({ id: '5off', points: 500 });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    const again = await client('bootstrap', { visitor_id: res.body.visitor_id });
    expect(again.body.visitor_id).toBe(res.body.visitor_id);
    const ownId = await client('bootstrap', { visitor_id: 'shop-visitor-42' });
    expect(ownId.body.visitor_id).toBe('shop-visitor-42');
    const hostile = await client('bootstrap', { visitor_id: '<script>' });
    expect(hostile.body.visitor_id).toMatch(/^vis_/);
  });

  it('accepts a text/plain body so the widget needs no preflight', async () => {
    const res = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      rawBody: JSON.stringify({ locale: 'en' }),
      headers: { Origin: ORIGIN, 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(200);
  });

  it('answers a preflight for an allowed origin and refuses another origin', async () => {
    const pre = await h.request('OPTIONS', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    const evil = await client('bootstrap', {}, { Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error).toMatchObject({ type: 'permission', code: 'origin_not_allowed' });
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const evilPre = await h.request('OPTIONS', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(evilPre.status).toBe(403);
  });

  it('lets an origin entry ending in :* allow every port of that host, and nothing else', async () => {
    const local = await h.createMerchant('Local Shop', ['http://localhost:*']);
    const from = (origin: string) =>
      h.request('POST', `/v1/client/bootstrap?key=${local.publishable_key}`, {
        body: {},
        headers: { Origin: origin },
      });
    expect((await from('http://localhost:5173')).status).toBe(200);
    expect((await from('http://localhost:9000')).status).toBe(200);
    expect((await from('http://localhost.evil.example:5173')).status).toBe(403);
    expect((await from('https://localhost:5173')).status).toBe(403);
  });

  it('never accepts a secret key on a client route', async () => {
    const res = await h.request('POST', '/v1/client/bootstrap', {
      key: shop.secret_key,
      body: {},
      headers: { Origin: ORIGIN },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('secret_key_not_allowed');
  });

  it('shows the friend who the referrer is, and records one click per visitor and day', async () => {
    const ann = await story.customer(uid('ann'), { name: 'Ann Lee', email: 'ann@shop.test' });
    const first = await story.click(ann.referral_code.toLowerCase());
    expect(first.friend_offer).toEqual({
      referrer_name: 'Ann',
      reward: { type: 'amount_off', amount: 1000, currency: 'USD' },
      code: ann.referral_code,
    });
    await story.click(ann.referral_code, { visitorId: first.visitor_id });
    expect((await story.getCustomer(ann.external_id)).stats.clicks).toBe(1);
    const unknown = await story.click('NOPE-0000');
    expect(unknown.friend_offer).toBeNull();
  });

  it('identifies a signed-in shopper and returns their state and a session', async () => {
    const id = uid('shopper');
    const res = await story.identify(id, { email: 'sam@shop.test', name: 'Sam' });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({
      external_id: id,
      name: 'Sam',
      points_balance: 100,
      tier: null,
      next_tier: { name: 'Silver', threshold_points: 1000 },
      stats: { clicks: 0, referrals: 0, conversions: 0 },
    });
    expect(res.body.customer.referral_url).toBe(`${ORIGIN}/?ref=${res.body.customer.referral_code}`);
    expect(res.body.customer.ledger[0]).toMatchObject({ delta: 100, reason: 'signup' });
    expect(typeof res.body.session).toBe('string');
  });

  it('refuses a wrong identity signature with a 401 and writes nothing', async () => {
    const before = await snapshot(h.database);
    const res = await client('bootstrap', {
      identity: {
        external_id: 'mallory',
        signature: createHmac('sha256', 'sk_wrong').update('mallory').digest('hex'),
      },
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ type: 'authentication', param: 'identity.signature' });
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('tags share links with their channel, for a shopper with a session only', async () => {
    const me = await story.identify(uid('sharer'), { name: 'Sue' });
    const share = await client('shares', { channel: 'whatsapp', session: me.body.session });
    expect(share.status).toBe(200);
    expect(share.body.share_url).toBe(`${ORIGIN}/?ref=${me.body.customer.referral_code}&fw_ch=whatsapp`);
    const viaHeader = await client(
      'shares',
      { channel: 'x' },
      { Origin: ORIGIN, 'X-Flywheel-Session': me.body.session },
    );
    expect(viaHeader.status).toBe(200);
    const anonymous = await client('shares', { channel: 'x' });
    expect(anonymous.status).toBe(401);
    const forged = await client('shares', {
      channel: 'x',
      session: `${me.body.session.split('.')[0]}.deadbeef`,
    });
    expect(forged.status).toBe(401);
    const badChannel = await client('shares', { channel: 'not a channel!', session: me.body.session });
    expect(badChannel.body.error.param).toBe('channel');
  });

  it('rewards a share when it brings a real visit, capped per day (never the share button alone)', async () => {
    await story.setProgram({ share_to_earn: { daily_cap: 2, reward: { type: 'points', points: 50 } } });
    const id = uid('sharer');
    const me = await story.identify(id, { name: 'Sid' });
    await client('shares', { channel: 'whatsapp', session: me.body.session });
    expect((await story.rewards(id)).filter((r) => r.source === 'share')).toHaveLength(0);
    const code = me.body.customer.referral_code;
    for (let i = 0; i < 3; i++) await story.click(code, { channel: 'whatsapp' });
    const shareRewards = (await story.rewards(id)).filter((r) => r.source === 'share');
    expect(shareRewards).toHaveLength(2);
    expect(shareRewards.every((r) => r.status === 'issued')).toBe(true);
    expect((await story.getCustomer(id)).points_balance).toBe(200);
  });

  it('does not count the referrer opening their own link', async () => {
    const id = uid('self');
    const me = await story.identify(id, { name: 'Selma' });
    const res = await client('bootstrap', {
      ref: me.body.customer.referral_code,
      visitor_id: me.body.visitor_id,
    });
    expect(res.body.friend_offer).toBeNull();
    expect((await story.getCustomer(id)).stats.clicks).toBe(0);
  });

  it('reveals the new-customer coupon once per inbox, and refuses an email that has ordered', async () => {
    const { visitor_id } = await client('bootstrap', {}).then((r) => r.body);
    const first = await story.claim(visitor_id, 'New.Friend+promo@gmail.com');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reward: { type: 'amount_off', amount: 1000, currency: 'USD' } });
    expect(first.body.coupon_code).toMatch(/^FLY-/);
    const same = await story.claim(visitor_id, 'newfriend@gmail.com');
    expect(same.body.coupon_code).toBe(first.body.coupon_code);
    await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('buyer'), email: 'buyer@shop.test' },
    });
    const before = await snapshot(h.database);
    const buyer = await story.claim(visitor_id, 'buyer@shop.test');
    expect(buyer.status).toBe(409);
    expect(buyer.body.error).toMatchObject({ type: 'conflict', code: 'existing_customer' });
    const invalid = await story.claim(visitor_id, 'not-an-email');
    expect(invalid.body.error.param).toBe('email');
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('redeems points for a coupon from the option’s pool, and refuses when points fall short', async () => {
    await h.request('POST', '/v1/coupons', {
      key: shop.secret_key,
      body: { pool: 'redemption:5off', codes: ['FIVE-OFF-1'] },
    });
    const id = uid('saver');
    const me = await story.identify(id, { name: 'Sal' });
    const short = await client('redeem', { option_id: '5off', session: me.body.session });
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('insufficient_points');
    await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: id, delta: 450, reason: 'gift' },
    });
    const res = await client('redeem', { option_id: '5off', session: me.body.session });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'reward',
      source: 'redemption',
      status: 'issued',
      coupon_code: 'FIVE-OFF-1',
    });
    expect((await story.ledger(id))[0]).toMatchObject({
      delta: -500,
      reason: 'redemption',
      balance_after: 50,
    });
    const unknown = await client('redeem', { option_id: 'nope', session: me.body.session });
    expect(unknown.status).toBe(404);
  });

  it('slows down a script claiming offers in bulk from one address (429 with Retry-After)', async () => {
    const { visitor_id } = await client('bootstrap', {}).then((r) => r.body);
    const from = { Origin: ORIGIN, 'X-Forwarded-For': '203.0.113.99' };
    const claims = [];
    for (let i = 0; i < 61; i++) {
      claims.push(await client('offers/claim', { visitor_id, email: `bulk${i}@spam.test` }, from));
    }
    expect(claims.slice(0, 60).every((r) => r.status === 200)).toBe(true);
    const blocked = claims[60]!;
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ type: 'rate_limited', code: 'too_many_requests' });
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    const codes = await h.database.db
      .selectFrom('offer_claims')
      .select('id')
      .where('email', '=', 'bulk60@spam.test')
      .execute();
    expect(codes).toEqual([]);
    const otherShopper = await client(
      'offers/claim',
      { visitor_id, email: 'real@shopper.test' },
      { Origin: ORIGIN, 'X-Forwarded-For': '198.51.100.77' },
    );
    expect(otherShopper.status).toBe(200);
    h.clock.advance(61_000);
    const later = await client('offers/claim', { visitor_id, email: 'bulk61@spam.test' }, from);
    expect(later.status).toBe(200);
  });

  it('stores a purchase hint without creating an order', async () => {
    const res = await client('events', { type: 'purchase', order_id: 'T-1', amount: 1999, currency: 'usd' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ok: true });
    const orders = await h.database.db
      .selectFrom('orders')
      .select('id')
      .where('external_id', '=', 'T-1')
      .execute();
    expect(orders).toHaveLength(0);
    const hints = await h.database.db.selectFrom('client_events').select('payload').execute();
    expect(hints.some((e) => JSON.parse(e.payload).order_id === 'T-1')).toBe(true);
  });
});
