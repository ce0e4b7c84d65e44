// The dialects every API suite runs on: a real SQLite file, and a real PostgreSQL in a fresh schema.
// With CI=true a missing PostgreSQL fails the run instead of quietly testing one dialect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../../api/src/db/connect.ts';
import { migrateToLatest } from '../../api/src/db/migrate.ts';
import type { Db } from '../../api/src/db/schema.ts';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  db: Db;
  /** A DATABASE_URL for this same database (for startServer and child processes). */
  url: string;
  schema?: string;
  destroy(): Promise<void>;
}

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL;
export const TEST_SCHEMA_PREFIX = 'fw_test_';

if (process.env.CI === 'true' && !POSTGRES_URL) {
  throw new Error('CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL suite must run in CI.');
}

export const DIALECTS: TestDatabase['dialect'][] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (!POSTGRES_URL) {
  console.warn('TEST_POSTGRES_URL is not set: running the API suites on SQLite only.');
}

export async function createTestDatabase(dialect: TestDatabase['dialect']): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-test-'));
    const url = `file:${join(dir, 'flywheel.db')}`;
    const db = connectDatabase(url);
    await migrateToLatest(db);
    return {
      dialect,
      db,
      url,
      destroy: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = POSTGRES_URL!;
  const schema = `${TEST_SCHEMA_PREFIX}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = connectDatabase(url, { schema, poolSize: 20 });
  await migrateToLatest(db);
  return {
    dialect,
    db,
    url,
    schema,
    // The schema is left in place: dropping it while another test file's migrator reads the catalog
    // makes PostgreSQL fail that read (3F000). tests/support/postgres-cleanup.ts drops old ones.
    destroy: () => db.destroy(),
  };
}
