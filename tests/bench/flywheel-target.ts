// A running Flywheel for the benchmark: the Node entry with the demo merchant on a fresh database
// (a SQLite file in a temp dir, or a fresh PostgreSQL schema), two customers, and the hot-path
// requests the widget and the merchant's server make.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import type { RequestSpec } from './request-spec.ts';

export type Dialect = 'sqlite' | 'postgres';

export type HotPath = 'click' | 'pageView' | 'order' | 'customer';

export interface FlywheelTarget {
  dialect: Dialect;
  url: string;
  app: RunningServer['app'];
  requests: Record<HotPath, RequestSpec>;
  /** Clicks the database holds for the referrer (to check every served click was recorded). */
  recordedClicks(): Promise<number>;
  /** Customers of the demo merchant (each benchmarked order adds one). */
  customerCount(): Promise<number>;
  close(): Promise<void>;
}

const REFERRER = 'bench_referrer';
const READER = 'bench_reader';

export async function startFlywheel(dialect: Dialect): Promise<FlywheelTarget> {
  const { server, dispose } = await startOn(dialect);
  const demo = server.demo!;
  const secret = { Authorization: `Bearer ${demo.secretKey}`, 'Content-Type': 'application/json' };
  const upsertCustomer = async (fields: Record<string, string>) => {
    const res = await fetch(`${server.url}/v1/customers`, {
      method: 'POST',
      headers: secret,
      body: JSON.stringify(fields),
    });
    if (!res.ok) throw new Error(`seeding a customer failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { referral_code: string };
  };
  const { referral_code: code } = await upsertCustomer({
    external_id: REFERRER,
    name: 'Ann Lee',
    email: 'ann@shop.example',
  });
  await upsertCustomer({ external_id: READER, name: 'Bo Chan', email: 'bo@shop.example' });

  const widget = { 'Content-Type': 'application/json', Origin: server.url };
  const bootstrapPath = `/v1/client/bootstrap?key=${demo.publishableKey}`;
  const requests: FlywheelTarget['requests'] = {
    // A friend lands through a referral link: a new visitor each time, so each click is recorded.
    click: {
      method: 'POST',
      path: bootstrapPath,
      headers: widget,
      body: JSON.stringify({ visitor_id: 'vis_{{unique}}', ref: code, url: `${server.url}/?ref=${code}` }),
      expectStatus: 200,
    },
    // A page view of a returning anonymous visitor (1,000 of them take turns).
    pageView: {
      method: 'POST',
      path: bootstrapPath,
      headers: widget,
      body: JSON.stringify({ visitor_id: 'vis_{{pool}}', url: `${server.url}/products/blue-mug` }),
      expectStatus: 200,
    },
    // The merchant's server reports a paid order of a new customer; 201 means really created.
    order: {
      method: 'POST',
      path: '/v1/orders',
      headers: secret,
      body: JSON.stringify({
        external_id: 'order_{{unique}}',
        customer: { external_id: 'buyer_{{unique}}', email: 'buyer_{{unique}}@example.com' },
        amount: 5000,
        currency: 'USD',
      }),
      expectStatus: 201,
    },
    customer: { method: 'GET', path: `/v1/customers/${READER}`, headers: secret, expectStatus: 200 },
  };

  return {
    dialect,
    url: server.url,
    app: server.app,
    requests,
    recordedClicks: async () => {
      const res = await fetch(`${server.url}/v1/customers/${REFERRER}`, { headers: secret });
      const body = (await res.json()) as { stats: { clicks: number } };
      return body.stats.clicks;
    },
    customerCount: async () => {
      const row = await server.app.deps.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('merchant_id', '=', demo.merchantId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    close: async () => {
      await server.close();
      await dispose();
    },
  };
}

async function startOn(dialect: Dialect): Promise<{ server: RunningServer; dispose(): Promise<void> }> {
  const common = { port: 0, host: '127.0.0.1', demo: true, log: false, jobs: false } as const;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-bench-'));
    const server = await startServer({ ...common, databaseUrl: `file:${join(dir, 'flywheel.db')}` });
    return { server, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // Imported only here: the module warns about a missing TEST_POSTGRES_URL as soon as it loads.
  const { createTestDatabase } = await import('../support/databases.ts');
  const database = await createTestDatabase('postgres');
  const server = await startServer({
    ...common,
    databaseUrl: database.url,
    ...(database.schema ? { databaseSchema: database.schema } : {}),
  });
  return { server, dispose: () => database.destroy() };
}
