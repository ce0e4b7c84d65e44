// The webhook delivery job against a real local receiver: signing, retries on the schedule, a day-long
// outage, restarts, 410 Gone, secret rotation, filters and the forgery guard at delivery time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { connectDatabase } from '../../api/src/db/connect.ts';
import { runWebhookDeliveries, type WebhookDeliveryOptions } from '../../api/src/jobs/webhook-delivery.ts';
import { claimDueDeliveries } from '../../api/src/jobs/webhook-queue.ts';
import { RETRY_DELAYS_MS } from '../../api/src/jobs/webhook-schedule.ts';
import { type EventType, recordEvent } from '../../api/src/store/events.ts';
import { type Receiver, startReceiver, verifyDelivery } from '../fixtures/webhook-receiver.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe.each(DIALECTS)('webhook delivery on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let receiver: Receiver;
  let endpoint: { id: string; secret: string };

  beforeEach(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Delivery Shop');
    receiver = await startReceiver();
    endpoint = await addEndpoint(receiver.url);
  });
  afterEach(async () => {
    await receiver.close();
    await h.close();
  });

  async function addEndpoint(url: string, events?: string[]) {
    const res = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: events ? { url, events } : { url },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  }
  const emit = (type: EventType, data: unknown, customerId: string | null = null) =>
    recordEvent(h.database.db, { merchantId: shop.id, type, data, customerId }, h.clock.now());
  const pass = (options: WebhookDeliveryOptions = {}) => runWebhookDeliveries(h.app.deps, options);
  const deliveries = async (endpointId = endpoint.id) =>
    (
      await h.request('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`, {
        key: shop.secret_key,
      })
    ).body.data;
  const eventIdsReceived = (status?: number) =>
    receiver.requests.filter((r) => status === undefined || r.status === status).map((r) => r.json.id);

  it('signs each delivery as Standard Webhooks, verifiable with the standardwebhooks package', async () => {
    const eventId = await emit('reward.issued', { reward: { id: 'rwd_1', amount: 500 } });
    expect(await pass()).toEqual({ attempted: 1, succeeded: 1, failed: 0 });

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('Flywheel-Webhooks/1');
    expect(request!.headers['webhook-id']).toBe(eventId);
    expect(request!.headers['webhook-timestamp']).toBe(String(Math.floor(h.clock.now().getTime() / 1000)));
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyDelivery(endpoint.secret, request!)).toEqual({
      id: eventId,
      type: 'reward.issued',
      created_at: h.clock.now().toISOString(),
      data: { reward: { id: 'rwd_1', amount: 500 } },
    });
    // The check is real: a changed body or another endpoint's secret does not verify.
    expect(() =>
      verifyDelivery(endpoint.secret, { ...request!, body: request!.body.replace('500', '501') }),
    ).toThrow();
    const stranger = await addEndpoint('https://other.example.com/hook');
    expect(() => verifyDelivery(stranger.secret, request!)).toThrow();

    expect(await pass()).toEqual({ attempted: 0, succeeded: 0, failed: 0 });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({
      object: 'webhook_delivery',
      event: eventId,
      event_type: 'reward.issued',
      status: 'succeeded',
      attempts: 1,
      last_status_code: 204,
      next_attempt_at: null,
      attempts_log: [{ attempt: 1, status_code: 204, error: null }],
    });
  });

  it('retries a failing receiver after 5 s, 5 min and 30 min, and succeeds on the fourth attempt', async () => {
    let failuresLeft = 3;
    receiver.respond = () => (failuresLeft-- > 0 ? 500 : 200);
    await emit('points.changed', { delta: 10 });

    expect(await pass()).toEqual({ attempted: 1, succeeded: 0, failed: 1 });
    expect(await pass()).toMatchObject({ attempted: 0 });
    h.clock.advance(4 * SECOND);
    expect(await pass()).toMatchObject({ attempted: 0 });
    h.clock.advance(1 * SECOND);
    expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
    h.clock.advance(5 * MINUTE - SECOND);
    expect(await pass()).toMatchObject({ attempted: 0 });
    h.clock.advance(SECOND);
    expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
    const [pending] = await deliveries();
    expect(pending).toMatchObject({ status: 'pending', attempts: 3, last_status_code: 500 });
    expect(pending.next_attempt_at).toBe(new Date(h.clock.now().getTime() + 30 * MINUTE).toISOString());
    h.clock.advance(30 * MINUTE);
    expect(await pass()).toEqual({ attempted: 1, succeeded: 1, failed: 0 });

    const [done] = await deliveries();
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 4,
      last_status_code: 200,
      next_attempt_at: null,
    });
    expect(done.attempts_log.map((a: { status_code: number }) => a.status_code)).toEqual([
      500, 500, 500, 200,
    ]);
    expect(new Set(eventIdsReceived())).toEqual(new Set([done.event]));
  });

  it('gives up after ten attempts over about three days; a manual retry then sends it again', async () => {
    receiver.respond = () => 503;
    await emit('reward.voided', { reward: 'rwd_x' });
    const start = h.clock.now().getTime();
    for (const delay of RETRY_DELAYS_MS) {
      h.clock.advance(delay);
      expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
    }
    const elapsedDays = (h.clock.now().getTime() - start) / (24 * HOUR);
    expect(elapsedDays).toBeGreaterThan(3);
    expect(elapsedDays).toBeLessThan(3.5);
    const [failed] = await deliveries();
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 10,
      next_attempt_at: null,
      last_status_code: 503,
    });
    h.clock.advance(7 * 24 * HOUR);
    expect(await pass()).toMatchObject({ attempted: 0 });

    receiver.respond = () => 200;
    const retry = await h.request(
      'POST',
      `/v1/webhook_endpoints/${endpoint.id}/deliveries/${failed.id}/retry`,
      {
        key: shop.secret_key,
      },
    );
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({
      id: failed.id,
      status: 'pending',
      next_attempt_at: h.clock.now().toISOString(),
    });
    expect(await pass()).toEqual({ attempted: 1, succeeded: 1, failed: 0 });
    const [after] = await deliveries();
    expect(after).toMatchObject({ status: 'succeeded', attempts: 11 });
  });

  it("delivers everything after a receiver was down for a day, each customer's events in order", async () => {
    let down = true;
    receiver.respond = () => (down ? 503 : 200);
    const sent: { id: string; customer: string | null }[] = [];
    const customers = ['cus_ann', 'cus_bob', null];
    // Events arrive throughout the day while the receiver is down; the worker runs every 10 minutes.
    for (let step = 0; step < 6 * 24 * 2; step++) {
      if (step % 12 === 0 && step < 6 * 24) {
        const customer = customers[(step / 12) % 3]!;
        sent.push({ id: await emit('points.changed', { step }, customer), customer });
      }
      if (step === 6 * 24) down = false;
      await pass();
      h.clock.advance(10 * MINUTE);
    }

    const succeeded = receiver.requests.filter((r) => r.status === 200);
    expect(new Set(succeeded.map((r) => r.json.id))).toEqual(new Set(sent.map((s) => s.id)));
    for (const request of succeeded) verifyDelivery(endpoint.secret, request);
    for (const customer of ['cus_ann', 'cus_bob']) {
      const expected = sent.filter((s) => s.customer === customer).map((s) => s.id);
      const received = succeeded.map((r) => r.json.id).filter((id: string) => expected.includes(id));
      expect(received).toEqual(expected);
      // While the first event was failing, the customer's later events were held back, not attempted.
      const attemptedWhileDown = receiver.requests
        .filter((r) => r.status === 503)
        .map((r) => r.json.id)
        .filter((id: string) => expected.includes(id));
      expect(new Set(attemptedWhileDown)).toEqual(new Set([expected[0]]));
    }
    const all = await deliveries();
    expect(all.every((d: { status: string }) => d.status === 'succeeded')).toBe(true);
  });

  it('loses nothing when the worker restarts mid-retry or dies holding a claim', async () => {
    let failuresLeft = 1;
    receiver.respond = () => (failuresLeft-- > 0 ? 500 : 200);
    const first = await emit('reward.created', { n: 1 });
    expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });

    // A new process: its own connection pool and app on the same database.
    const db = connectDatabase(h.database.url, h.database.schema ? { schema: h.database.schema } : {});
    try {
      const restarted = createApp({ db, clock: h.clock, config: h.config });
      h.clock.advance(5 * SECOND);
      expect(await runWebhookDeliveries(restarted.deps)).toEqual({ attempted: 1, succeeded: 1, failed: 0 });

      // A worker that claims a delivery and dies before sending: the lease keeps others off it for a
      // while, then it is delivered once.
      const second = await emit('reward.created', { n: 2 });
      await runWebhookDeliveries(restarted.deps, { limit: 0 });
      const claimed = await claimDueDeliveries(db, h.clock.now(), { limit: 10, leaseMs: 5 * MINUTE });
      expect(claimed.map((c) => c.event.id)).toEqual([second]);
      expect(await runWebhookDeliveries(restarted.deps)).toMatchObject({ attempted: 0 });
      h.clock.advance(5 * MINUTE);
      expect(await runWebhookDeliveries(restarted.deps)).toEqual({ attempted: 1, succeeded: 1, failed: 0 });
      expect(eventIdsReceived(200)).toEqual([first, second]);
    } finally {
      await db.destroy();
    }
  });

  it('disables the endpoint when the receiver answers 410 Gone, and sends it nothing more', async () => {
    receiver.respond = () => 410;
    await emit('customer.created', { id: 'cus_1' });
    expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
    const got = await h.request('GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: shop.secret_key });
    expect(got.body).toMatchObject({ status: 'disabled', disabled_reason: expect.stringContaining('410') });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_status_code: 410,
      next_attempt_at: null,
    });

    receiver.respond = () => 200;
    await emit('customer.created', { id: 'cus_2' });
    h.clock.advance(HOUR);
    expect(await pass()).toMatchObject({ attempted: 0 });
    expect(receiver.requests).toHaveLength(1);
    const retry = await h.request(
      'POST',
      `/v1/webhook_endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`,
      {
        key: shop.secret_key,
      },
    );
    expect(retry.status).toBe(409);
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const old = endpoint.secret;
    const rotated = await h.request('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate`, {
      key: shop.secret_key,
    });
    const fresh = rotated.body.secret as string;
    await emit('reward.issued', { n: 1 });
    await pass();
    const during = receiver.requests[0]!;
    const signatures = String(during.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(verifyDelivery(fresh, during)).toMatchObject({ data: { n: 1 } });
    expect(verifyDelivery(old, during)).toMatchObject({ data: { n: 1 } });

    h.clock.advance(24 * HOUR + SECOND);
    await emit('reward.issued', { n: 2 });
    await pass();
    const after = receiver.requests[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyDelivery(fresh, after)).toMatchObject({ data: { n: 2 } });
    expect(() => verifyDelivery(old, after)).toThrow();
  });

  it('sends an endpoint only the types it subscribed to, and nothing from before it existed', async () => {
    const older = await emit('order.attributed', { n: 'before' });
    h.clock.advance(SECOND);
    const rewardsOnly = await startReceiver();
    try {
      const filtered = await addEndpoint(rewardsOnly.url, ['reward.issued', 'reward.voided']);
      h.clock.advance(SECOND);
      const issued = await emit('reward.issued', { n: 1 });
      await emit('points.changed', { n: 2 });
      const voided = await emit('reward.voided', { n: 3 });
      await pass();
      // Events without a customer are independent (order is kept per customer), so they may arrive
      // in either order: compare the set.
      expect(rewardsOnly.requests.map((r) => r.json.id).sort()).toEqual([issued, voided].sort());
      expect(eventIdsReceived()).toContain(older);
      expect((await deliveries(filtered.id)).map((d: { event: string }) => d.event).sort()).toEqual(
        [issued, voided].sort(),
      );
    } finally {
      await rewardsOnly.close();
    }
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    receiver.respond = () => 302;
    await emit('offer.claimed', {});
    expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
    const [delivery] = await deliveries();
    expect(delivery.attempts_log[0]).toMatchObject({
      status_code: 302,
      error: expect.stringContaining('redirect'),
    });
  });

  it('gives up on a receiver that does not answer within the timeout, and records why', async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    await emit('referral.clicked', {});
    expect(await pass({ fetch: hanging, timeoutMs: 50 })).toMatchObject({ attempted: 1, failed: 1 });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: null });
    expect(delivery.attempts_log[0].error).toMatch(/timed out/);
  });
});

