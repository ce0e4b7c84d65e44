// On the Node server a request body is read from the socket itself (api/src/http/body-limit.ts), not
// through a web Request: it must still arrive byte for byte, decoded as Request.text() would.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const ADMIN = 'node-body-admin-token';

describe('request bodies on the Node server', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let secretKey: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      demo: false,
      jobs: false,
      log: false,
      adminToken: ADMIN,
    });
    const merchant = await send(
      '/admin/v1/merchants',
      ADMIN,
      JSON.stringify({ name: 'Body', allowed_origins: [] }),
    );
    secretKey = (JSON.parse(merchant.body) as { secret_key: string }).secret_key;
  });
  afterAll(async () => {
    await server?.close();
    await database?.destroy();
  });

  /** Node's own client, so the body can arrive in several chunks, or chunked without a length. */
  function send(
    path: string,
    key: string,
    body: string | Buffer,
    options: { chunks?: number; chunked?: boolean } = {},
  ): Promise<{ status: number; body: string }> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return new Promise((resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${key}`,
            'Content-Type': 'application/json',
            ...(options.chunked ? {} : { 'Content-Length': String(bytes.length) }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      const parts = options.chunks ?? 1;
      const size = Math.ceil(bytes.length / parts);
      for (let i = 0; i < bytes.length; i += size) req.write(bytes.subarray(i, i + size));
      req.end();
    });
  }

  it('reads a body sent in pieces, splitting multi-byte characters, as one UTF-8 text', async () => {
    const name = 'Zoë Ødegård 🚀 李雷';
    const res = await send('/v1/customers', secretKey, JSON.stringify({ external_id: 'utf8', name }), {
      chunks: 7,
    });
    expect(res.status).toBe(201);
    expect((JSON.parse(res.body) as { name: string }).name).toBe(name);
  });

  it('drops a leading byte-order mark, as Request.text() does', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ external_id: 'bom', name: 'Bo' })),
    ]);
    const res = await send('/v1/customers', secretKey, body);
    expect(res.status).toBe(201);
  });

  it('reads a chunked body without a length too', async () => {
    const res = await send(
      '/v1/customers',
      secretKey,
      JSON.stringify({ external_id: 'chunked', name: 'Cy' }),
      {
        chunked: true,
        chunks: 3,
      },
    );
    expect(res.status).toBe(201);
  });

  it('answers a request whose body is empty', async () => {
    const res = await send('/v1/customers', secretKey, '');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { param: 'external_id' } });
  });
});
