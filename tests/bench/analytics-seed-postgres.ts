// Copies the shop seeded by tests/bench/analytics-seed.ts from its SQLite file into a PostgreSQL schema,
// so the analytics bench can run on both dialects with the same history.
//
//   npx tsx tests/bench/analytics-seed.ts /tmp/flywheel-analytics.db
//   npx tsx tests/bench/analytics-seed-postgres.ts /tmp/flywheel-analytics.db postgres://… bench_analytics
//   npx tsx tests/bench/analytics-run.ts postgres://… bench_analytics
//
// The schema is dropped and remade; the demo merchant is created through the real Node entry
// (migrations, keys), then the seeded rows are inserted in batches under that merchant's id, with
// exactly the columns the SQLite seed wrote (the rest take their defaults, as there).
import Database from 'better-sqlite3';
import pg from 'pg';
import { startServer } from '../../api/src/node.ts';

const [file = '/tmp/flywheel-analytics.db', url, schema = 'bench_analytics'] = process.argv.slice(2);
if (!url?.startsWith('postgres'))
  throw new Error('usage: analytics-seed-postgres.ts <sqlite file> <postgres url> [schema]');
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('the schema name must be a plain identifier');

const TABLES: Record<string, string[]> = {
  customers: [
    'id',
    'external_id',
    'email',
    'email_normalized',
    'referral_code',
    'referred_by',
    'points_balance',
    'orders_count',
    'total_spent',
    'first_order_at',
    'last_order_at',
    'created_at',
    'updated_at',
  ],
  orders: [
    'id',
    'external_id',
    'customer_id',
    'amount',
    'refunded_amount',
    'currency',
    'coupon_codes',
    'visitor_id',
    'referral_code',
    'status',
    'source',
    'created_at',
    'recorded_at',
  ],
  referrals: [
    'id',
    'referrer_id',
    'friend_id',
    'visitor_id',
    'status',
    'method',
    'order_id',
    'reasons',
    'flags',
    'created_at',
    'converted_at',
  ],
  rewards: [
    'id',
    'customer_id',
    'kind',
    'source',
    'status',
    'reward',
    'order_id',
    'referral_id',
    'cause_key',
    'flags',
    'available_at',
    'created_at',
    'issued_at',
  ],
  clicks: ['id', 'referral_code', 'referrer_id', 'visitor_id', 'day', 'created_at'],
  offer_claims: ['id', 'visitor_id', 'email', 'email_normalized', 'referrer_id', 'created_at'],
  ledger_entries: [
    'id',
    'customer_id',
    'account',
    'delta',
    'balance_after',
    'reason',
    'cause_key',
    'created_at',
  ],
};

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`drop schema if exists ${schema} cascade`);
await admin.query(`create schema ${schema}`);
await admin.query(`set search_path to ${schema}`);

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: url,
  databaseSchema: schema,
  demo: true,
  log: false,
  jobs: false,
});
const merchant = server.demo!.merchantId;
await server.close();

const lite = new Database(file, { readonly: true });
// The SQLite seed's merchant: the one whose customers it wrote.
const seeded = (
  lite.prepare(`select merchant_id from customers where id = 'cus_b0000000'`).get() as {
    merchant_id: string;
  }
).merchant_id;
const began = Date.now();
const counts: Record<string, number> = {};
for (const [table, columns] of Object.entries(TABLES)) {
  const all = ['merchant_id', ...columns];
  const batch = Math.floor(60_000 / all.length);
  const rows = lite
    .prepare(`select ${columns.join(', ')} from ${table} where merchant_id = ?`)
    .raw()
    .iterate(seeded);
  let pending: unknown[][] = [];
  counts[table] = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const values = pending
      .map((_, r) => `(${all.map((_, c) => `$${r * all.length + c + 1}`).join(', ')})`)
      .join(', ');
    await admin.query(`insert into ${table} (${all.join(', ')}) values ${values}`, pending.flat());
    counts[table]! += pending.length;
    pending = [];
  };
  await admin.query('begin');
  // The copy is history, not late writes: without the triggers that mark a past day's rollup stale
  // (each seeded click would mark its day and its visitor's and referrer's next days — a million
  // upserts of a few hundred rows in one transaction, tens of minutes). No rollup exists yet.
  await admin.query('set local session_replication_role = replica');
  for (const row of rows as Iterable<unknown[]>) {
    pending.push([merchant, ...row]);
    if (pending.length === batch) await flush();
  }
  await flush();
  await admin.query('commit');
}
// As autovacuum would leave a settled database: statistics, and the visibility map that lets counts
// be read from the indexes alone (without it every read visits the table; the funnel took 4× longer).
await admin.query('vacuum analyze');
await admin.end();
lite.close();
process.stdout.write(
  `${JSON.stringify({ schema, merchant, ...counts, seconds: (Date.now() - began) / 1000 })}\n`,
);
