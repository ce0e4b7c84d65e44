// A running Flywheel for the benchmark: its own process on core 0 (flywheel-server.ts) over a fresh
// database — a SQLite file in a temp dir, or a fresh PostgreSQL schema — with one referrer, and the
// hot-path requests: a friend's landing through the referral link, and that friend's first order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { RequestSpec } from './request-spec.ts';
import { type BenchServer, startServerProcess } from './server-process.ts';

export type Dialect = 'sqlite' | 'postgres';
export type HotPath = 'click' | 'order';

export interface FlywheelTarget {
  dialect: Dialect;
  url: string;
  requests: Record<HotPath, RequestSpec>;
  /** Clicks and converted referrals the database holds for the referrer (each served one must be there). */
  referrerStats(): Promise<{ clicks: number; conversions: number }>;
  /** The server process's CPU time so far, ms (see BenchServer.cpuMs). */
  cpuMs(): number | undefined;
  close(): Promise<void>;
}

const here = fileURLToPath(new URL('.', import.meta.url));

export async function startFlywheel(dialect: Dialect): Promise<FlywheelTarget> {
  const { env, dispose } = await freshDatabase(dialect);
  let server: BenchServer;
  try {
    server = await startServerProcess(join(here, 'flywheel-server.ts'), {
      cwd: join(here, '../..'),
      env,
      waitFor: /Demo secret key\s+\S+/,
    });
  } catch (error) {
    await dispose();
    throw error;
  }
  const keys = {
    publishable: /Demo publishable key\s+(\S+)/.exec(server.output())![1]!,
    secret: /Demo secret key\s+(\S+)/.exec(server.output())![1]!,
  };
  const secret = { Authorization: `Bearer ${keys.secret}`, 'Content-Type': 'application/json' };
  const res = await fetch(`${server.url}/v1/customers`, {
    method: 'POST',
    headers: secret,
    body: JSON.stringify({ external_id: 'bench_referrer', name: 'Ann Lee', email: 'ann@shop.example' }),
  });
  if (!res.ok) throw new Error(`seeding the referrer failed: ${res.status} ${await res.text()}`);
  const { referral_code: code } = (await res.json()) as { referral_code: string };

  const widget = { 'Content-Type': 'application/json', Origin: server.url };
  const requests: FlywheelTarget['requests'] = {
    // A friend lands through the referral link: a new visitor each time, so each click is recorded.
    click: {
      method: 'POST',
      path: `/v1/client/bootstrap?key=${keys.publishable}`,
      headers: widget,
      body: JSON.stringify({ visitor_id: 'vis_{{unique}}', ref: code, url: `${server.url}/?ref=${code}` }),
      expectStatus: 200,
    },
    // A new friend of the same referrer pays a first order with the referral code: attributed, both
    // sides rewarded. 201 means really created.
    order: {
      method: 'POST',
      path: '/v1/orders',
      headers: secret,
      body: JSON.stringify({
        external_id: 'order_{{unique}}',
        customer: { external_id: 'friend_{{unique}}', email: 'friend_{{unique}}@example.com' },
        amount: 5000,
        currency: 'USD',
        referral_code: code,
      }),
      expectStatus: 201,
    },
  };

  return {
    dialect,
    url: server.url,
    requests,
    referrerStats: async () => {
      const r = await fetch(`${server.url}/v1/customers/bench_referrer`, { headers: secret });
      const body = (await r.json()) as { stats: { clicks: number; conversions: number } };
      return { clicks: body.stats.clicks, conversions: body.stats.conversions };
    },
    cpuMs: () => server.cpuMs(),
    close: async () => {
      await server.stop();
      await dispose();
    },
  };
}

async function freshDatabase(
  dialect: Dialect,
): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-bench-'));
    return {
      env: { BENCH_DATABASE_URL: `file:${join(dir, 'flywheel.db')}` },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_POSTGRES_URL!;
  const schema = `fw_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    env: { BENCH_DATABASE_URL: url, BENCH_DATABASE_SCHEMA: schema },
    dispose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}
