import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { rawFirsts } from '../../api/src/store/kpi-firsts.ts';
import { rawDayParts } from '../../api/src/store/kpi-days.ts';
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(process.argv[2]!) }), log: (e) => { if (e.queryDurationMillis > 3) console.log(e.queryDurationMillis.toFixed(1), e.query.sql.replace(/\s+/g,' ').slice(0, 90)); } });
const merchant = (await db.selectFrom('merchants').select('id').executeTakeFirstOrThrow()).id;
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  await rawFirsts(db, merchant, '2026-09-01T00:00:00.000Z', '2026-09-05T00:00:00.000Z');
  console.log('firsts', Math.round(performance.now() - t));
  t = performance.now();
  await rawDayParts(db, merchant, '2026-09-01T00:00:00.000Z', '2026-09-05T00:00:00.000Z', false);
  console.log('rest', Math.round(performance.now() - t));
}
