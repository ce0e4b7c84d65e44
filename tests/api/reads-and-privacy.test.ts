// What a merchant reads back (orders, referrals) and what a shopper may ask for (GDPR export and
// erasure), plus a 405 for a known path with the wrong method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('reads and personal data on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let annId: string;
  const get = (path: string) => h.request('GET', path, { key: shop.secret_key });

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Reads Shop');
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
    const ann = await story.customer('u_ann', {
      email: 'ann@example.com',
      name: 'Ann',
      birthday: '1990-04-02',
    });
    annId = ann.id;
    // Bob comes through Ann's link on March 1st and orders twice; Cy orders alone on March 10th.
    const { visitor_id } = await story.click(ann.referral_code);
    h.clock.set('2026-03-01T12:00:00.000Z');
    await story.order({
      external_id: 'o1',
      customer: { external_id: 'u_bob', email: 'bob@example.org' },
      visitor_id,
    });
    h.clock.set('2026-03-05T12:00:00.000Z');
    await story.order({ external_id: 'o2', customer: { external_id: 'u_bob' } });
    h.clock.set('2026-03-10T12:00:00.000Z');
    await story.order({ external_id: 'o3', customer: { external_id: 'u_cy' } });
    await story.refund('o3');
    await story.order({ external_id: 'o4', customer: { external_id: 'u_ann' }, amount: 2000 });
  });
  afterAll(() => h.close());

  it('lists orders newest first, by customer, status and created range, page by page', async () => {
    const all = await get('/v1/orders');
    expect(all.body.data.map((o: { external_id: string }) => o.external_id)).toEqual([
      'o4',
      'o3',
      'o2',
      'o1',
    ]);
    const bobs = await get('/v1/orders?customer=u_bob');
    expect(bobs.body.data.map((o: { external_id: string }) => o.external_id)).toEqual(['o2', 'o1']);
    const refunded = await get('/v1/orders?status=refunded');
    expect(refunded.body.data.map((o: { external_id: string }) => o.external_id)).toEqual(['o3']);
    const early = await get('/v1/orders?created_gte=2026-03-01T00:00:00Z&created_lt=2026-03-06T00:00:00Z');
    expect(early.body.data.map((o: { external_id: string }) => o.external_id)).toEqual(['o2', 'o1']);
    const first = await get('/v1/orders?limit=3');
    expect(first.body).toMatchObject({ has_more: true });
    const rest = await get(`/v1/orders?limit=3&starting_after=${first.body.data[2].id}`);
    expect(rest.body).toMatchObject({
      has_more: false,
      data: [expect.objectContaining({ external_id: 'o1' })],
    });
    expect((await get('/v1/orders?customer=nobody')).body.data).toEqual([]);
    expect((await get('/v1/orders?status=lost')).body.error).toMatchObject({ param: 'status' });
  });

  it('shows one order with its attribution and rewards, and 404 for an unknown one', async () => {
    const order = await get('/v1/orders/o1');
    expect(order.body).toMatchObject({
      object: 'order',
      external_id: 'o1',
      attribution: { referrer: annId, method: 'link' },
    });
    expect(order.body.rewards.map((r: { source: string }) => r.source).sort()).toEqual([
      'referral_friend',
      'referral_referrer',
    ]);
    const missing = await get('/v1/orders/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'not_found', param: 'external_id' });
  });

  it('lists referrals by referrer and status', async () => {
    const anns = await get('/v1/referrals?referrer=u_ann');
    expect(anns.body.data).toEqual([
      expect.objectContaining({ object: 'referral', referrer: annId, status: 'converted', method: 'link' }),
    ]);
    expect((await get('/v1/referrals?status=rejected')).body.data).toEqual([]);
    expect((await get('/v1/referrals?referrer=u_cy')).body.data).toEqual([]);
  });

  it('exports everything stored about a person', async () => {
    const res = await get('/v1/customers/u_ann/export');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'customer_export',
      customer: { external_id: 'u_ann', email: 'ann@example.com', name: 'Ann', birthday: '1990-04-02' },
      orders: [expect.objectContaining({ external_id: 'o4' })],
      referrals: [expect.objectContaining({ referrer: annId, status: 'converted' })],
    });
    expect(res.body.rewards.map((r: { source: string }) => r.source)).toContain('referral_referrer');
    expect(res.body.ledger_entries.length).toBeGreaterThan(0);
    expect((await get('/v1/customers/nobody/export')).status).toBe(404);
  });

  it('erases a person’s data but keeps the ledger, orders and statistics, and tells webhooks', async () => {
    const before = await get('/v1/customers/u_bob');
    const statsBefore = (await get('/v1/stats')).body;
    const ledgerBefore = (await get('/v1/customers/u_bob/ledger')).body.data;
    await story.identify('u_bob', { ip: '198.51.100.4', ua: 'BobBrowser/2' });

    const res = await h.request('DELETE', '/v1/customers/u_bob', { key: shop.secret_key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: before.body.id, object: 'customer', external_id: 'u_bob', deleted: true });

    expect((await get('/v1/customers/u_bob')).status).toBe(404);
    const row = await h.database.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', before.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: null, email_normalized: null, name: null, birthday: null });
    expect(row.external_id).not.toContain('u_bob');
    expect(Number(row.points_balance)).toBe(before.body.points_balance);
    expect(Number(row.total_spent)).toBe(before.body.total_spent);
    const devices = await h.database.db
      .selectFrom('visitors')
      .select(['ip_hash', 'ua_hash'])
      .where('customer_id', '=', before.body.id)
      .execute();
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => d.ip_hash === null && d.ua_hash === null)).toBe(true);
    const orderHashes = await h.database.db
      .selectFrom('orders')
      .select('ip_hash')
      .where('customer_id', '=', before.body.id)
      .execute();
    expect(orderHashes.every((o) => o.ip_hash === null)).toBe(true);
    const stored = await h.database.db
      .selectFrom('events')
      .select('data')
      .where('customer_id', '=', before.body.id)
      .execute();
    expect(stored.map((e) => e.data).join()).not.toContain('bob@example.org');

    // The money and the loop's numbers are unchanged; the orders still count.
    const ledgerAfter = await h.database.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('customer_id', '=', before.body.id)
      .execute();
    expect(ledgerAfter.map((e) => e.id).sort()).toEqual(ledgerBefore.map((e: { id: string }) => e.id).sort());
    // Except what the shop owes now: an erased person can no longer spend their points, so the points
    // liability (a figure of today, not of the period) drops by their balance (docs/analytics.md).
    const { points_liability: liabilityAfter, ...statsAfter } = (await get('/v1/stats')).body;
    const { points_liability: liabilityBefore, ...statsKept } = statsBefore;
    expect(statsAfter).toEqual(statsKept);
    expect(before.body.points_balance).toBeGreaterThan(0);
    expect(liabilityAfter.points).toBe(liabilityBefore.points - before.body.points_balance);
    expect(
      (await get('/v1/orders?status=paid')).body.data.map((o: { external_id: string }) => o.external_id),
    ).toContain('o1');
    expect((await get('/v1/customers')).body.data.map((c: { id: string }) => c.id)).not.toContain(
      before.body.id,
    );

    const events = await get('/v1/events?type=customer.deleted');
    expect(events.body.data).toEqual([
      expect.objectContaining({
        type: 'customer.deleted',
        data: expect.objectContaining({ id: before.body.id }),
      }),
    ]);
  });

  it('refuses to erase an unknown customer and changes nothing', async () => {
    const before = await snapshot(h.database);
    const res = await h.request('DELETE', '/v1/customers/nobody', { key: shop.secret_key });
    expect(res.status).toBe(404);
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('answers 405 with Allow for a known path asked with a method it does not have', async () => {
    const res = await h.request('PATCH', '/v1/program', { key: shop.secret_key, body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, PUT');
    expect(res.body.error).toMatchObject({ type: 'invalid_request', code: 'method_not_allowed' });
    const orders = await h.request('DELETE', '/v1/orders/o1', { key: shop.secret_key });
    expect(orders.status).toBe(405);
    expect(orders.headers.get('Allow')).toBe('GET');
    expect((await h.request('GET', '/v1/nowhere', { key: shop.secret_key })).status).toBe(404);
  });
});
