// Webhook endpoints and the event log through the HTTP API: create, list, delete, rotate, filters,
// and the request-forgery guard on endpoint URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { recordEvent } from '../../api/src/store/events.ts';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('webhook endpoints on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let other: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Hook Shop');
    other = await h.createMerchant('Other Shop');
  });
  afterAll(() => h.close());

  const create = (body: unknown, key = shop.secret_key) =>
    h.request('POST', '/v1/webhook_endpoints', { key, body });

  it('creates an endpoint for all events and shows its whsec_ secret once', async () => {
    const res = await create({ url: 'https://hooks.example.com/flywheel' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://hooks.example.com/flywheel',
      events: ['*'],
      status: 'enabled',
      disabled_reason: null,
    });
    expect(res.body.id).toMatch(/^we_/);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(atob(res.body.secret.slice('whsec_'.length))).toHaveLength(24);

    const fetched = await h.request('GET', `/v1/webhook_endpoints/${res.body.id}`, { key: shop.secret_key });
    expect(fetched.status).toBe(200);
    expect(fetched.body.id).toBe(res.body.id);
    expect(fetched.body).not.toHaveProperty('secret');
  });

  it('gives every endpoint its own secret and keeps several per merchant', async () => {
    const a = await create({ url: 'https://a.example.com/hook', events: ['reward.issued'] });
    const b = await create({
      url: 'https://b.example.com/hook',
      events: ['reward.issued', 'order.attributed'],
    });
    expect(a.body.secret).not.toBe(b.body.secret);
    expect(b.body.events).toEqual(['reward.issued', 'order.attributed']);
    const list = await h.request('GET', '/v1/webhook_endpoints', { key: shop.secret_key });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', has_more: false });
    const ids = list.body.data.map((e: { id: string }) => e.id);
    expect(ids.slice(0, 2)).toEqual([b.body.id, a.body.id]);
    for (const endpoint of list.body.data) expect(endpoint).not.toHaveProperty('secret');
  });

  it("does not show one merchant's endpoints to another", async () => {
    const mine = await create({ url: 'https://private.example.com/hook' });
    const list = await h.request('GET', '/v1/webhook_endpoints', { key: other.secret_key });
    expect(list.body.data).toEqual([]);
    const peek = await h.request('GET', `/v1/webhook_endpoints/${mine.body.id}`, { key: other.secret_key });
    expect(peek.status).toBe(404);
    const del = await h.request('DELETE', `/v1/webhook_endpoints/${mine.body.id}`, { key: other.secret_key });
    expect(del.status).toBe(404);
  });

  it('pages through endpoints with starting_after', async () => {
    const page1 = await h.request('GET', '/v1/webhook_endpoints?limit=2', { key: shop.secret_key });
    expect(page1.body.has_more).toBe(true);
    const page2 = await h.request(
      'GET',
      `/v1/webhook_endpoints?limit=2&starting_after=${page1.body.data[1].id}`,
      { key: shop.secret_key },
    );
    expect(page2.body.data.length).toBeGreaterThan(0);
    expect(page2.body.data[0].id < page1.body.data[1].id).toBe(true);
  });

  it('deletes an endpoint: answered with deleted true, then gone from reads', async () => {
    const created = await create({ url: 'https://gone.example.com/hook' });
    const del = await h.request('DELETE', `/v1/webhook_endpoints/${created.body.id}`, {
      key: shop.secret_key,
    });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: created.body.id, object: 'webhook_endpoint', deleted: true });
    expect(del.body).not.toHaveProperty('secret');
    const get = await h.request('GET', `/v1/webhook_endpoints/${created.body.id}`, { key: shop.secret_key });
    expect(get.status).toBe(404);
    const list = await h.request('GET', '/v1/webhook_endpoints?limit=100', { key: shop.secret_key });
    expect(list.body.data.map((e: { id: string }) => e.id)).not.toContain(created.body.id);
  });

  it('rotates the secret: a new whsec_ is shown, different from the old one', async () => {
    const created = await create({ url: 'https://rotate.example.com/hook' });
    const rotated = await h.request('POST', `/v1/webhook_endpoints/${created.body.id}/rotate`, {
      key: shop.secret_key,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
  });

  it('refuses unknown event types and bad URLs by naming the field, and writes nothing', async () => {
    const before = await snapshot(h.database);
    const cases: [unknown, string][] = [
      [{}, 'url'],
      [{ url: '' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://files.example.com/hook' }, 'url'],
      [{ url: 'https://user:pass@hooks.example.com/' }, 'url'],
      [{ url: 'https://hooks.example.com/', events: [] }, 'events'],
      [{ url: 'https://hooks.example.com/', events: ['order.exploded'] }, 'events.0'],
      [{ url: 'https://hooks.example.com/', events: 'reward.issued' }, 'events'],
    ];
    for (const [body, param] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request', param });
    }
    const noKey = await h.request('POST', '/v1/webhook_endpoints', {
      body: { url: 'https://x.example.com/' },
    });
    expect(noKey.status).toBe(401);
    const publishable = await create({ url: 'https://x.example.com/' }, shop.publishable_key);
    expect(publishable.status).toBe(401);
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('lists events newest first, filtered by type', async () => {
    const db = h.database.db;
    const t0 = h.clock.now();
    await recordEvent(db, { merchantId: shop.id, type: 'reward.issued', data: { n: 1 } }, t0);
    await recordEvent(
      db,
      { merchantId: shop.id, type: 'points.changed', data: { n: 2 } },
      new Date(t0.getTime() + 1000),
    );
    await recordEvent(
      db,
      { merchantId: shop.id, type: 'reward.issued', data: { n: 3 } },
      new Date(t0.getTime() + 2000),
    );
    await recordEvent(db, { merchantId: other.id, type: 'reward.issued', data: { n: 4 } }, t0);

    const all = await h.request('GET', '/v1/events', { key: shop.secret_key });
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { data: { n: number } }) => e.data.n)).toEqual([3, 2, 1]);
    expect(all.body.data[0]).toEqual({
      id: expect.stringMatching(/^evt_/),
      object: 'event',
      type: 'reward.issued',
      created_at: new Date(t0.getTime() + 2000).toISOString(),
      data: { n: 3 },
    });
    const rewards = await h.request('GET', '/v1/events?type=reward.issued&limit=1', { key: shop.secret_key });
    expect(rewards.body).toMatchObject({ has_more: true });
    expect(rewards.body.data.map((e: { data: { n: number } }) => e.data.n)).toEqual([3]);
    const one = await h.request('GET', `/v1/events/${all.body.data[1].id}`, { key: shop.secret_key });
    expect(one.body.data).toEqual({ n: 2 });
    const bad = await h.request('GET', '/v1/events?type=nonsense', { key: shop.secret_key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('type');
  });

  it('allows private addresses when the deployment opts in', async () => {
    // This harness runs with allowPrivateWebhooks (FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS=1).
    const res = await create({ url: 'http://127.0.0.1:9999/hook' });
    expect(res.status).toBe(201);
  });

  it('documents the webhook routes in the OpenAPI document', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/webhook_endpoints',
        '/v1/webhook_endpoints/{id}/rotate',
        '/v1/webhook_endpoints/{id}/deliveries',
        '/v1/events',
        '/v1/integrations/{platform}/{merchant_id}',
      ]),
    );
  });
});

