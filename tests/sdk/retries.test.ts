import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../sdk/src/server/retry.ts';
import { Flywheel, FlywheelError } from '../../sdk/src/server.ts';
import { apiError, type FlakyProxy, type Step, startFlakyProxy } from './support/flaky-proxy.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let proxy: FlakyProxy | undefined;
beforeAll(async () => {
  api = await startLiveApi();
});
afterAll(() => api.close());
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A client that talks to the API through a proxy playing `steps`. */
async function throughProxy(steps: Step[], options: { maxRetries?: number; timeout?: number } = {}) {
  proxy = await startFlakyProxy(api.url, steps);
  return { fw: new Flywheel({ secretKey: api.secretKey, baseUrl: proxy.url, ...options }), proxy };
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as FlywheelError,
  );

const serverError = { status: 500, body: apiError('internal', 'internal_error') };
const keysOf = (p: FlakyProxy) => p.attempts.map((a) => a.headers['idempotency-key']);

describe('retries', () => {
  it('retries a POST that failed twice with 500 and succeeds on the third attempt with the same key', async () => {
    const { fw, proxy } = await throughProxy([serverError, serverError]);
    const customer = await fw.customers.upsert({ external_id: 'r_1', email: 'r1@example.com' });
    expect(customer.external_id).toBe('r_1');
    expect(proxy.attempts).toHaveLength(3);
    const keys = keysOf(proxy);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(proxy.attempts.map((a) => a.body)).size).toBe(1);
  });

  it('records the change once when the API handled every attempt but the answers were lost', async () => {
    const lost = { ...serverError, afterForwarding: true };
    const { fw, proxy } = await throughProxy([lost, lost]);
    const customer = await fw.customers.upsert({ external_id: 'r_lost' });
    expect(proxy.attempts.map((a) => a.upstream?.status)).toEqual([201, 201, 201]);
    // The second and third attempts were answered from the idempotency store, not processed again.
    expect(proxy.attempts.map((a) => a.upstream?.headers.get('Idempotent-Replayed'))).toEqual([
      null,
      'true',
      'true',
    ]);
    const ledger = await api.client().customers.ledger('r_lost');
    expect(ledger.data).toHaveLength(1);
    expect(customer.points_balance).toBe(100);
  });

  it('reports exactly one order when the API handled all three attempts but two answers were lost', async () => {
    const lost = { ...serverError, afterForwarding: true };
    const { fw, proxy } = await throughProxy([lost, lost]);
    const order = await fw.orders.create({
      external_id: 'ord-lost',
      customer: { external_id: 'r_buyer' },
      amount: 4999,
      currency: 'USD',
    });
    expect(order).toMatchObject({ external_id: 'ord-lost', amount: 4999, status: 'paid' });
    expect(new Set(keysOf(proxy)).size).toBe(1);
    expect(proxy.attempts.map((a) => a.upstream?.headers.get('Idempotent-Replayed'))).toEqual([
      null,
      'true',
      'true',
    ]);
    const buyer = await api.client().customers.get('r_buyer');
    expect(buyer.orders_count).toBe(1);
    expect(buyer.total_spent).toBe(4999);
    const purchases = (await api.client().customers.ledger('r_buyer')).data.filter(
      (e) => e.reason !== 'signup',
    );
    expect(purchases).toHaveLength(1);
  });

  it('reports one order after two 500s that never reached the API', async () => {
    const { fw, proxy } = await throughProxy([serverError, serverError]);
    await fw.orders.create({
      external_id: 'ord-500',
      customer: { external_id: 'r_buyer2' },
      amount: 1200,
      currency: 'USD',
    });
    expect(proxy.attempts).toHaveLength(3);
    expect(proxy.attempts.map((a) => a.upstream?.status)).toEqual([undefined, undefined, 201]);
    expect((await api.client().customers.get('r_buyer2')).orders_count).toBe(1);
  });

  it("uses the caller's idempotency key on every attempt", async () => {
    const { fw, proxy } = await throughProxy([serverError]);
    await fw.customers.upsert({ external_id: 'r_own_key' }, { idempotencyKey: 'signup-r_own_key' });
    expect(keysOf(proxy)).toEqual(['signup-r_own_key', 'signup-r_own_key']);
  });

  it('generates a new key for each call', async () => {
    const { fw, proxy } = await throughProxy([]);
    await fw.customers.upsert({ external_id: 'r_a' });
    await fw.customers.upsert({ external_id: 'r_b' });
    const [a, b] = keysOf(proxy);
    expect(a).not.toBe(b);
  });

  it('waits as long as Retry-After says before retrying a 429', async () => {
    const { fw, proxy } = await throughProxy([
      { status: 429, headers: { 'Retry-After': '1' }, body: apiError('rate_limited', 'rate_limited') },
    ]);
    await fw.customers.upsert({ external_id: 'r_429' });
    expect(proxy.attempts).toHaveLength(2);
    const [first, second] = proxy.attempts;
    // Without Retry-After the first backoff is at most 500 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a 409 idempotency_key_in_use until the first request has finished', async () => {
    const inUse = { status: 409, body: apiError('conflict', 'idempotency_key_in_use') };
    const { fw, proxy } = await throughProxy([inUse]);
    await fw.customers.upsert({ external_id: 'r_409' });
    expect(proxy.attempts).toHaveLength(2);
  });

  it('retries after a dropped connection with the same key', async () => {
    const { fw, proxy } = await throughProxy(['drop']);
    await fw.customers.upsert({ external_id: 'r_drop' });
    expect(proxy.attempts).toHaveLength(2);
    expect(new Set(keysOf(proxy)).size).toBe(1);
  });

  it('retries a GET on 502, without an idempotency key', async () => {
    const { fw, proxy } = await throughProxy([{ status: 502, body: 'Bad gateway' }]);
    const program = await fw.program.get();
    expect(program.object).toBe('program');
    expect(proxy.attempts).toHaveLength(2);
    expect(proxy.attempts[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('does not retry a 400 and throws it with its request id', async () => {
    const { fw, proxy } = await throughProxy([
      {
        status: 400,
        headers: { 'X-Request-Id': 'req_from_proxy' },
        body: { error: { type: 'invalid_request', code: 'invalid', message: 'Nope.', param: 'email' } },
      },
    ]);
    const error = await caught(fw.customers.upsert({ external_id: 'r_400' }));
    expect(error).toMatchObject({
      type: 'invalid_request',
      code: 'invalid',
      param: 'email',
      status: 400,
      requestId: 'req_from_proxy',
      message: 'Nope.',
    });
    expect(proxy.attempts).toHaveLength(1);
  });

  it("does not retry the API's own validation error", async () => {
    const { fw, proxy } = await throughProxy([]);
    const error = await caught(fw.customers.upsert({ external_id: 'r_bad', email: 'nope' }));
    expect(error.status).toBe(400);
    expect(proxy.attempts).toHaveLength(1);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const unavailable = {
      status: 503,
      headers: { 'X-Request-Id': 'req_503' },
      body: apiError('internal', 'unavailable', 'Down.'),
    };
    const { fw, proxy } = await throughProxy([unavailable, unavailable, unavailable], { maxRetries: 1 });
    const error = await caught(fw.customers.upsert({ external_id: 'r_down' }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', requestId: 'req_503' });
    expect(proxy.attempts).toHaveLength(2);
  });

  it('makes a single attempt with maxRetries: 0', async () => {
    const { fw, proxy } = await throughProxy([serverError], { maxRetries: 0 });
    const error = await caught(fw.customers.upsert({ external_id: 'r_once' }));
    expect(error).toMatchObject({ type: 'internal', status: 500 });
    expect(proxy.attempts).toHaveLength(1);
  });

  it('fails at once when Retry-After asks for more than a minute', async () => {
    const { fw, proxy } = await throughProxy([
      { status: 503, headers: { 'Retry-After': '3600' }, body: apiError('internal', 'maintenance') },
    ]);
    const error = await caught(fw.customers.upsert({ external_id: 'r_maintenance' }));
    expect(error.code).toBe('maintenance');
    expect(proxy.attempts).toHaveLength(1);
  });

  it('types an unparseable error answer by its status', async () => {
    const { fw } = await throughProxy([{ status: 403, body: '<html>' }]);
    const error = await caught(fw.program.get());
    expect(error).toMatchObject({ type: 'permission', code: 'http_error', status: 403 });
  });

  it('throws a connection error when nothing listens, after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const fw = new Flywheel({ secretKey: api.secretKey, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const error = await caught(fw.program.get());
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error).toMatchObject({ type: 'connection', code: 'network_error', status: 0 });
  });

  it('times out an attempt that gets no answer', async () => {
    const { fw } = await throughProxy(['hang'], { maxRetries: 0, timeout: 200 });
    const error = await caught(fw.program.get());
    expect(error).toMatchObject({ type: 'connection', code: 'timeout', status: 0 });
  });

  it('retries a timed-out attempt', async () => {
    const { fw, proxy } = await throughProxy(['hang'], { maxRetries: 1, timeout: 300 });
    await fw.program.get();
    expect(proxy.attempts).toHaveLength(2);
  });

  it("stops at the caller's abort signal without retrying", async () => {
    const { fw, proxy } = await throughProxy(['hang']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await caught(fw.program.get({ signal: controller.signal }));
    expect((error as unknown as Error).name).toBe('AbortError');
    expect(proxy.attempts).toHaveLength(1);
  });
});

describe('retry timing', () => {
  it('backs off exponentially with jitter between half and all of 0.5 s × 2^n, capped at 8 s', () => {
    expect([0, 1, 2, 10].map((n) => backoffDelay(n, () => 0))).toEqual([250, 500, 1000, 4000]);
    expect([0, 1, 2, 10].map((n) => backoffDelay(n, () => 0.999999))).toEqual([500, 1000, 2000, 8000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
