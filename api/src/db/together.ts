// Writes whose results nobody reads, sent in one round trip where the dialect allows it. On
// PostgreSQL every statement is a round trip: ~200 µs of the Node process's CPU (pg's protocol and a
// socket write), and, after an order has locked its referrer, time every other order of that referrer
// waits. `WITH w0 AS (…), w1 AS (…) <last>` runs them all in one statement: each sub-statement runs
// to completion whether or not anything reads it, and foreign keys are checked when the statement
// ends, so a row may reference another written beside it. Elsewhere (SQLite, where a statement is a
// function call) they run one after another, in the order given.
import { CompiledQuery as Compiled, type CompiledQuery } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Executor } from './schema.ts';

/**
 * Runs `writes` (INSERT/UPDATE statements without RETURNING, bound with their values). None may
 * depend on what another writes: in one PostgreSQL statement each sees the database as it was
 * before the statement (an UPDATE of a row inserted beside it finds nothing), and of two changes to
 * one row only one would take.
 */
export async function writeTogether(db: Executor, writes: readonly CompiledQuery[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1 || !dialectOf(db).writesInWith) {
    for (const write of writes) await db.executeQuery(write);
    return;
  }
  const parameters: unknown[] = [];
  const renumbered = writes.map((write) => {
    const offset = parameters.length;
    parameters.push(...write.parameters);
    // Kysely binds every value: the only `$n` in its PostgreSQL text are its parameters.
    return write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = renumbered.pop()!;
  const text = `with ${renumbered.map((sql, i) => `w${i} as (${sql})`).join(', ')} ${last}`;
  // Plugins saw each statement when it was bound; they see one result, as the database sends one.
  await db.executeQuery(Compiled.raw(text, parameters));
}
