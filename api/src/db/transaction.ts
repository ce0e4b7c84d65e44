// The transaction layer: the only way work reaches the database as a unit. Services take the
// transaction they are given; entries (routes, jobs, integrations) open it here, so a deadlock or a
// serialization failure is retried once for everyone instead of surfacing as a 500.
import type { Transaction } from 'kysely';
import { isRetryableConflict } from './dialect.ts';
import type { Database, Db } from './schema.ts';

export type Trx = Transaction<Database>;

/** Attempts in all: a conflict that survives this many runs is reported, not hidden. */
const ATTEMPTS = 5;

/**
 * Runs `work` in one transaction, again from the start (a fresh transaction) when the database
 * aborted it for a deadlock or a serialization failure. `work` must therefore keep its effects
 * inside the transaction: no HTTP calls, no writes to state that outlives an attempt.
 */
export async function transact<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
      // Jittered backoff so the transactions that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
