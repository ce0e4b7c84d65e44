// The SQLite server's write-ahead log, checkpointed off the event loop.
//
// In WAL mode every commit appends the pages it changed to the log, and a checkpoint later copies
// them into the database file and syncs it. SQLite runs that checkpoint inside the COMMIT that takes
// the log past `wal_autocheckpoint` pages (1,000 by default): on a busy server, one commit batch in
// every few paid for copying 4 MB and an fsync while no request was read. Measured straight through
// better-sqlite3 on a click's four statements, checkpointing every 1,000 pages was about a third of
// their CPU (docs/architecture.md, "The SQLite file").
//
// Here a thread of its own runs a PASSIVE checkpoint every `intervalMs`: it never waits for the writer
// and copies each page once however often it changed since the last round. The writer keeps an
// automatic checkpoint only as a backstop, at BACKSTOP_PAGES: the log restarts from its beginning
// only when a checkpoint has caught up with it, which under unbroken load happens when the backstop
// copies the little the thread has not.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The writer's own checkpoint, as a backstop: 16,384 pages of 4 KiB, 64 MiB of log. */
export const BACKSTOP_PAGES = 16_384;

export interface CheckpointRound {
  /** Pages in the log, and how many of them are in the database file. */
  log: number;
  checkpointed: number;
}

export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  /** The last round's figures; tests and the bench read them. */
  last: CheckpointRound | undefined;
  #waiting: ((round: CheckpointRound) => void)[] = [];

  constructor(writer: Database.Database, path: string, intervalMs = 500) {
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    // After the backstop the log is reused from its start; a log that once grew past this is cut back.
    writer.pragma(`journal_size_limit = ${BACKSTOP_PAGES * 4096}`);
    this.#worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
      workerData: { path, intervalMs },
    });
    this.#worker.on('message', (message: CheckpointRound | { error: string }) => {
      // A failed round leaves the pages to the next one, or to the writer's backstop.
      if ('error' in message) return;
      this.last = message;
      for (const resolve of this.#waiting.splice(0)) resolve(message);
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // An idle checkpointer must not keep the process alive.
    this.#worker.unref();
  }

  /** Runs a round now and answers its figures. */
  round(): Promise<CheckpointRound> {
    const next = new Promise<CheckpointRound>((resolve) => this.#waiting.push(resolve));
    this.#worker.postMessage('round');
    return next;
  }

  /** Closes its connection before the writer's, so the writer's close is the last and removes the log. */
  async close(): Promise<void> {
    this.#worker.postMessage('close');
    await this.#exited;
  }
}
