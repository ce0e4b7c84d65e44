import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

const ORDERS = 20;

describe.each(DIALECTS)('SIGTERM on %s', (dialect) => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database.destroy();
  });

  it('answers every order it committed, then refuses new connections and exits 0', async () => {
    server = await startServerProcess(database.url, { schema: database.schema });
    const s = server;
    const order = (i: number) =>
      fetch(`${s.url}/v1/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          external_id: `drain-${i}`,
          customer: { external_id: `drain-buyer-${i}` },
          amount: 2500,
          currency: 'USD',
        }),
      });
    expect((await order(-1)).status).toBe(201); // warm: the first order compiles the path

    const sent: Promise<void>[] = [];
    const inFlight = Array.from({ length: ORDERS }, (_, i) => {
      const body = JSON.stringify({
        external_id: `drain-${i}`,
        customer: { external_id: `drain-buyer-${i}` },
        amount: 2500,
        currency: 'USD',
      });
      return new Promise<{ status: number; body: string }>((resolve) => {
        const req = request(`${s.url}/v1/orders`, {
          method: 'POST',
          agent: false,
          headers: { Authorization: `Bearer ${s.secretKey}`, 'Content-Type': 'application/json' },
        });
        sent.push(new Promise((done) => req.once('finish', done)));
        req.once('response', (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.once('error', (error) => resolve({ status: 0, body: String(error) }));
        req.end(body);
      });
    });
    await Promise.all(sent);
    // Signal once the server is busy with them: the first of these orders has committed.
    const db = database.db;
    for (let i = 0; i < 400; i++) {
      const row = await db
        .selectFrom('orders')
        .select('id')
        .where('external_id', 'like', 'drain-_%')
        .executeTakeFirst();
      if (row) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    s.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(await s.exited).toBe(0);

    // Every order that committed was answered (201): none was cut off between its COMMIT and its
    // answer. A request the server had not started is refused or reset, and can be retried.
    const answered = answers.filter((a) => a.status !== 0);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((a) => a.status === 201)).toBe(true);
    expect(
      answers
        .filter((a) => a.status === 0)
        .every((a) => /ECONNRESET|ECONNREFUSED|socket hang up/.test(a.body)),
    ).toBe(true);
    await expect(order(99)).rejects.toThrow();

    const stored = await database.db
      .selectFrom('orders')
      .select('external_id')
      .where('external_id', 'like', 'drain-%')
      .execute();
    expect(stored.length).toBe(answered.length + 1);
  }, 60_000);
});
