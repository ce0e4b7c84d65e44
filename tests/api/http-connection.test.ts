// A refused request must not break the client's connection: after a 413 (or any refusal that left the
// body unread) the next request from the same client still succeeds. Driven through the real Node
// server with Node's fetch, which reuses kept-alive connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';

const ADMIN = 'connection-admin-token';

describe.each(DIALECTS)('connections after a refused body on %s', (dialect) => {
  let database: TestDatabase;
  let server: RunningServer;
  let secretKey: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      demo: false,
      jobs: false,
      log: false,
      adminToken: ADMIN,
    });
    const merchant = await post('/admin/v1/merchants', ADMIN, { name: 'Conn', allowed_origins: [] });
    secretKey = ((await merchant.json()) as { secret_key: string }).secret_key;
  });
  afterAll(async () => {
    await server?.close();
    await database?.destroy();
  });

  const post = (path: string, key: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** Requests in a row on the client's pooled connections, with pauses past the server's drain time. */
  async function followUps(count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await post('/v1/customers', secretKey, {
        external_id: `after-${dialect}-${Date.now()}-${i}`,
      });
      await res.arrayBuffer();
      statuses.push(res.status);
      await new Promise((resolve) => setTimeout(resolve, i * 300));
    }
    return statuses;
  }

  it('serves the next requests after refusing a body over 1 MB', async () => {
    const huge = JSON.stringify({ external_id: 'huge', name: 'x'.repeat(2 * 1024 * 1024) });
    const refused = await post('/v1/customers', secretKey, huge);
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.code).toBe('payload_too_large');
    expect(await followUps(4)).toEqual([201, 201, 201, 201]);
    expect(refused.headers.get('connection')).toBe('close');
  });

  it('closes the connection when it refuses a request before reading its body', async () => {
    const refused = await post('/v1/customers', 'sk_not_a_key', {
      external_id: 'x',
      name: 'y'.repeat(500_000),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('connection')).toBe('close');
    await refused.arrayBuffer();
    expect(await followUps(2)).toEqual([201, 201]);
  });

  it('keeps the connection open for requests it read in full', async () => {
    const ok = await post('/v1/customers', secretKey, { external_id: `kept-${dialect}` });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('connection')).toBe('keep-alive');
    const invalid = await post('/v1/customers', secretKey, { external_id: 42 });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('connection')).toBe('keep-alive');
  });

  it('answers HEAD with the same protective headers as GET, and no body', async () => {
    const get = await fetch(`${server.url}/healthz`);
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const name of ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'content-type']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
    expect(head.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
