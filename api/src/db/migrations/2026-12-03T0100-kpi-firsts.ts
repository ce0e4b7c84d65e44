// Who appeared in each rolled-up day, and when they had last appeared before it (docs/analytics.md,
// "Distinct over the window"): `kpi_days.firsts` holds, per closed day, the distinct referred visitors
// and the distinct sharers of that day, counted by the day of their previous click (or share) before
// it. From those a window's distinct visitors and sharers are summed day by day, exactly.
//
// A day's `firsts` depend on rows of *earlier* days: a click dated in the past changes the previous
// click of the same visitor's next day with a click, and the previous event of the same referrer's
// next day with a click or a share. The triggers below mark those days too (the click's own day is
// marked by 2026-12-02T0100; a share's own day is marked here). Like those, they fire only for rows
// dated before the database's today, so a click or share of now pays one string comparison.
//
// Existing rollups have no `firsts`: they are dropped (a cache; reads rebuild what they need).
// Frozen once landed.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

interface Dialect {
  today: string;
  /** The `YYYY-MM-DD` after the day of an ISO timestamp expression. */
  nextDay: (at: string) => string;
}
const SQLITE: Dialect = {
  today: `date('now')`,
  nextDay: (at) => `date(substr(${at}, 1, 10), '+1 day')`,
};
const POSTGRES: Dialect = {
  today: `to_char(now() at time zone 'UTC', 'YYYY-MM-DD')`,
  nextDay: (at) => `to_char(cast(substr(${at}, 1, 10) as date) + 1, 'YYYY-MM-DD')`,
};

/** The first click of this visitor on a day after the row's day. */
const visitorNext = (row: string, d: Dialect) => `(select min(created_at) from clicks
  where merchant_id = ${row}.merchant_id and visitor_id = ${row}.visitor_id
  and created_at >= ${d.nextDay(`${row}.created_at`)})`;

/** The first click (as the referrer) or share of this customer on a day after the row's day. */
const sharerNext = (row: string, customer: string, d: Dialect) => {
  const after = d.nextDay(`${row}.created_at`);
  return `(select min(at) from (
    select min(created_at) as at from clicks where referrer_id = ${row}.${customer} and created_at >= ${after}
    union all
    select min(created_at) from shares where customer_id = ${row}.${customer} and created_at >= ${after}) as next)`;
};

interface Trigger {
  name: string;
  event: string;
  table: string;
  row: 'new' | 'old';
  /** Instants whose days a late write to the row touches (nulls ignored). */
  instants: (d: Dialect) => string[];
}

const UPDATE_CLICK = 'update of created_at, visitor_id, referrer_id';
const UPDATE_SHARE = 'update of created_at, customer_id';
const EVENTS = (update: string) =>
  [
    ['insert', 'insert', 'new'],
    [update, 'update', 'new'],
    [update, 'update', 'old'],
    ['delete', 'delete', 'old'],
  ] as const;

const TRIGGERS: Trigger[] = [
  ...EVENTS(UPDATE_CLICK).map(([event, op, row]) => ({
    name: `kpi_firsts_clicks_${op}_${row}`,
    event,
    table: 'clicks',
    row,
    instants: (d: Dialect) => [visitorNext(row, d), sharerNext(row, 'referrer_id', d)],
  })),
  ...EVENTS(UPDATE_SHARE).map(([event, op, row]) => ({
    name: `kpi_firsts_shares_${op}_${row}`,
    event,
    table: 'shares',
    row,
    instants: (d: Dialect) => [`${row}.created_at`, sharerNext(row, 'customer_id', d)],
  })),
];

/** The days (before today) of a trigger's instants, as (merchant_id, day) rows. */
const days = (t: Trigger, d: Dialect) => `
  select merchant_id, case when at < ${d.today} then substr(at, 1, 10) end as day from (
    ${t
      .instants(d)
      .map((at) => `select ${t.row}.merchant_id as merchant_id, ${at} as at`)
      .join(' union all ')}) as instants`;

const mark = (days: string) => `
  insert into kpi_day_marks (merchant_id, day, n)
  select distinct merchant_id, day, 1 from (${days}) as touched where day is not null
  on conflict (merchant_id, day) do update set n = kpi_day_marks.n + 1`;

export async function up(db: AnyDb): Promise<void> {
  await db.deleteFrom('kpi_days').execute();
  await db.schema
    .alterTable('kpi_days')
    .addColumn('firsts', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The window's shares were read by scanning every share of the table.
  await db.schema
    .createIndex('shares_merchant_time_idx')
    .on('shares')
    .columns(['merchant_id', 'created_at'])
    .execute();

  const postgres = isPostgres(db);
  const d = postgres ? POSTGRES : SQLITE;
  for (const t of TRIGGERS) {
    const when = `${t.row}.created_at < ${d.today}`;
    if (postgres) {
      await sql
        .raw(`create function ${t.name}() returns trigger language plpgsql as $$
          begin ${mark(days(t, d))}; return null; end $$`)
        .execute(db);
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row
          when (${when}) execute function ${t.name}()`)
        .execute(db);
    } else {
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row
          when ${when} begin ${mark(days(t, d))}; end`)
        .execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  for (const t of TRIGGERS) {
    if (postgres) {
      await sql.raw(`drop trigger if exists ${t.name} on ${t.table}`).execute(db);
      await sql.raw(`drop function if exists ${t.name}()`).execute(db);
    } else {
      await sql.raw(`drop trigger if exists ${t.name}`).execute(db);
    }
  }
  await db.schema.dropIndex('shares_merchant_time_idx').execute();
  await db.schema.alterTable('kpi_days').dropColumn('firsts').execute();
}
