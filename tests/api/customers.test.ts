import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('customers on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Customer Shop', ['https://shop.example']);
  });
  afterAll(() => h.close());

  const upsert = (body: unknown, key = shop.secret_key) => h.request('POST', '/v1/customers', { key, body });

  it('creates a customer with a human-friendly referral code and link (201)', async () => {
    const res = await upsert({ external_id: 'u_ann', email: 'ann@example.com', name: 'Ann' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'customer',
      external_id: 'u_ann',
      email: 'ann@example.com',
      name: 'Ann',
      referred_by: null,
      tier: null,
      segment: 'new',
      stats: { clicks: 0, referrals: 0, conversions: 0 },
    });
    expect(res.body.id).toMatch(/^cus_/);
    expect(res.body.referral_code).toMatch(/^ANN-[2-9A-HJ-NP-Z]{4}$/);
    expect(res.body.referral_url).toBe(`https://shop.example/?ref=${res.body.referral_code}`);
  });

  it('welcomes a new customer with the signup points, written to the ledger', async () => {
    const res = await upsert({ external_id: 'u_points', name: 'Pat' });
    expect(res.body.points_balance).toBe(100);
    const ledger = await h.request('GET', '/v1/customers/u_points/ledger', { key: shop.secret_key });
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({ object: 'list', has_more: false });
    expect(ledger.body.data).toEqual([
      expect.objectContaining({ delta: 100, reason: 'signup', balance_after: 100, account: 'points' }),
    ]);
  });

  it('updates an existing customer (200) and keeps the referral code', async () => {
    const first = await upsert({ external_id: 'u_bob', name: 'Bob' });
    const second = await upsert({ external_id: 'u_bob', email: 'bob@example.com' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, name: 'Bob', email: 'bob@example.com' });
    expect(second.body.referral_code).toBe(first.body.referral_code);
    expect(second.body.points_balance).toBe(100);
  });

  it('gives every customer a distinct code even when they share a name', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const res = await upsert({ external_id: `same_${i}`, name: 'Sam' });
      codes.add(res.body.referral_code);
    }
    expect(codes.size).toBe(25);
  });

  it('ends with one customer when the same external_id is posted concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => upsert({ external_id: 'u_race', email: 'race@example.com' })),
    );
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const ledger = await h.request('GET', '/v1/customers/u_race/ledger', { key: shop.secret_key });
    expect(ledger.body.data).toHaveLength(1);
  });

  it('links a friend to the referrer whose code they used', async () => {
    const ann = await h.request('GET', '/v1/customers/u_ann', { key: shop.secret_key });
    const friend = await upsert({
      external_id: 'u_friend',
      email: 'friend@example.com',
      referral_code_used: ann.body.referral_code.toLowerCase(),
    });
    expect(friend.body.referred_by).toBe(ann.body.id);
    const after = await h.request('GET', '/v1/customers/u_ann', { key: shop.secret_key });
    expect(after.body.stats.referrals).toBe(1);
  });

  it('ignores a referral code used by its own owner under another address of the same inbox', async () => {
    const owner = await upsert({ external_id: 'u_self', email: 'self.person@gmail.com', name: 'Self' });
    const again = await upsert({
      external_id: 'u_self_2',
      email: 'SelfPerson+promo@googlemail.com',
      referral_code_used: owner.body.referral_code,
    });
    expect(again.body.referred_by).toBeNull();
  });

  it('finds a customer by the cus_ id that rewards and events carry', async () => {
    const ann = await h.request('GET', '/v1/customers/u_ann', { key: shop.secret_key });
    const byId = await h.request('GET', `/v1/customers/${ann.body.id}`, { key: shop.secret_key });
    expect(byId.status).toBe(200);
    expect(byId.body.external_id).toBe('u_ann');
  });

  it('returns 404 for an unknown customer', async () => {
    const res = await h.request('GET', '/v1/customers/nobody', { key: shop.secret_key });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found', param: 'external_id' });
  });

  it('rejects bad input by naming the field, and writes nothing', async () => {
    const before = await snapshot(h.database);
    const cases: [unknown, string][] = [
      [{}, 'external_id'],
      [{ external_id: '' }, 'external_id'],
      [{ external_id: 'x', email: 'not-an-email' }, 'email'],
      [{ external_id: 'x', birthday: '1990-13-01' }, 'birthday'],
      [{ external_id: 42 }, 'external_id'],
    ];
    for (const [body, param] of cases) {
      const res = await upsert(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request', param });
    }
    const notObject = await h.request('POST', '/v1/customers', { key: shop.secret_key, rawBody: '[1,2]' });
    expect(notObject.status).toBe(400);
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('lists customers newest first with cursor pagination', async () => {
    const page1 = await h.request('GET', '/v1/customers?limit=2', { key: shop.secret_key });
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ object: 'list', has_more: true });
    expect(page1.body.data).toHaveLength(2);
    const page2 = await h.request('GET', `/v1/customers?limit=2&starting_after=${page1.body.data[1].id}`, {
      key: shop.secret_key,
    });
    expect(page2.body.data[0].id < page1.body.data[1].id).toBe(true);
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await h.request(
        'GET',
        `/v1/customers?limit=7${cursor ? `&starting_after=${cursor}` : ''}`,
        {
          key: shop.secret_key,
        },
      );
      all.push(...res.body.data.map((c: { id: string }) => c.id));
      if (!res.body.has_more) break;
      cursor = res.body.data.at(-1).id;
    }
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort().reverse()).toEqual(all);
  });

  it('refuses a limit outside 1–100', async () => {
    const res = await h.request('GET', '/v1/customers?limit=500', { key: shop.secret_key });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('limit');
  });

  it('filters by lifecycle segment', async () => {
    const buyers = await h.database.db
      .selectFrom('customers')
      .select('id')
      .where('external_id', 'in', ['u_bob', 'u_ann'])
      .execute();
    const now = h.clock.now().toISOString();
    // Ann: three orders → high_value; Bob: one order long ago → silent.
    await h.database.db
      .updateTable('customers')
      .set({ orders_count: 3, total_spent: 9000, last_seen_at: now })
      .where('external_id', '=', 'u_ann')
      .execute();
    await h.database.db
      .updateTable('customers')
      .set({ orders_count: 1, total_spent: 1000, last_seen_at: '2025-01-01T00:00:00.000Z' })
      .where('external_id', '=', 'u_bob')
      .execute();
    expect(buyers).toHaveLength(2);
    const byId = async (segment: string) => {
      const res = await h.request('GET', `/v1/customers?segment=${segment}&limit=100`, {
        key: shop.secret_key,
      });
      expect(res.status).toBe(200);
      return res.body.data.map((c: { external_id: string; segment: string }) => {
        expect(c.segment).toBe(segment);
        return c.external_id;
      });
    };
    expect(await byId('high_value')).toEqual(['u_ann']);
    expect(await byId('silent')).toEqual(['u_bob']);
    expect(await byId('new')).toContain('u_friend');
    expect(await byId('new')).not.toContain('u_ann');
    const bad = await h.request('GET', '/v1/customers?segment=vip', { key: shop.secret_key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('segment');
  });

  it("keeps merchants apart: another merchant's key sees 404 for this merchant's customer", async () => {
    const other = await h.createMerchant('Other Shop');
    const res = await h.request('GET', '/v1/customers/u_ann', { key: other.secret_key });
    expect(res.status).toBe(404);
    const ledger = await h.request('GET', '/v1/customers/u_ann/ledger', { key: other.secret_key });
    expect(ledger.status).toBe(404);
    const list = await h.request('GET', '/v1/customers', { key: other.secret_key });
    expect(list.body.data).toEqual([]);
    const same = await h.request('POST', '/v1/customers', {
      key: other.secret_key,
      body: { external_id: 'u_ann' },
    });
    expect(same.status).toBe(201);
    expect(same.body.referral_url).toContain('ref=');
  });
});
