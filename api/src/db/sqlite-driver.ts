// A Kysely driver for SQLite with one writer and one reader connection over the same WAL file.
//
// Kysely's own SqliteDriver hands its single connection to one user at a time. With group commit a
// batch of write transactions holds that connection for the whole batch, so every read a request
// makes before its transaction (is this order a repeat? who is the buyer?) waited for a whole batch,
// then often for the next: an attributed order's p99 was over a second while its p50 was ~120 ms.
// WAL lets readers run beside the writer and see the last commit, so a plain SELECT outside a
// transaction goes to the reader, at once; everything else — transactions, writes, raw SQL — takes
// the writer, one user at a time, as before. A read inside a transaction stays on the writer and sees
// the transaction's own writes.
import type Database from 'better-sqlite3';
import {
  CompiledQuery as Compiled,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from 'kysely';

type SqliteDatabase = Database.Database;

/** What closes before the writer: the WAL checkpointer's own connection (sqlite-checkpointer.ts). */
interface ClosesFirst {
  close(): Promise<void>;
}

/** One waiter at a time, in arrival order. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }
}

function run(db: SqliteDatabase, query: CompiledQuery): QueryResult<unknown> {
  const statement = db.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters as unknown[]) };
  const { changes, lastInsertRowid } = statement.run(query.parameters as unknown[]);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

/** What `acquireConnection` hands out: free to read at once, and takes the writer when it must. */
class Lease implements DatabaseConnection {
  /** Set while this lease holds the writer for a transaction (begin … commit/rollback). */
  release: (() => void) | undefined;

  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase | undefined,
    private readonly writerLock: Mutex,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release) return run(this.writer, query) as QueryResult<R>;
    if (this.reader && SelectQueryNode.is(query.query)) return run(this.reader, query) as QueryResult<R>;
    const release = await this.writerLock.lock();
    try {
      return run(this.writer, query) as QueryResult<R>;
    } finally {
      release();
    }
  }

  // biome-ignore lint/correctness/useYield: the interface requires a generator; streaming is refused.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the SQLite driver');
  }
}

export class SqliteReaderWriterDriver implements Driver {
  readonly #writerLock = new Mutex();

  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase | undefined,
    private readonly closesFirst: ClosesFirst | undefined,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this.writer, this.reader, this.#writerLock);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const lease = connection as Lease;
    lease.release = await this.#writerLock.lock();
    try {
      run(this.writer, Compiled.raw('begin'));
    } catch (error) {
      this.#free(lease);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Compiled.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Compiled.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`savepoint ${quote(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`rollback to ${quote(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`release ${quote(name)}`));
  }

  /** Kysely releases every connection it acquired, a transaction's too, committed or not. */
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#free(connection as Lease);
  }

  async destroy(): Promise<void> {
    // Whoever holds the writer finishes first (graceful shutdown drains the commit queue before this).
    const release = await this.#writerLock.lock();
    await this.closesFirst?.close();
    this.reader?.close();
    this.writer.close();
    release();
  }

  #free(lease: Lease) {
    const release = lease.release;
    lease.release = undefined;
    release?.();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Kysely's SQLite dialect with the reader/writer driver above. */
export class SqliteReaderWriterDialect implements Dialect {
  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase | undefined,
    private readonly closesFirst?: ClosesFirst,
  ) {}

  createDriver(): Driver {
    return new SqliteReaderWriterDriver(this.writer, this.reader, this.closesFirst);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own dialects take any database here.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
