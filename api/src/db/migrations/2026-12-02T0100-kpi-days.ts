// Daily KPI rollups (docs/analytics.md, "Daily rollups"): `kpi_days` holds each closed UTC day's
// additive parts, `kpi_day_marks` counts the late writes to each past day. A rollup is used only while
// its `version` equals its day's mark count, so a write dated before today — a historical import, a
// refund, a voided reward — makes the day's rollup stale in the same transaction, and the day is read
// raw until it is rebuilt.
//
// The triggers fire only for rows dated before the database's today (their WHEN clause), so the hot
// write paths — an order or a click of now — pay one string comparison per row and nothing else.
// Frozen once landed.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's evolving types.
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

const SQLITE_TODAY = `date('now')`;
const PG_TODAY = `to_char(now() at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * The days a late write to an order touches: its own; the days of the same customer's later orders
 * (whether they are a returning order, their gap and the first order in a currency depend on the
 * orders before them); and the conversion day of a referral the order converted (referral revenue).
 */
const orderDays = (row: string, today: string) => `
  select ${row}.merchant_id as merchant_id, substr(${row}.created_at, 1, 10) as day
  union select merchant_id, substr(created_at, 1, 10) from orders
    where customer_id = ${row}.customer_id and created_at > ${row}.created_at and created_at < ${today}
  union select merchant_id, substr(converted_at, 1, 10) from referrals
    where order_id = ${row}.id and converted_at < ${today}`;

const simpleDay = (row: string, column: string) =>
  `select ${row}.merchant_id as merchant_id, substr(${row}.${column}, 1, 10) as day`;

// [table, date column, extra WHEN condition, days for a row]
const TABLES: [string, string, string, (row: string, today: string) => string][] = [
  ['orders', 'created_at', '', orderDays],
  ['clicks', 'created_at', '', (row) => simpleDay(row, 'created_at')],
  ['rewards', 'created_at', '', (row) => simpleDay(row, 'created_at')],
  ['referrals', 'converted_at', '', (row) => simpleDay(row, 'converted_at')],
  [
    'ledger_entries',
    'created_at',
    `and ROW.account = 'points' and ROW.reason in ('expiry', 'redemption')`,
    (row) => simpleDay(row, 'created_at'),
  ],
];

interface Trigger {
  name: string;
  event: string;
  table: string;
  when: (today: string) => string;
  days: (today: string) => string;
}

const TRIGGERS: Trigger[] = [
  ...TABLES.flatMap(([table, column, extra, days]) =>
    (
      [
        ['insert', 'new'],
        ['update', 'new'],
        ['update', 'old'],
        ['delete', 'old'],
      ] as const
    ).map(([op, row]) => ({
      name: `kpi_mark_${table}_${op}_${row}`,
      event: op,
      table,
      when: (today: string) => `${row}.${column} < ${today} ${extra.replaceAll('ROW', row)}`,
      days: (today: string) => days(row, today),
    })),
  ),
  // Lifetime spend is split by whether a referral brought the customer: a past buyer attributed
  // later (a signed-up import) moves their past days' spend. A new customer has no past days.
  {
    name: 'kpi_mark_customers_referred',
    event: 'update of referred_by',
    table: 'customers',
    when: (today) => `old.referred_by is distinct from new.referred_by and new.first_order_at < ${today}`,
    days: (today) => `select merchant_id, substr(created_at, 1, 10) as day from orders
      where customer_id = new.id and created_at < ${today}`,
  },
];

const mark = (days: string) => `
  insert into kpi_day_marks (merchant_id, day, n)
  select distinct merchant_id, day, 1 from (${days}) as touched where day is not null
  on conflict (merchant_id, day) do update set n = kpi_day_marks.n + 1`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('kpi_days')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    // The bulky parts (repurchase gaps, survey samples) apart: the critical points read a year of
    // days and need neither.
    .addColumn('detail', 'text', (c) => c.notNull())
    // Lifetime spend parts apart from the rest: /v1/stats reads them for every day the shop has had.
    .addColumn('spend', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_days_pk', ['merchant_id', 'day'])
    .execute();
  await db.schema
    .createTable('kpi_day_marks')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_day_marks_pk', ['merchant_id', 'day'])
    .execute();

  const postgres = isPostgres(db);
  for (const t of TRIGGERS) {
    if (postgres) {
      await sql
        .raw(`create function ${t.name}() returns trigger language plpgsql as $$
          begin ${mark(t.days(PG_TODAY))}; return null; end $$`)
        .execute(db);
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row
          when (${t.when(PG_TODAY)}) execute function ${t.name}()`)
        .execute(db);
    } else {
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row
          when ${t.when(SQLITE_TODAY).replace('is distinct from', 'is not')}
          begin ${mark(t.days(SQLITE_TODAY))}; end`)
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
  await db.schema.dropTable('kpi_day_marks').execute();
  await db.schema.dropTable('kpi_days').execute();
}
