import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

// Modest on purpose: this runs in CI on two cores, beside the other suites.
const ORDERS = 120;
const CLIENTS = 8;
const KILL_AFTER_ANSWERS = 40;
const LEASE_MS = 1500;

interface Sent {
  key: string;
  externalId: string;
  body: string;
  status?: number;
}

describe.each(DIALECTS)('a server killed mid-load on %s', (dialect) => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database.destroy();
  });

  const start = () =>
    startServerProcess(database.url, {
      schema: database.schema,
      env: { FLYWHEEL_IDEMPOTENCY_LEASE_MS: String(LEASE_MS) },
    });

  const post = (s: ServerProcess, path: string, body: string, key?: string) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${s.secretKey}`,
        'Content-Type': 'application/json',
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body,
    });

  it('answers every retried order after a restart, and records each order and reward once', async () => {
    server = await start();
    const referrer = (await (
      await post(server, '/v1/customers', JSON.stringify({ external_id: 'crash-referrer', name: 'Cara' }))
    ).json()) as { id: string; referral_code: string };

    const sent: Sent[] = Array.from({ length: ORDERS }, (_, i) => ({
      key: `crash-key-${i}`,
      externalId: `crash-order-${i}`,
      body: JSON.stringify({
        external_id: `crash-order-${i}`,
        customer: { external_id: `crash-friend-${i}`, email: `crash${i}@example.net` },
        amount: 4000,
        currency: 'USD',
        referral_code: referrer.referral_code,
      }),
    }));

    // Load from CLIENTS clients; once KILL_AFTER_ANSWERS orders have been answered, SIGKILL.
    const victim = server;
    let answered = 0;
    let next = 0;
    const client = async () => {
      while (next < sent.length) {
        const request = sent[next++]!;
        try {
          const res = await post(victim, '/v1/orders', request.body, request.key);
          await res.text();
          request.status = res.status;
          if (++answered === KILL_AFTER_ANSWERS) victim.child.kill('SIGKILL');
        } catch {
          return; // the connection died with the server: this request is unanswered
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(await victim.exited).toBe('SIGKILL');
    const acknowledged = sent.filter((s) => s.status !== undefined);
    expect(acknowledged.every((s) => s.status === 201)).toBe(true);
    const unanswered = sent.filter((s) => s.status === undefined);
    expect(unanswered.length).toBeGreaterThan(0);

    // Restart on the same database; every client retries its unanswered request with its key,
    // waiting out a claim the dead process left behind (409 until its lease passes).
    server = await start();
    const revived = server;
    const retried = await Promise.all(
      unanswered.map(async (request) => {
        for (let attempt = 0; ; attempt++) {
          const res = await post(revived, '/v1/orders', request.body, request.key);
          const body = (await res.json()) as { external_id?: string };
          if (res.status !== 409 || attempt > 40) return { request, status: res.status, body };
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }),
    );
    expect(retried.filter((r) => r.status !== 200 && r.status !== 201)).toEqual([]);
    expect(retried.every((r) => r.body.external_id === r.request.externalId)).toBe(true);

    const db = database.db;
    const orders = await db
      .selectFrom('orders')
      .select('external_id')
      .where('external_id', 'like', 'crash-order-%')
      .execute();
    const committed = new Set(orders.map((o) => o.external_id));
    expect(orders).toHaveLength(committed.size);
    for (const request of [...acknowledged, ...unanswered])
      expect(committed.has(request.externalId)).toBe(true);

    const referrerRewards = await db
      .selectFrom('rewards')
      .select(['order_id'])
      .where('customer_id', '=', referrer.id)
      .where('source', '=', 'referral_referrer')
      .execute();
    expect(referrerRewards).toHaveLength(committed.size);
    expect(new Set(referrerRewards.map((r) => r.order_id)).size).toBe(committed.size);
    const ledger = await db
      .selectFrom('ledger_entries')
      .select('delta')
      .where('customer_id', '=', referrer.id)
      .where('account', '=', 'points')
      .execute();
    const row = await db
      .selectFrom('customers')
      .select(['points_balance', 'referrals_converted'])
      .where('id', '=', referrer.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.points_balance)).toBe(ledger.reduce((sum, e) => sum + Number(e.delta), 0));
    expect(Number(row.referrals_converted)).toBe(committed.size);
  }, 120_000);
});
