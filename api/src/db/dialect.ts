// The one place that knows which dialect runs. Call sites ask for a capability (row locks, RETURNING,
// ON CONFLICT) instead of testing the dialect, as Kysely's own DialectAdapter does.
import { PostgresAdapter, type SelectQueryBuilder } from 'kysely';
import type { Executor } from './schema.ts';

export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Row locks (`FOR NO KEY UPDATE`, `SKIP LOCKED`). SQLite has none and needs none: a write
   * transaction holds the whole database, so transactions of one process run one after another.
   */
  readonly rowLocks: boolean;
  /** `INSERT/UPDATE … RETURNING` (SQLite ≥ 3.35 and PostgreSQL both have it). */
  readonly returning: true;
  /** `INSERT … ON CONFLICT (…) DO NOTHING/UPDATE` (both dialects). */
  readonly upsert: true;
  /**
   * Writes inside `WITH` (`WITH a AS (INSERT … RETURNING …) INSERT … SELECT … FROM a`): two rows
   * written by one statement, one round trip. PostgreSQL only.
   */
  readonly writesInWith: boolean;
  /** Transactions that arrive together share one COMMIT (group-commit.ts). SQLite only. */
  readonly groupCommit: boolean;
}

const POSTGRES: DialectCapabilities = {
  name: 'postgres',
  rowLocks: true,
  returning: true,
  upsert: true,
  writesInWith: true,
  groupCommit: false,
};
const SQLITE: DialectCapabilities = {
  name: 'sqlite',
  rowLocks: false,
  returning: true,
  upsert: true,
  writesInWith: false,
  groupCommit: true,
};

export function dialectOf(db: Executor): DialectCapabilities {
  return db.getExecutor().adapter instanceof PostgresAdapter ? POSTGRES : SQLITE;
}

export interface LockOptions {
  /**
   * `no-key-update` (the default) for rows whose keys do not change: it does not conflict with the
   * `FOR KEY SHARE` lock a foreign key check takes on the row it references, so inserting a child row
   * (a referred friend, a ledger entry) never blocks on, or deadlocks with, a lock of its parent.
   * `update` only where a key changes or the row is deleted.
   */
  mode?: 'no-key-update' | 'update';
  /** Skip rows another transaction holds (queues, coupon pools) instead of waiting for them. */
  skipLocked?: boolean;
  /** Lock only this table's rows of a join. */
  of?: string;
}

/**
 * Locks the rows the query selects until the transaction ends, where the dialect has row locks.
 * Rows are locked in the order of docs/architecture.md ("Lock order"); keep to it.
 */
export function lockRows<DB, TB extends keyof DB, O>(
  db: Executor,
  query: SelectQueryBuilder<DB, TB, O>,
  options: LockOptions = {},
): SelectQueryBuilder<DB, TB, O> {
  if (!dialectOf(db).rowLocks) return query;
  const of = options.of as TB & string;
  let locked =
    options.mode === 'update'
      ? query.forUpdate(options.of ? of : undefined)
      : query.forNoKeyUpdate(options.of ? of : undefined);
  if (options.skipLocked) locked = locked.skipLocked();
  return locked;
}

/** A unique-constraint violation, in either dialect: the signal that a concurrent writer won. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return false;
}

/**
 * A failure that says "run the transaction again": PostgreSQL's deadlock_detected (40P01) and
 * serialization_failure (40001), and SQLite's busy database when another process held it too long.
 */
export function isRetryableConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}
