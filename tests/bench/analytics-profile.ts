// Times each query of /v1/stats and /v1/stats/series on a seeded shop (tests/bench/analytics-seed.ts),
// in-process and one at a time, so where a read's time goes is plain.
//
//   npx tsx tests/bench/analytics-profile.ts /tmp/shop-copy.db
//   npx tsx tests/bench/analytics-profile.ts postgres://… bench_analytics
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../api/src/db/migrate.ts';
import { readPostgresNumbersAsNumbers } from '../../api/src/db/pg-number-types.ts';
import type { Database } from '../../api/src/db/schema.ts';
import { KPI_METRICS } from '../../api/src/domain/kpis.ts';
import { kpiSeries } from '../../api/src/services/analytics.ts';
import { ensureHistoryDays, ensureKpiDays } from '../../api/src/store/kpi-days.ts';
import { readProgram } from '../../api/src/store/programs.ts';
import { computeStats } from '../../api/src/store/stats.ts';

const target = process.argv[2] ?? '/tmp/flywheel-analytics.db';
const DAY = 86_400_000;
const log: { sql: string; ms: number }[] = [];
const onLog = (event: LogEvent) => {
  log.push({ sql: event.query.sql.replace(/\s+/g, ' ').slice(0, 150), ms: event.queryDurationMillis });
};
readPostgresNumbersAsNumbers();
const db = target.startsWith('postgres')
  ? new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: target,
          max: 10,
          options: `-c search_path=${process.argv[3] ?? 'bench_analytics'}`,
        }),
      }),
      log: onLog,
    })
  : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(target) }), log: onLog });

await migrateToLatest(db);
const merchant = (await db.selectFrom('merchants').select('id').executeTakeFirstOrThrow()).id;
const program = await readProgram(db, merchant);
const now = new Date();
const range = (days: number) => ({ from: new Date(now.getTime() - days * DAY), to: now });
let t0 = performance.now();
await ensureHistoryDays(db, merchant, now);
process.stdout.write(`rolled up the history in ${(performance.now() - t0).toFixed(0)} ms\n`);

const reads: [string, () => Promise<unknown>][] = [
  ['stats 30 days', () => computeStats(db, merchant, program, range(30), now)],
  ['stats 90 days', () => computeStats(db, merchant, program, range(90), now)],
  [
    'series 30 days by day',
    () => kpiSeries(db, merchant, program, { ...range(30), interval: 'day', metrics: KPI_METRICS }, now),
  ],
  [
    'series 90 days by week',
    () => kpiSeries(db, merchant, program, { ...range(90), interval: 'week', metrics: KPI_METRICS }, now),
  ],
];
for (const [name, read] of reads) {
  await ensureKpiDays(db, merchant, name.includes('90') ? range(90) : range(30), now);
  await read(); // warm-up
  log.length = 0;
  // The event loop's longest stall during the read: what a concurrent request would wait.
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  t0 = performance.now();
  await read();
  const total = performance.now() - t0;
  lag.disable();
  const inQueries = log.reduce((s, q) => s + q.ms, 0);
  process.stdout.write(
    `\n== ${name}: ${total.toFixed(0)} ms (${log.length} queries, ${inQueries.toFixed(0)} ms summed; longest event-loop stall ${(lag.max / 1e6).toFixed(0)} ms)\n`,
  );
  for (const q of [...log].sort((a, b) => b.ms - a.ms).slice(0, 12))
    process.stdout.write(`${q.ms.toFixed(1).padStart(8)} ms  ${q.sql}\n`);
}
await db.destroy();
