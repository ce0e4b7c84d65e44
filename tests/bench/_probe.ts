import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { computeStats } from '../../api/src/store/stats.ts';
import { kpiCohorts, criticalPoints, kpiSeries } from '../../api/src/services/analytics.ts';
import { readProgram } from '../../api/src/store/programs.ts';
import { ensureHistoryDays } from '../../api/src/store/kpi-days.ts';
import { migrateToLatest } from '../../api/src/db/migrate.ts';
const path = process.argv[2]!;
const times: [number, string][] = [];
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }),
  log: (e) => { times.push([Math.round(e.queryDurationMillis), e.query.sql.slice(0, 140).replace(/\s+/g,' ')]); } });
await migrateToLatest(db);
const m = (await db.selectFrom('merchants').select('id').executeTakeFirstOrThrow()).id;
const now = new Date();
const DAY = 86400000;
const program = await readProgram(db, m);
let t = performance.now();
console.log('ensure history', await ensureHistoryDays(db, m, now), Math.round(performance.now() - t), 'ms');
for (const days of [30, 90]) {
  times.length = 0;
  const t = performance.now();
  await computeStats(db, m, program, { from: new Date(now.getTime() - days * DAY), to: now }, now);
  console.log(`stats ${days}: ${Math.round(performance.now() - t)} ms`);
  for (const x of times.sort((a, b) => b[0] - a[0]).slice(0, 8)) console.log('  ', x[0], x[1]);
}
for (const [name, f] of [
  ['series 90 week', () => kpiSeries(db, m, program, { from: new Date(now.getTime() - 90 * DAY), to: now, interval: 'week', metrics: ['orders'] }, now)],
  ['cohorts month', () => kpiCohorts(db, m, { from: new Date(now.getTime() - 183 * DAY), to: now, period: 'month' }, now)],
  ['cohorts week', () => kpiCohorts(db, m, { from: new Date(now.getTime() - 84 * DAY), to: now, period: 'week' }, now)],
  ['critical', () => criticalPoints(db, m, program, now)],
] as const) {
  times.length = 0; t = performance.now(); await f();
  console.log(`${name}: ${Math.round(performance.now() - t)} ms`, times.map(x=>x[0]).join(' '));
}
