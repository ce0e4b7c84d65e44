// Migrations are imported statically (no filesystem scan) so they run on edge runtimes too.
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initialSchema from './migrations/2026-11-22T0000-initial-schema.ts';
import type { Db } from './schema.ts';

const migrations: Record<string, Migration> = {
  '2026-11-22T0000-initial-schema': initialSchema,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
