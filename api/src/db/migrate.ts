// Migrations are imported statically (no filesystem scan) so they run on edge runtimes too.
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { dialectOf } from './dialect.ts';
import * as initialSchema from './migrations/2026-11-22T0000-initial-schema.ts';
import * as webhookOutbox from './migrations/2026-11-22T0100-webhook-outbox-and-platform-intake.ts';
import * as couponSync from './migrations/2026-11-22T0200-coupon-sync.ts';
import * as httpLandingUrls from './migrations/2026-11-30T0010-http-landing-urls.ts';
import * as shopperScoping from './migrations/2026-11-30T0020-shopper-scoping.ts';
import * as referralCounters from './migrations/2026-11-30T0030-referral-counters.ts';
import * as customerErasure from './migrations/2026-11-30T0040-customer-erasure.ts';
import * as feedback from './migrations/2026-11-30T0050-feedback.ts';
import * as alertEpisodes from './migrations/2026-12-01T0100-alert-episodes.ts';
import * as analyticsIndexes from './migrations/2026-12-01T0110-analytics-indexes.ts';
import * as automations from './migrations/2026-12-01T0200-automations.ts';
import * as experiments from './migrations/2026-12-01T0300-experiments.ts';
import * as kpiDays from './migrations/2026-12-02T0100-kpi-days.ts';
import * as kpiFirsts from './migrations/2026-12-03T0100-kpi-firsts.ts';
import * as ordersIpIndex from './migrations/2026-12-03T0300-orders-ip-index.ts';
import type { Db } from './schema.ts';

const migrations: Record<string, Migration> = {
  '2026-11-22T0000-initial-schema': initialSchema,
  '2026-11-22T0100-webhook-outbox-and-platform-intake': webhookOutbox,
  '2026-11-22T0200-coupon-sync': couponSync,
  '2026-11-30T0010-http-landing-urls': httpLandingUrls,
  '2026-11-30T0020-shopper-scoping': shopperScoping,
  '2026-11-30T0030-referral-counters': referralCounters,
  '2026-11-30T0040-customer-erasure': customerErasure,
  '2026-11-30T0050-feedback': feedback,
  '2026-12-01T0100-alert-episodes': alertEpisodes,
  '2026-12-01T0110-analytics-indexes': analyticsIndexes,
  '2026-12-01T0200-automations': automations,
  '2026-12-01T0300-experiments': experiments,
  '2026-12-02T0100-kpi-days': kpiDays,
  '2026-12-03T0100-kpi-firsts': kpiFirsts,
  '2026-12-03T0300-orders-ip-index': ordersIpIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: another schema's
  // `kysely_migration_lock` (a parallel test run, another deployment in the same database) would
  // otherwise be taken for ours. Name the schema the connection actually uses.
  const migrationTableSchema =
    dialectOf(db).name === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
