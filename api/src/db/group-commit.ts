// Group commit for SQLite: write transactions that arrive together share one SQLite transaction and
// one COMMIT. SQLite runs one writer at a time anyway (better-sqlite3 has a single connection), so
// the transactions of a process already run one after another; what they need not each pay is the
// COMMIT, which writes and syncs the WAL and was most of SQLite's time per request.
//
// Each member runs in its own SAVEPOINT: a member that throws is rolled back to it alone, and the
// others keep their work. No member is answered before the shared COMMIT has returned, so a crash
// loses only work nobody was told about. A batch takes what is queued, then yields to the event loop
// (so requests whose bytes have already arrived can join) for at most MAX_WAIT_MS, and holds at
// most MAX_BATCH members.
//
// better-sqlite3 is synchronous, so a member's work never waits for I/O: a batch that ran its members
// back to back held the event loop from its first member to its COMMIT (~50 orders: 100 ms and more).
// Meanwhile requests that had arrived waited unread in their sockets, a GET waited for the whole
// batch, and new connections waited to be accepted (Node accepts one per turn of the loop). So a
// batch yields to the event loop between members once it has run YIELD_EVERY_MS without one: what
// arrived is read, reads are answered, and writes queue behind the batch's members in arrival order.
// Cutting batches short instead (a commit every ~10 ms) cost an attributed order a third more CPU in
// tests/bench/cpu-per-request.ts: each COMMIT writes again to the WAL the pages (indexes, the
// referrer's row) that its members share.
import type { ControlledTransaction, Transaction } from 'kysely';
import type { Database, Db } from './schema.ts';

/** Members of one shared transaction at most: bounds the work one failed COMMIT can undo. */
export const MAX_BATCH = 64;
/** The longest a batch keeps its transaction open waiting for members to join. */
export const MAX_WAIT_MS = 2;
/**
 * The longest a batch runs members without a turn of the event loop in between. Yielding after
 * every member cost bootstrap + click (~0.3 ms a member) 7–22 % of its throughput over HTTP, every
 * 5 ms 4–15 %; every 15 ms +9, −18 and −3 % in three alternated pairs on a noisy machine, and it
 * still cut an order's p99 (members of 1–3 ms) as much (docs/benchmarks.md).
 */
export const YIELD_EVERY_MS = 15;

/** Thrown to members whose batch broke through no fault of theirs: the transaction layer runs them again. */
export class GroupCommitAborted extends Error {
  readonly retryable = true;
  constructor(cause: unknown) {
    super(`the shared transaction was abandoned: ${String(cause)}`, { cause });
    this.name = 'GroupCommitAborted';
  }
}

type Work = (trx: Transaction<Database>) => Promise<unknown>;

interface Member {
  work: Work;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Committer {
  queue: Member[];
  running: Promise<void> | undefined;
}

// Keyed by the Kysely instance: `db.withPlugin(…)` makes another instance (another committer) over
// the same connection, and its members then run with their own plugins.
const committers = new WeakMap<Db, Committer>();

/** Runs `work` as a member of the next shared transaction; settles once that transaction committed. */
export function runInGroup<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let committer = committers.get(db);
  if (!committer) {
    committer = { queue: [], running: undefined };
    committers.set(db, committer);
  }
  const c = committer;
  return new Promise<T>((resolve, reject) => {
    c.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    startDraining(db, c);
  });
}

/** Settles once every queued member has been committed or refused (graceful shutdown waits for it). */
export async function drainGroupCommits(db: Db): Promise<void> {
  const committer = committers.get(db);
  while (committer?.running) await committer.running;
}

function startDraining(db: Db, committer: Committer): void {
  if (committer.running) return;
  committer.running = (async () => {
    while (committer.queue.length > 0) await runBatch(db, committer);
  })().finally(() => {
    committer.running = undefined;
    // A member answered by the last batch may have queued its next transaction after the loop
    // looked and before this ran: without this it would wait for a batch nobody starts.
    if (committer.queue.length > 0) startDraining(db, committer);
  });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runBatch(db: Db, committer: Committer): Promise<void> {
  let trx: ControlledTransaction<Database>;
  try {
    trx = await db.startTransaction().execute();
  } catch (error) {
    // BEGIN itself failed: nobody ran; every member queued hears why (SQLITE_BUSY is retried above).
    for (const member of committer.queue.splice(0)) member.reject(error);
    return;
  }
  const done: { member: Member; value: unknown }[] = [];
  const failed: { member: Member; error: unknown }[] = [];
  let current: Member | undefined;
  const waitUntil = performance.now() + MAX_WAIT_MS;
  let ranSince = performance.now();
  try {
    while (done.length + failed.length < MAX_BATCH) {
      current = committer.queue.shift();
      if (!current) {
        if (performance.now() >= waitUntil) break;
        await yieldToEventLoop();
        ranSince = performance.now();
        if (committer.queue.length === 0) break;
        continue;
      }
      const savepoint = await trx.savepoint('fw_member').execute();
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await current.work(savepoint) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      if (outcome.ok) {
        await savepoint.releaseSavepoint('fw_member').execute();
        done.push({ member: current, value: outcome.value });
      } else {
        // Undo this member alone; if even that fails the transaction is unusable (below).
        await savepoint.rollbackToSavepoint('fw_member').execute();
        await savepoint.releaseSavepoint('fw_member').execute();
        failed.push({ member: current, error: outcome.error });
      }
      current = undefined;
      if (performance.now() - ranSince >= YIELD_EVERY_MS && done.length + failed.length < MAX_BATCH) {
        await yieldToEventLoop();
        ranSince = performance.now();
      }
    }
    await trx.commit().execute();
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    // The members that had succeeded, and the one running when the transaction broke, lost their
    // work with it: the transaction layer runs them again in a new batch. A member that had failed
    // hears its own error.
    for (const { member } of done) member.reject(new GroupCommitAborted(error));
    current?.reject(new GroupCommitAborted(error));
    for (const { member, error: own } of failed) member.reject(own);
    return;
  }
  for (const { member, value } of done) member.resolve(value);
  for (const { member, error } of failed) member.reject(error);
}
