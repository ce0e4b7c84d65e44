// Several delivery workers on one database: no attempt is delivered twice, and events written while
// the workers run are all fanned out exactly once. On PostgreSQL the workers are separate connection
// pools (as separate processes would be); SQLite has a single writer, so there two passes share one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { connectDatabase } from '../../api/src/db/connect.ts';
import type { Deps } from '../../api/src/deps.ts';
import { runWebhookDeliveries } from '../../api/src/jobs/webhook-delivery.ts';
import { recordEvent } from '../../api/src/store/events.ts';
import { type Receiver, startReceiver } from '../fixtures/webhook-receiver.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('concurrent webhook workers on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let receiver: Receiver;
  let second: { deps: Deps; close(): Promise<void> };

  beforeEach(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Busy Shop');
    receiver = await startReceiver();
    // A slow receiver keeps each worker's claims in flight while the other one claims.
    receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve(200), 40));
    if (dialect === 'postgres') {
      const db = connectDatabase(h.database.url, { schema: h.database.schema! });
      second = { deps: createApp({ db, clock: h.clock, config: h.config }).deps, close: () => db.destroy() };
    } else {
      second = { deps: h.app.deps, close: async () => {} };
    }
  });
  afterEach(async () => {
    await second.close();
    await receiver.close();
    await h.close();
  });

  /** Work left for anyone: events not fanned out yet, and deliveries not finished. */
  async function queueIsEmpty(): Promise<boolean> {
    const db = h.database.db;
    const [events, deliveries] = await Promise.all([
      db.selectFrom('events').select('id').where('dispatched_at', 'is', null).limit(1).execute(),
      db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').limit(1).execute(),
    ]);
    return events.length === 0 && deliveries.length === 0;
  }

  /**
   * Moves the test clock to the earliest retry when only retries are left: a send the machine failed
   * (a refused connection under load) is scheduled minutes ahead, and the test clock never gets
   * there by itself, so the drain would otherwise wait until the test times out. Says why on stderr.
   */
  async function bringRetriesDue(): Promise<void> {
    const waiting = await h.database.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'attempts', 'last_error', 'last_status_code', 'next_attempt_at', 'locked_until'])
      .where('status', '=', 'pending')
      .execute();
    const now = h.clock.now().toISOString();
    const due = waiting.filter((d) => (d.next_attempt_at ?? '') <= now && (d.locked_until ?? '') <= now);
    const retries = waiting.filter((d) => d.attempts > 0 && (d.next_attempt_at ?? '') > now);
    if (waiting.length === 0 || due.length > 0 || retries.length < waiting.length) return;
    console.warn('webhook sends failed and wait for a retry:', JSON.stringify(retries));
    const earliest = retries.map((d) => d.next_attempt_at!).sort()[0]!;
    h.clock.set(earliest);
  }

  async function drain(deps: Deps, fetch?: typeof globalThis.fetch): Promise<number> {
    let succeeded = 0;
    for (;;) {
      const pass = await runWebhookDeliveries(deps, { limit: 5, ...(fetch ? { fetch } : {}) });
      succeeded += pass.succeeded;
      if (pass.attempted === 0) {
        if (await queueIsEmpty()) return succeeded;
        await bringRetriesDue();
        // The other worker holds the rest for now.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  it('never delivers one attempt twice when two workers drain the same queue', {
    timeout: 60_000,
  }, async () => {
    for (const url of [receiver.url, `${receiver.url}/second`]) {
      const res = await h.request('POST', '/v1/webhook_endpoints', { key: shop.secret_key, body: { url } });
      expect(res.status).toBe(201);
    }
    const eventIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      const customerId = i % 3 === 0 ? null : `cus_${i % 7}`;
      eventIds.push(
        await recordEvent(
          h.database.db,
          { merchantId: shop.id, type: 'points.changed', data: { i }, customerId },
          h.clock.now(),
        ),
      );
    }

    // Both pools connected before the race, so a slow first connection cannot leave one worker out.
    await Promise.all(
      [h.app.deps, second.deps].map((d) => d.db.selectFrom('events').select('id').limit(1).execute()),
    );
    // Each worker's sends wait until the other worker has claimed and started one too, so both take
    // part however the scheduler orders them (on a loaded machine one worker used to drain the queue
    // alone). If the queue kept the second worker out, the wait times out and the counts below fail.
    const started = new Set<string>();
    let bothStarted = () => {};
    const both = new Promise<void>((resolve) => {
      bothStarted = resolve;
    });
    const gated =
      (worker: string, deps: Deps): typeof fetch =>
      async (input, init) => {
        started.add(worker);
        if (started.size === 2) bothStarted();
        await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        return (deps.webhookFetch ?? fetch)(input, init);
      };
    const [a, b] =
      dialect === 'postgres'
        ? await Promise.all([
            drain(h.app.deps, gated('a', h.app.deps)),
            drain(second.deps, gated('b', second.deps)),
          ])
        : await Promise.all([drain(h.app.deps), drain(second.deps)]);
    expect(a + b).toBe(60);
    if (dialect === 'postgres') {
      // Both workers took part, or the test would prove nothing about sharing.
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    }
    const received = receiver.requests.map((r) => `${r.path} ${r.json.id}`);
    expect(received).toHaveLength(60);
    expect(new Set(received).size).toBe(60);
    // One successful attempt per delivery, and no attempt number recorded twice for one delivery.
    const attempts = await h.database.db
      .selectFrom('webhook_attempts')
      .select(['delivery_id', 'attempt', 'status_code'])
      .execute();
    const successes = attempts.filter((x) => x.status_code === 200);
    expect(successes).toHaveLength(60);
    expect(new Set(successes.map((x) => x.delivery_id)).size).toBe(60);
    expect(new Set(attempts.map((x) => `${x.delivery_id}#${x.attempt}`)).size).toBe(attempts.length);
  });

  it('fans out every event written while workers run, exactly once per endpoint', async () => {
    const res = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: receiver.url },
    });
    receiver.respond = () => 200;
    let writing = true;
    const written: string[] = [];
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        written.push(
          await recordEvent(
            h.database.db,
            { merchantId: shop.id, type: 'reward.created', data: { i } },
            h.clock.now(),
          ),
        );
      }
      writing = false;
    })();
    const worker = async (deps: Deps) => {
      while (writing) await runWebhookDeliveries(deps, { limit: 10 });
    };
    await Promise.all([writer, worker(h.app.deps), worker(second.deps)]);
    await drain(h.app.deps);

    const rows = await h.database.db
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'status'])
      .where('endpoint_id', '=', res.body.id)
      .execute();
    expect(rows.map((r) => r.event_id).sort()).toEqual([...written].sort());
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(receiver.requests.map((r) => r.json.id).sort()).toEqual([...written].sort());
  });
});
