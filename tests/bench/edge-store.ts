// `npx tsx tests/bench/edge-store.ts` (needs TEST_POSTGRES_URL and `npm run build`): the edge store
// question in figures, all in workerd through Miniflare on this machine —
//   1. the smallest transactional write (a ledger movement) on PostgreSQL through Hyperdrive, on D1
//      (one atomic batch), and in a Durable Object with SQLite storage;
//   2. a whole attributed order through the real Workers entry over Hyperdrive.
// Reports, never asserts. Figures and their reading: docs/deploy.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import pg from 'pg';
import { bundleForWorkers } from '../../examples/cloudflare/build.ts';
import { createTestDatabase } from '../support/databases.ts';
import { startServerProcess } from '../support/server-process.ts';
import { createSchemaRole, readWranglerConfig, startEdgeWorkers } from '../support/workerd.ts';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL;
const OPS = Number(process.env.BENCH_EDGE_OPS ?? 300);
const log = (line = '') => process.stdout.write(`${line}\n`);

interface Figures {
  perSecond: number;
  p50: number;
  p95: number;
}

async function measure(ops: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Figures> {
  for (let i = 0; i < 20; i++) await op(-1 - i); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: ops / seconds, p50: at(0.5), p95: at(0.95) };
}

const row = (name: string, c: number, f: Figures) =>
  `| ${name} | ${c} | ${f.perSecond.toFixed(f.perSecond < 10 ? 1 : 0)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} |`;

async function ledgerMovements(postgresUrl: string) {
  const schema = `fw_test_edgebench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.query(`set search_path = ${schema}`);
  await admin.query('create table customers (id text primary key, balance integer not null)');
  await admin.query(
    'create table ledger_entries (cause text primary key, customer_id text not null, delta integer not null)',
  );
  await admin.query("insert into customers (id, balance) values ('ann', 0)");
  const role = await createSchemaRole(postgresUrl, schema);
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-edge-bench-'));
  const script = join(dir, 'bench.js');
  await bundleForWorkers(fileURLToPath(new URL('./edge-store-worker.ts', import.meta.url)), script);
  const config = readWranglerConfig();
  const mf = new Miniflare({
    host: '127.0.0.1',
    modules: [{ type: 'ESModule', path: script }],
    modulesRoot: dir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    hyperdrives: { HYPERDRIVE: role.url },
    d1Databases: { D1: 'bench-d1' },
    durableObjects: { LEDGER: { className: 'Ledger', useSQLite: true } },
    d1Persist: join(dir, 'd1'),
    durableObjectsPersist: join(dir, 'do'),
  });
  try {
    await (await mf.dispatchFetch('http://127.0.0.1/setup-d1')).text();
    log('| store (ledger movement) | concurrency | writes/s | p50 ms | p95 ms |');
    log('|---|---|---|---|---|');
    for (const store of ['postgres', 'd1', 'durable-object'] as const) {
      for (const concurrency of [1, 8]) {
        const figures = await measure(OPS, concurrency, async (i) => {
          const res = await mf.dispatchFetch(`http://127.0.0.1/${store}?cause=${store}-${concurrency}-${i}`);
          if (!res.ok) throw new Error(`${store}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        });
        log(
          row(
            store === 'postgres'
              ? 'PostgreSQL via Hyperdrive'
              : store === 'd1'
                ? 'D1 batch'
                : 'Durable Object (SQLite)',
            concurrency,
            figures,
          ),
        );
      }
    }
    // The same movement from Node over a pool (no per-request connect, no proxy): the database's share.
    const pool = new pg.Pool({ connectionString: role.url, max: 8 });
    for (const concurrency of [1, 8]) {
      const figures = await measure(OPS, concurrency, async (i) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query("select balance from customers where id = 'ann' for no key update");
          const inserted = await client.query(
            "insert into ledger_entries (cause, customer_id, delta) values ($1, 'ann', 1) on conflict do nothing returning cause",
            [`node-${concurrency}-${i}`],
          );
          if (inserted.rowCount === 1)
            await client.query("update customers set balance = balance + 1 where id = 'ann'");
          await client.query('commit');
        } finally {
          client.release();
        }
      });
      log(row('PostgreSQL from Node, pooled (reference)', concurrency, figures));
    }
    await pool.end();
  } finally {
    await mf.dispose();
    await role.drop();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function attributedOrders(postgresUrl: string) {
  const database = await createTestDatabase('postgres');
  const role = await createSchemaRole(postgresUrl, database.schema!);
  const outDir = mkdtempSync(join(tmpdir(), 'flywheel-edge-bench-'));
  const edge = await startEdgeWorkers({
    hyperdriveUrl: role.url,
    outDir,
    secrets: { FLYWHEEL_ADMIN_TOKEN: 'bench' },
    variantVars: {},
  });
  const call = async (path: string, key: string, body: unknown) => {
    const res = await edge.mf.dispatchFetch(`http://127.0.0.1:8787${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, string>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const merchant = await call('/admin/v1/merchants', 'bench', {
      name: 'Bench',
      allowed_origins: ['https://bench.example'],
    });
    const sk = merchant.secret_key!;
    const ann = await call('/v1/customers', sk, { external_id: 'ann', email: 'ann@example.com' });
    log('');
    log('| whole attributed order (Workers entry) | concurrency | orders/s | p50 ms | p95 ms |');
    log('|---|---|---|---|---|');
    for (const concurrency of [1, 8]) {
      const figures = await measure(Math.min(OPS, 200), concurrency, async (i) => {
        await call('/v1/orders', sk, {
          external_id: `o-${concurrency}-${i}`,
          customer: { external_id: `f-${concurrency}-${i}`, email: `f${concurrency}_${i + 100}@example.net` },
          amount: 4000,
          currency: 'USD',
          referral_code: ann.referral_code,
        });
      });
      log(row('POST /v1/orders via Hyperdrive → PostgreSQL', concurrency, figures));
    }
    // The same orders on the Node entry (`npm start`, its own process) over the same database.
    const node = await startServerProcess(database.url, {
      schema: database.schema,
      env: { FLYWHEEL_DEMO: '1' },
    });
    try {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${node.url}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${node.secretKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as Record<string, string>;
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      const bea = await post('/v1/customers', { external_id: 'bea', email: 'bea@example.com' });
      for (const concurrency of [1, 8]) {
        const figures = await measure(Math.min(OPS, 200), concurrency, async (i) => {
          await post('/v1/orders', {
            external_id: `n-${concurrency}-${i}`,
            customer: {
              external_id: `nf-${concurrency}-${i}`,
              email: `nf${concurrency}_${i + 100}@example.net`,
            },
            amount: 4000,
            currency: 'USD',
            referral_code: bea.referral_code,
          });
        });
        log(row('POST /v1/orders on the Node entry → PostgreSQL (reference)', concurrency, figures));
      }
    } finally {
      node.child.kill('SIGTERM');
      await node.exited;
    }
  } finally {
    await edge.mf.dispose();
    await database.destroy();
    await role.drop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!POSTGRES_URL) throw new Error('Set TEST_POSTGRES_URL (the edge path is PostgreSQL).');
  log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  log('');
  await ledgerMovements(POSTGRES_URL);
  await attributedOrders(POSTGRES_URL);
  log('');
  log(
    `Load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