describe.each(DIALECTS)('webhook request-forgery guard on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect, { allowPrivateWebhooks: false });
    shop = await h.createMerchant('Guarded Shop');
  });
  afterAll(() => h.close());

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://[::1]:8080/hook',
    'http://localhost:3000/hook',
    'https://api.localhost/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://[::ffff:10.0.0.1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[fe80::1]/hook',
    'http://100.64.1.2/hook',
    'http://192.168.1.10/hook',
    'http://172.20.0.5/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s with 400 on url and writes nothing', async (url) => {
    const before = await snapshot(h.database);
    const res = await h.request('POST', '/v1/webhook_endpoints', { key: shop.secret_key, body: { url } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request', code: 'url_not_allowed', param: 'url' });
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('accepts a public address', async () => {
    const res = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: 'https://93.184.216.34/hook' },
    });
    expect(res.status).toBe(201);
  });

  it('refuses a name that resolves to a private address, when a resolver is present', async () => {
    const app = createApp({
      db: h.database.db,
      clock: h.clock,
      config: h.config,
      resolveHost: async (host) =>
        host === 'rebind.example.com' ? ['93.184.216.34', '10.1.2.3'] : ['93.184.216.34'],
    });
    const post = (url: string) =>
      app.request('http://flywheel.test/v1/webhook_endpoints', {
        method: 'POST',
        headers: { Authorization: `Bearer ${shop.secret_key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url }),
      });
    const before = await snapshot(h.database);
    const refused = await post('https://rebind.example.com/hook');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('url');
    expect(await snapshot(h.database)).toEqual(before);
    const accepted = await post('https://public.example.com/hook');
    expect(accepted.status).toBe(201);
  });
});
