// The Workers entry in the real Workers runtime: the bundle `wrangler deploy` would upload
// (examples/cloudflare) runs in workerd through Miniflare, over PostgreSQL through a Hyperdrive
// binding, with the widget and dashboard from the assets binding and webhooks sent by the cron.

import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, verifyDelivery } from '../fixtures/webhook-receiver.ts';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases.ts';
import { createSchemaRole, type EdgeWorkers, runCron, startEdgeWorkers } from '../support/workerd.ts';

const ADMIN_TOKEN = 'workerd-admin';
const SHOP = 'https://edge-shop.example';
const widgetDist = fileURLToPath(new URL('../../widget/dist/', import.meta.url));

describe.runIf(POSTGRES_URL)('the worker in workerd over Hyperdrive', () => {
  let database: TestDatabase;
  let role: Awaited<ReturnType<typeof createSchemaRole>>;
  let edge: EdgeWorkers;
  let receiver: Receiver;
  let outDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    role = await createSchemaRole(POSTGRES_URL!, database.schema!);
    receiver = await startReceiver();
    outDir = mkdtempSync(join(tmpdir(), 'flywheel-workerd-'));
    edge = await startEdgeWorkers({
      hyperdriveUrl: role.url,
      outDir,
      secrets: { FLYWHEEL_ADMIN_TOKEN: ADMIN_TOKEN },
      // The receiver listens on 127.0.0.1: only a deployment that opted in may send there.
      variantVars: { FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS: '1' },
    });
  });
  afterAll(async () => {
    await edge?.mf.dispose();
    await receiver?.close();
    await database?.destroy();
    await role?.drop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** A request to one of the two workers, as a browser or a merchant's server would send it. */
  async function call(
    which: 'configured' | 'variant',
    method: string,
    path: string,
    options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    // Through Miniflare's HTTP entry, as the internet would reach it; the host picks the worker.
    const res = await edge.mf.dispatchFetch(`http://${edge.hosts[which]}${path}`, {
      method,
      headers: {
        ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body };
  }

  it('runs a shop from merchant to signed webhook, answering requests that overlap', async () => {
    const health = await call('configured', 'GET', '/healthz');
    expect(health).toMatchObject({ status: 200, body: { ok: true } });

    const merchant = await call('configured', 'POST', '/admin/v1/merchants', {
      key: ADMIN_TOKEN,
      body: { name: 'Edge Shop', allowed_origins: [SHOP] },
    });
    expect(merchant.status).toBe(201);
    const { secret_key: sk, publishable_key: pk } = merchant.body as {
      secret_key: string;
      publishable_key: string;
    };

    // The webhook guard on the worker as configured: no loopback, private or metadata address.
    for (const url of ['http://127.0.0.1:9/hooks', 'http://10.0.0.5/hooks', 'http://169.254.169.254/']) {
      const refused = await call('configured', 'POST', '/v1/webhook_endpoints', { key: sk, body: { url } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('url_not_allowed');
    }
    const endpoint = await call('variant', 'POST', '/v1/webhook_endpoints', {
      key: sk,
      body: { url: receiver.url, events: ['order.attributed', 'referral.converted'] },
    });
    expect(endpoint.status).toBe(201);

    // Several requests at once in one isolate: each has its own connections (the old entry hung here).
    const customers = await Promise.all(
      ['ann', 'ben', 'cy', 'dee', 'eve'].map((name) =>
        call('configured', 'POST', '/v1/customers', {
          key: sk,
          body: { external_id: `edge-${name}`, name, email: `${name}@example.com` },
        }),
      ),
    );
    expect(customers.map((c) => c.status)).toEqual([201, 201, 201, 201, 201]);
    const ann = customers[0]!.body as { id: string; referral_code: string; referral_url: string };
    expect(ann.referral_url).toMatch(/^https:\/\/edge-shop\.example\/\?ref=/);

    // A friend follows Ann's link: the widget bootstraps with the click.
    const click = await call('configured', 'POST', `/v1/client/bootstrap?key=${pk}`, {
      body: { ref: ann.referral_code, url: `${SHOP}/?ref=${ann.referral_code}` },
      headers: { Origin: SHOP, 'CF-Connecting-IP': '203.0.113.7', 'User-Agent': 'FriendBrowser/1.0' },
    });
    expect(click.status).toBe(200);
    const visitorId = click.body.visitor_id as string;
    expect(visitorId).toBeTruthy();

    // The friend's first order carries the visitor: attributed to Ann, rewarded once.
    const order = await call('configured', 'POST', '/v1/orders', {
      key: sk,
      body: {
        external_id: 'edge-order-1',
        customer: { external_id: 'edge-friend', email: 'friend@example.net' },
        amount: 5000,
        currency: 'USD',
        visitor_id: visitorId,
      },
      headers: { 'Idempotency-Key': 'edge-order-1' },
    });
    expect(order.status).toBe(201);
    expect(order.body.attribution?.referrer).toBe(ann.id);
    const replay = await call('configured', 'POST', '/v1/orders', {
      key: sk,
      body: {
        external_id: 'edge-order-1',
        customer: { external_id: 'edge-friend', email: 'friend@example.net' },
        amount: 5000,
        currency: 'USD',
        visitor_id: visitorId,
      },
      headers: { 'Idempotency-Key': 'edge-order-1' },
    });
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    const rewards = await database.db
      .selectFrom('rewards')
      .select('source')
      .where('customer_id', '=', ann.id)
      .execute();
    expect(rewards.map((r) => r.source)).toEqual(['referral_referrer']);

    // The Cron Trigger delivers the outbox to the receiver, signed (Standard Webhooks).
    for (let pass = 0; pass < 5 && receiver.requests.length < 2; pass++) {
      await runCron(edge, 'variant');
    }
    const types = receiver.requests.map((r) => r.json.type).sort();
    expect(types).toEqual(['order.attributed', 'referral.converted']);
    for (const delivery of receiver.requests)
      expect(verifyDelivery(endpoint.body.secret as string, delivery)).toMatchObject({
        type: delivery.json.type,
      });
    // A later pass finds nothing left to send.
    await runCron(edge, 'variant');
    expect(receiver.requests).toHaveLength(2);

    // The signed-in shopper's identity works the same way at the edge.
    const signature = createHmac('sha256', sk).update('edge-ann').digest('hex');
    const identified = await call('configured', 'POST', `/v1/client/bootstrap?key=${pk}`, {
      body: { identity: { external_id: 'edge-ann', signature } },
      headers: { Origin: SHOP, 'CF-Connecting-IP': '198.51.100.1' },
    });
    expect(identified.status).toBe(200);
  });

  it('serves the widget and the dashboard from the assets binding, with the Node entry’s headers', async () => {
    const loader = await call('configured', 'GET', '/widget/loader.js');
    expect(loader.status).toBe(200);
    expect(loader.body).toBe(readFileSync(`${widgetDist}loader.js`, 'utf8'));
    expect(loader.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(loader.headers.get('Content-Type')).toMatch(/javascript/);

    const dashboard = await call('configured', 'GET', '/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatch(/<!doctype html>/i);
    expect(dashboard.headers.get('Content-Security-Policy')).toMatch(/default-src 'self'/);

    const missing = await call('configured', 'GET', '/widget/no-such-file.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('not_found');
  });
});