describe.each(DIALECTS)('webhook forgery guard at delivery time on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect, { allowPrivateWebhooks: false });
  });
  afterEach(() => h.close());

  it('does not send to a name that now resolves to a private address (DNS rebinding)', async () => {
    const shop = await h.createMerchant('Rebind Shop');
    const created = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: 'https://hooks.rebind.example/flywheel' },
    });
    expect(created.status).toBe(201);
    await recordEvent(h.database.db, { merchantId: shop.id, type: 'reward.issued', data: {} }, h.clock.now());

    const calls: string[] = [];
    const fetchSpy: typeof fetch = async (url) => {
      calls.push(String(url));
      return new Response(null, { status: 200 });
    };
    const metadata = await runWebhookDeliveries(h.app.deps, {
      fetch: fetchSpy,
      resolveHost: async () => ['169.254.169.254'],
    });
    expect(metadata).toEqual({ attempted: 1, succeeded: 0, failed: 1 });
    expect(calls).toEqual([]);
    const list = await h.request('GET', `/v1/webhook_endpoints/${created.body.id}/deliveries`, {
      key: shop.secret_key,
    });
    expect(list.body.data[0]).toMatchObject({ status: 'pending', last_status_code: null });
    expect(list.body.data[0].attempts_log[0].error).toMatch(/not sent/);

    h.clock.advance(5 * SECOND);
    const publicAgain = await runWebhookDeliveries(h.app.deps, {
      fetch: fetchSpy,
      resolveHost: async () => ['93.184.216.34'],
    });
    expect(publicAgain).toEqual({ attempted: 1, succeeded: 1, failed: 0 });
    expect(calls).toEqual(['https://hooks.rebind.example/flywheel']);
  });
});
