// The app knows no runtime: it must bundle without Node built-ins, and the edge entry
// must serve the same API from `export default { fetch }` over a real PostgreSQL.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../../api/src/worker.ts';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases.ts';

const entry = (path: string) => fileURLToPath(new URL(`../../api/src/${path}`, import.meta.url));

async function neutralBundle(path: string, external: string[] = []) {
  // platform "neutral" knows no Node built-ins: importing one fails the build.
  const result = await build({
    entryPoints: [entry(path)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the app on edge runtimes', () => {
  it('bundles createApp with no Node built-ins and no Node-only module', async () => {
    const inputs = await neutralBundle('app.ts');
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(inputs.filter((p) => /api\/src\/(node|node-dns|db\/connect)\.ts$/.test(p))).toEqual([]);
  });

  it('bundles the worker entry with only the PostgreSQL driver left to the runtime', async () => {
    const inputs = await neutralBundle('worker.ts', ['pg']);
    expect(inputs).toContain('api/src/worker.ts');
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});

describe.runIf(POSTGRES_URL)('the worker entry over PostgreSQL', () => {
  let database: TestDatabase;
  let env: { DATABASE_URL: string; FLYWHEEL_ADMIN_TOKEN: string };
  const call = (path: string, init: RequestInit = {}) =>
    worker.fetch(new Request(`https://edge.test${path}`, init), env);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const url = new URL(database.url);
    url.searchParams.set('options', `-c search_path=${database.schema}`);
    env = { DATABASE_URL: url.toString(), FLYWHEEL_ADMIN_TOKEN: 'edge-admin' };
  });
  afterAll(() => database.destroy());

  it('answers health, creates a merchant and records a customer through the same routes', async () => {
    expect(await (await call('/healthz')).json()).toEqual({ ok: true });
    const merchant = await call('/admin/v1/merchants', {
      method: 'POST',
      headers: { Authorization: 'Bearer edge-admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Edge Shop', allowed_origins: ['https://edge-shop.example'] }),
    });
    expect(merchant.status).toBe(201);
    const { secret_key } = (await merchant.json()) as { secret_key: string };
    const customer = await call('/v1/customers', {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret_key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ external_id: 'edge_1', name: 'Eda' }),
    });
    expect(customer.status).toBe(201);
    expect(await customer.json()).toMatchObject({
      external_id: 'edge_1',
      referral_url: expect.stringMatching(/^https:\/\/edge-shop\.example\/\?ref=EDA-/),
      points_balance: 100,
    });
    const stored = await database.db.selectFrom('customers').select('external_id').execute();
    expect(stored.map((c) => c.external_id)).toEqual(['edge_1']);
  });

  it('takes the client address from CF-Connecting-IP, which Cloudflare sets itself', async () => {
    const merchant = await call('/admin/v1/merchants', {
      method: 'POST',
      headers: { Authorization: 'Bearer edge-admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Edge Limits', allowed_origins: ['https://edge-shop.example'] }),
    });
    const { publishable_key } = (await merchant.json()) as { publishable_key: string };
    const claim = (i: number, address: string) =>
      call(`/v1/client/offers/claim?key=${publishable_key}`, {
        method: 'POST',
        headers: {
          Origin: 'https://edge-shop.example',
          'Content-Type': 'application/json',
          'CF-Connecting-IP': address,
          // Whatever else a client adds is not the address on Workers.
          'X-Forwarded-For': `198.51.100.${i % 250}`,
        },
        body: JSON.stringify({ visitor_id: 'vis_edge_visitor_1', email: `edge${i}@spam.test` }),
      });
    // The worker reads the wall clock and limits count in fixed minutes: stop Date (only Date, so
    // the database's timers keep running) so the whole story falls inside one minute.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:10.000Z'));
    try {
      for (let i = 0; i < 60; i++) expect((await claim(i, '203.0.113.10')).status).toBe(200);
      expect((await claim(60, '203.0.113.10')).status).toBe(429);
      expect((await claim(61, '203.0.113.11')).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
