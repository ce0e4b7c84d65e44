// DNS rebinding: a name that looked public when the URL was checked may point at 127.0.0.1 (or a cloud
// metadata address) when the delivery connects. The Node delivery fetch judges the address it
// actually connects to.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhookDeliveries } from '../../api/src/jobs/webhook-delivery.ts';
import { createPinnedFetch } from '../../api/src/node-pinned-fetch.ts';
import { createHarness, type Harness } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

/** A resolver where every name answers 127.0.0.1: the attacker's DNS after the rebind. */
const rebound = (
  _host: string,
  _options: unknown,
  callback: (e: null, a: { address: string; family: number }[]) => void,
) => callback(null, [{ address: '127.0.0.1', family: 4 }]);

let receiver: Server;
let port: number;
const received: IncomingMessage[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push(request);
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      response
        .writeHead(request.url === '/empty' ? 204 : 200, { 'x-seen': 'yes' })
        .end(request.url === '/empty' ? undefined : 'thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe('the delivery fetch', () => {
  it('refuses to connect when the name resolves to a private address at connect time', async () => {
    const before = received.length;
    const guarded = createPinnedFetch({ allowPrivate: false, lookup: rebound });
    await expect(
      guarded(`http://hooks.shop-example.com:${port}/x`, { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({
      code: 'EPRIVATEADDRESS',
    });
    expect(received.length).toBe(before);
  });

  it('delivers headers and body as a fetch would when private addresses are allowed', async () => {
    const open = createPinnedFetch({ allowPrivate: true, lookup: rebound });
    const response = await open(`http://hooks.shop-example.com:${port}/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('yes');
    expect(await response.text()).toBe('thanks');
    expect(received.at(-1)?.headers['webhook-id']).toBe('evt_1');
    expect(bodies.at(-1)).toBe('{"hello":"world"}');
    const empty = await open(`http://hooks.shop-example.com:${port}/empty`, { method: 'POST', body: '' });
    expect(empty.status).toBe(204);
  });
});

describe.each(DIALECTS)('webhook delivery against a rebound name on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { allowPrivateWebhooks: false });
  });
  afterAll(() => h.close());

  it('fails the attempt and never reaches the private address', async () => {
    const shop = await h.createMerchant('Rebound Shop');
    const endpoint = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: `http://hooks.shop-example.com:${port}/flywheel` },
    });
    expect(endpoint.status).toBe(201);
    await h.request('POST', '/v1/customers', { key: shop.secret_key, body: { external_id: 'c1' } });
    const before = received.length;
    // The URL check resolves the name to a public address; the connection would go to 127.0.0.1.
    h.app.deps.resolveHost = async () => ['93.184.216.34'];
    h.app.deps.webhookFetch = createPinnedFetch({ allowPrivate: false, lookup: rebound });
    const pass = await runWebhookDeliveries(h.app.deps);
    expect(pass.attempted).toBeGreaterThan(0);
    expect(pass.succeeded).toBe(0);
    expect(received.length).toBe(before);
    const deliveries = await h.request('GET', `/v1/webhook_endpoints/${endpoint.body.id}/deliveries`, {
      key: shop.secret_key,
    });
    // The customer's first event failed on the address; later ones wait behind it, in order.
    const errors = deliveries.body.data.map((d: { last_error: string | null }) => d.last_error ?? '');
    expect(errors).toContain('network error: EPRIVATEADDRESS');
  });
});
