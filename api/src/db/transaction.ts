// The transaction layer: the only way work reaches the database as a unit. Services take the
// transaction they are given; entries (routes, jobs, integrations) open it here, so a deadlock or a
// serialization failure is retried for everyone instead of surfacing as a 500. On SQLite the
// transactions that arrive together share one COMMIT (group-commit.ts), each in its own savepoint.
import type { Transaction } from 'kysely';
import { dialectOf, isRetryableConflict } from './dialect.ts';
import { GroupCommitAborted, runInGroup } from './group-commit.ts';
import type { Database, Db } from './schema.ts';

export type Trx = Transaction<Database>;

/**
 * FLYWHEEL_GROUP_COMMIT=0 gives every SQLite transaction its own COMMIT again (for measuring what
 * group commit saves, or ruling it out); read once, at start.
 */
const groupCommitOn =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.FLYWHEEL_GROUP_COMMIT !== '0';

/** Attempts in all: a conflict that survives this many runs is reported, not hidden. */
const ATTEMPTS = 5;

/**
 * Runs `work` in one transaction, again from the start (a fresh transaction) when the database
 * aborted it for a deadlock or a serialization failure, or (SQLite) when the shared transaction it
 * ran in was abandoned. `work` must therefore keep its effects inside the transaction: no HTTP
 * calls, no writes to state that outlives an attempt. It is answered only once committed.
 */
export async function transact<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  const grouped = groupCommitOn && dialectOf(db).groupCommit;
  for (let attempt = 1; ; attempt++) {
    try {
      return grouped ? await runInGroup(db, work) : await db.transaction().execute(work);
    } catch (error) {
      const retry = isRetryableConflict(error) || error instanceof GroupCommitAborted;
      if (attempt >= ATTEMPTS || !retry) throw error;
      // Jittered backoff so the transactions that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
