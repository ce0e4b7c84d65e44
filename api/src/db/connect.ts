// Node-only: picks the dialect from DATABASE_URL. `postgres://…` → PostgreSQL; `file:path` or empty →
// the embedded SQLite file. Edge runtimes build their own Kysely (see api/src/worker.ts).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { readPostgresNumbersAsNumbers } from './pg-number-types.ts';
import type { Database, Db } from './schema.ts';
import { WalCheckpointer } from './sqlite-checkpointer.ts';
import { SqliteReaderWriterDialect } from './sqlite-driver.ts';

export const DEFAULT_SQLITE_PATH = './.flywheel/flywheel.db';

readPostgresNumbersAsNumbers();

export interface ConnectOptions {
  /** PostgreSQL only: the schema to use (created if missing); tests isolate each run in its own. */
  schema?: string;
  poolSize?: number;
  /**
   * SQLite only: checkpoint the write-ahead log from a thread of its own (db/sqlite-checkpointer.ts).
   * The server turns it on; a test's short-lived database keeps SQLite's own checkpoints.
   */
  checkpointInBackground?: boolean;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function sqlitePathFromUrl(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  if (url.startsWith('file:')) return url.slice('file:'.length) || DEFAULT_SQLITE_PATH;
  return url;
}

/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small query, and
 * the app issues the same few hundred SQL texts over and over. Statements are reusable in
 * better-sqlite3 (calls are synchronous), so keep them, bounded.
 */
function cachePreparedStatements(sqlite: SQLite.Database): SQLite.Database {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= 2000) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
  return sqlite;
}

export function connectDatabase(url: string | undefined, options: ConnectOptions = {}): Db {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const path = resolve(sqlitePathFromUrl(url));
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers run beside the one writer; the busy timeout makes a second process wait, not fail.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A savepoint keeps the pages it changes in a journal until it ends, and group commit opens one per
  // request: in memory, not a temp file, that was a quarter of a click's database CPU.
  sqlite.pragma('temp_store = MEMORY');
  const checkpointer = options.checkpointInBackground ? new WalCheckpointer(sqlite, path) : undefined;
  // Plain reads outside a transaction go to a second, read-only connection (api/src/db/sqlite-driver.ts).
  const reader = new SQLite(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteReaderWriterDialect(
      cachePreparedStatements(sqlite),
      cachePreparedStatements(reader),
      checkpointer,
    ),
  });
  if (checkpointer) checkpointers.set(db, checkpointer);
  return db;
}

const checkpointers = new WeakMap<Db, WalCheckpointer>();

/** The background checkpointer of a SQLite database opened with `checkpointInBackground`. */
export function walCheckpointerOf(db: Db): WalCheckpointer | undefined {
  return checkpointers.get(db);
}
