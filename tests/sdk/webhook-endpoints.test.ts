// Webhook endpoints and events through the SDK, and the whole path: the API signs and delivers an
// event, a receiver verifies it with Flywheel.webhooks.verify.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flywheel, type FlywheelError, FlywheelWebhookError } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let api: LiveApi;
let fw: Flywheel;
let receiver: { url: string; received: Received[]; close(): Promise<void> };

async function startReceiver() {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/flywheel`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
  receiver = await startReceiver();
});
afterAll(async () => {
  await api.close();
  await receiver.close();
});

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as FlywheelError,
  );

describe('webhook endpoints', () => {
  it('creates an endpoint and shows its secret only in that answer', async () => {
    const endpoint = await fw.webhookEndpoints.create({
      url: 'https://example.com/hooks',
      events: ['reward.issued'],
    });
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://example.com/hooks',
      events: ['reward.issued'],
      status: 'enabled',
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const fetched = await fw.webhookEndpoints.get(endpoint.id);
    expect(fetched.secret).toBeUndefined();
    const listed = [];
    for await (const e of fw.webhookEndpoints.list()) listed.push(e.id);
    expect(listed).toContain(endpoint.id);
  });

  it('rotates the secret', async () => {
    const endpoint = await fw.webhookEndpoints.create({ url: 'https://example.com/rotate' });
    const rotated = await fw.webhookEndpoints.rotate(endpoint.id);
    expect(rotated.id).toBe(endpoint.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
  });

  it('deletes an endpoint', async () => {
    const endpoint = await fw.webhookEndpoints.create({ url: 'https://example.com/delete-me' });
    const deleted = await fw.webhookEndpoints.delete(endpoint.id);
    expect(deleted).toMatchObject({ id: endpoint.id, deleted: true });
    const listed = [];
    for await (const e of fw.webhookEndpoints.list()) listed.push(e.id);
    expect(listed).not.toContain(endpoint.id);
  });

  it('names the url when the API refuses it', async () => {
    const error = await caught(fw.webhookEndpoints.create({ url: 'not a url' }));
    expect(error).toMatchObject({ type: 'invalid_request', param: 'url' });
  });

  it('throws not_found for an unknown endpoint', async () => {
    const error = await caught(fw.webhookEndpoints.get('we_nope'));
    expect(error).toMatchObject({ type: 'not_found', status: 404 });
  });
});

describe('delivered webhooks', () => {
  it('verifies an event the API signed and delivered, and lists its delivery', async () => {
    const endpoint = await fw.webhookEndpoints.create({ url: receiver.url, events: ['customer.created'] });
    const customer = await fw.customers.upsert({ external_id: 'u_hooked' });

    const delivery = await waitFor(() =>
      receiver.received.find((r) => r.body.includes(customer.id) && r.body.includes('customer.created')),
    );
    const event = await Flywheel.webhooks.verify(delivery.body, delivery.headers, endpoint.secret!);
    expect(event).toMatchObject({ type: 'customer.created', data: { customer: customer.id } });
    expect(event.id).toBe(delivery.headers['webhook-id']);

    const tampered = delivery.body.replace('u_hooked', 'u_forged');
    await expect(
      Flywheel.webhooks.verify(tampered, delivery.headers, endpoint.secret!),
    ).rejects.toBeInstanceOf(FlywheelWebhookError);

    const deliveries = await waitFor(async () => {
      const page = await fw.webhookEndpoints.deliveries(endpoint.id, { status: 'succeeded' });
      return page.data.length > 0 ? page : undefined;
    });
    expect(deliveries.data[0]).toMatchObject({
      object: 'webhook_delivery',
      event: event.id,
      status: 'succeeded',
    });

    const retried = await fw.webhookEndpoints.retryDelivery(endpoint.id, deliveries.data[0]!.id);
    expect(retried).toMatchObject({ id: deliveries.data[0]!.id, status: 'pending' });
  });
});

describe('events', () => {
  it('lists events of one type and gets one by id', async () => {
    await fw.customers.upsert({ external_id: 'u_evented' });
    const { data } = await fw.events.list({ type: 'customer.created', limit: 100 });
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((e) => e.type === 'customer.created')).toBe(true);
    const event = data[0]!;
    expect(await fw.events.get(event.id)).toEqual(event);
  });

  it('iterates every event across pages', async () => {
    const ids = [];
    for await (const event of fw.events.list({ limit: 2 })) ids.push(event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(2);
  });
});
