// Scale-out: two API processes (the real `npm start` entry) on one PostgreSQL database, each running
// the background jobs, driven at once — as N instances behind a load balancer would be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../fixtures/webhook-receiver.ts';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

// Modest on purpose: two servers, the test and the database share CI's two cores with other suites.
const FRIENDS = 40;
const CLAIMS_PER_INSTANCE = 35;
const CLAIM_LIMIT = 60; // offer claims per client per minute (api/src/routes/client.ts)

describe.runIf(POSTGRES_URL)('two API processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let receiver: Receiver;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    receiver = await startReceiver();
    // Rolling start, as a deployment brings instances up; both run the jobs (webhooks every second).
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startServerProcess(database.url, {
          schema: database.schema,
          env: { FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS: '1', FLYWHEEL_IDEMPOTENCY_LEASE_MS: '30000' },
        }),
      );
    }
  }, 90_000);
  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await receiver?.close();
    await database?.destroy();
  });

  const send = async (
    server: ServerProcess,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${server.secretKey}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      replayed: res.headers.get('Idempotent-Replayed') === 'true',
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
      body: (await res.json()) as any,
    };
  };

  it('records each of many friends’ orders, rewards, ledger entries and webhooks once across both', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    // One shop seen from both: the demo merchant, created by the first and found by the second.
    expect(b.secretKey).toBe(a.secretKey);

    // Points per referral, so every conversion moves Ann's ledger. Set before the second instance
    // reads the program: each instance caches it for a few seconds (store/merchant-cache.ts).
    const program = await send(a, 'PUT', '/v1/program', {
      referral: { hold_days: 0, referrer_reward: { type: 'points', points: 100 } },
    });
    expect(program.status).toBe(200);
    const endpoint = await send(a, 'POST', '/v1/webhook_endpoints', { url: receiver.url });
    expect(endpoint.status).toBe(201);
    const ann = await send(b, 'POST', '/v1/customers', { external_id: 'ann', email: 'ann@example.com' });
    expect(ann.status).toBe(201);

    // Every friend's order reaches both instances at once with the same Idempotency-Key (a client
    // retrying through the load balancer), and once more under a new key (a second source of the
    // same order, e.g. a platform webhook and the merchant's server).
    const results = await Promise.all(
      Array.from({ length: FRIENDS }, async (_, i) => {
        const order = {
          external_id: `order-${i}`,
          customer: { external_id: `friend-${i}`, email: `friend${i}@example.net` },
          amount: 4000,
          currency: 'USD',
          referral_code: ann.body.referral_code,
        };
        const key = { 'Idempotency-Key': `order-key-${i}` };
        const [first, second] = await Promise.all([
          send(i % 2 ? a : b, 'POST', '/v1/orders', order, key),
          send(i % 2 ? b : a, 'POST', '/v1/orders', order, key),
        ]);
        const again = await send(i % 2 ? a : b, 'POST', '/v1/orders', order, {
          'Idempotency-Key': `other-key-${i}`,
        });
        return { i, first, second, again };
      }),
    );
    for (const { i, first, second, again } of results) {
      const answers = [first, second];
      // One of the two ran the order; the other waited its turn (409 in use) or replayed its answer.
      expect(answers.filter((r) => r.status === 201 && !r.replayed)).toHaveLength(1);
      for (const r of answers) expect([201, 409]).toContain(r.status);
      for (const r of answers.filter((r) => r.status === 201)) expect(r.body.external_id).toBe(`order-${i}`);
      expect(again.status).toBe(200);
      expect(again.body.external_id).toBe(`order-${i}`);
    }

    const db = database.db;
    const orders = await db.selectFrom('orders').select('external_id').execute();
    expect(orders).toHaveLength(FRIENDS);
    const rewards = await db
      .selectFrom('rewards')
      .select('order_id')
      .where('customer_id', '=', ann.body.id)
      .where('source', '=', 'referral_referrer')
      .execute();
    expect(new Set(rewards.map((r) => r.order_id)).size).toBe(FRIENDS);
    expect(rewards).toHaveLength(FRIENDS);
    const ledger = await db
      .selectFrom('ledger_entries')
      .select(['delta', 'reason'])
      .where('customer_id', '=', ann.body.id)
      .where('account', '=', 'points')
      .execute();
    expect(ledger.filter((e) => e.reason === 'referral_referrer')).toHaveLength(FRIENDS);
    const annNow = await send(a, 'GET', '/v1/customers/ann');
    expect(annNow.body.points_balance).toBe(ledger.reduce((sum, e) => sum + Number(e.delta), 0));

    // Both instances' webhook workers drain one outbox: every event reaches the receiver once.
    const events = await db.selectFrom('events').select('id').execute();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = await db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '!=', 'succeeded')
        .execute();
      const deliveries = await db.selectFrom('webhook_deliveries').select('event_id').execute();
      if ((pending.length === 0 && deliveries.length === events.length) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const ids = receiver.requests.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(events.length);
    expect(ids).toHaveLength(events.length);
    const attempts = await db.selectFrom('webhook_attempts').select('delivery_id').execute();
    expect(attempts).toHaveLength(events.length);
  }, 120_000);

  it('counts a client’s rate limit once across both instances', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    // Limits count in fixed minutes: start early in one, so the whole burst falls inside it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const publishableKey = /Demo publishable key\s+(\S+)/.exec(a.output())?.[1];
    const claim = (server: ServerProcess, i: number) =>
      fetch(`${server.url}/v1/client/offers/claim?key=${publishableKey}`, {
        method: 'POST',
        headers: { Origin: 'http://127.0.0.1:3000', 'Content-Type': 'application/json' },
        body: JSON.stringify({ visitor_id: 'vis_two_instances_1', email: `claim${i}@example.org` }),
      }).then((res) => res.status);
    const statuses = await Promise.all(
      Array.from({ length: CLAIMS_PER_INSTANCE * 2 }, (_, i) => claim(i % 2 ? a : b, i)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(CLAIM_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(CLAIMS_PER_INSTANCE * 2 - CLAIM_LIMIT);
  }, 90_000);
});
