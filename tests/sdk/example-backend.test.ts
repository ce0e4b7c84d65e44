// The examples/node-backend merchant server, run against a real API: what its README promises works.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../api/src/crypto.ts';
import { verifyIdentitySignature } from '../../api/src/domain/identity.ts';
import { createBackend } from '../../examples/node-backend/app.ts';
import { Flywheel, type WebhookEvent } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let server: Server;
let backendUrl: string;
let webhookSecret: string;
const events: WebhookEvent[] = [];

beforeAll(async () => {
  api = await startLiveApi();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const flywheel = api.client();
  const endpoint = await flywheel.webhookEndpoints.create({ url: `${backendUrl}/webhooks/flywheel` });
  webhookSecret = endpoint.secret!;
  const handler = createBackend({ flywheel, webhookSecret, onEvent: (event) => void events.push(event) });
  server.on('request', (request, response) => void handler(request, response));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${backendUrl}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function eventually<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('examples/node-backend', () => {
  const checkout = {
    order_id: 'A-1',
    user_id: 'u_ex',
    email: 'ex@example.com',
    amount: 2599,
    currency: 'EUR',
  };

  it('reports a completed checkout as one order, however often it is posted', async () => {
    const first = await post('/checkout/complete', checkout);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { order: { external_id: string } }).order.external_id).toBe('A-1');
    expect((await post('/checkout/complete', checkout)).status).toBe(200);
    expect((await api.client().customers.get('u_ex')).orders_count).toBe(1);
  });

  it('refunds an order', async () => {
    const response = await post('/refunds', { order_id: 'A-1', amount: 599 });
    expect(((await response.json()) as { order: { status: string } }).order.status).toBe(
      'partially_refunded',
    );
  });

  it("passes Flywheel's refusal on, naming the field", async () => {
    const response = await post('/checkout/complete', { ...checkout, order_id: 'A-2', amount: -5 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: expect.any(String),
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it('signs the signed-in shopper for the widget with a signature the API accepts', async () => {
    const response = await fetch(`${backendUrl}/flywheel/identity`, { headers: { 'X-User-Id': 'u_ex' } });
    const { id, signature } = (await response.json()) as { id: string; signature: string };
    expect(id).toBe('u_ex');
    expect(await verifyIdentitySignature('u_ex', signature, [await sha256Hex(api.secretKey)])).toBe(true);
    expect((await fetch(`${backendUrl}/flywheel/identity`)).status).toBe(401);
  });

  it('receives and verifies the webhooks Flywheel delivers', async () => {
    const created = await eventually(() =>
      events.find((e) => e.type === 'customer.created' && JSON.stringify(e.data).includes('u_ex')),
    );
    expect(created.id).toMatch(/^evt_/);
  });

  it('refuses a forged webhook', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'reward.issued',
      created_at: new Date().toISOString(),
      data: {},
    });
    const wrongSecret = `whsec_${btoa('x'.repeat(24))}`;
    const headers = await Flywheel.webhooks.sign({ secret: wrongSecret, id: 'evt_forged', body });
    const response = await fetch(`${backendUrl}/webhooks/flywheel`, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_signature' });
    expect(events.map((e) => e.id)).not.toContain('evt_forged');
  });

  it('acts once on a webhook delivered twice', async () => {
    const body = JSON.stringify({
      id: 'evt_twice',
      type: 'points.changed',
      created_at: new Date().toISOString(),
      data: {},
    });
    const headers = await Flywheel.webhooks.sign({ secret: webhookSecret, id: 'evt_twice', body });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${backendUrl}/webhooks/flywheel`, { method: 'POST', headers, body });
      expect(response.status).toBe(204);
    }
    expect(events.filter((e) => e.id === 'evt_twice')).toHaveLength(1);
  });
});

describe('npx tsx examples/node-backend/server.ts', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill();
  });

  it('starts, registers its webhook endpoint and serves identities', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    child = spawn(tsx, ['examples/node-backend/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        FLYWHEEL_API_URL: api.url,
        FLYWHEEL_SECRET_KEY: api.secretKey,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await eventually(() => (output.includes('Merchant backend on') ? true : undefined), 20_000).catch(() => {
      throw new Error(`server.ts did not start:\n${output}`);
    });
    expect(output).toMatch(/Registered webhook endpoint we_/);
    const response = await fetch(`http://127.0.0.1:${port}/flywheel/identity`, {
      headers: { 'X-User-Id': 'u_1' },
    });
    expect(await response.json()).toEqual({ id: 'u_1', signature: await api.client().identity.sign('u_1') });
  });
});
