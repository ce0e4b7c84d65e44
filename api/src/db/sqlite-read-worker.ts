// A Kysely database whose queries run on a read-only SQLite connection in a worker thread
// (sqlite-read-worker.mjs). better-sqlite3 is synchronous: on the main thread a 1-second aggregate
// freezes every request of every shop for that second. Reads only; transactions are refused.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { isPostgresUrl, sqlitePathFromUrl } from './connect.ts';
import type { Database } from './schema.ts';

class WorkerConnection implements DatabaseConnection {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(rows: unknown[]): void; reject(error: Error): void }>();
  #next = 0;

  constructor(path: string) {
    this.#worker = new Worker(new URL('./sqlite-read-worker.mjs', import.meta.url), { workerData: { path } });
    this.#worker.on('message', (message: { id: number; rows?: unknown[]; error?: string }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.rows ?? []);
    });
    this.#worker.on('error', (error) => {
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    });
    // An idle worker must not keep the process alive.
    this.#worker.unref();
  }

  /** Queries handed to this connection and not released yet (counted from acquisition on). */
  busy = 0;

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const id = this.#next++;
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
    return { rows: rows as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on this connection.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the analytics connection');
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }
}

/**
 * How many reader threads: the analytic reads of one request run in parallel (the distinct visitors of
 * a quarter on one, the rest of /v1/stats on the other), so a request takes its longest query, not the
 * sum. Two, as WAL readers do not block each other and more would only compete for the cores.
 */
const READERS = 2;

class WorkerDriver implements Driver {
  readonly #connections: WorkerConnection[];
  constructor(path: string) {
    this.#connections = Array.from({ length: READERS }, () => new WorkerConnection(path));
  }
  async init() {}
  async acquireConnection() {
    // Each worker queues its queries in its thread, in order; a query goes to the least busy one.
    const connection = this.#connections.reduce((a, b) => (b.busy < a.busy ? b : a));
    connection.busy++;
    return connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('the analytics connection is read-only');
  }
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection(connection: DatabaseConnection) {
    (connection as WorkerConnection).busy--;
  }
  async destroy() {
    await Promise.all(this.#connections.map((c) => c.close()));
  }
}

/** A read-only Kysely over the SQLite file at `path`, its queries run in a worker thread. */
export function connectReadWorker(path: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new WorkerDriver(path),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

/** The analytics connection for a database URL: a read worker for a SQLite file, none for PostgreSQL (its pool already runs queries off the event loop). */
export function readWorkerFor(url: string | undefined): Kysely<Database> | undefined {
  if (isPostgresUrl(url)) return undefined;
  const path = sqlitePathFromUrl(url);
  return path === ':memory:' ? undefined : connectReadWorker(resolve(path));
}
