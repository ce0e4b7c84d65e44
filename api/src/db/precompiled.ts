// Queries built and compiled once, run many times with new parameter values: for the few statements
// every page view or order sends. Building a Kysely query (immutable nodes, frozen at every step) and
// compiling it to SQL cost about as much CPU as SQLite spends running the statement; for a query whose
// shape never changes only the values need to travel.
//
// The npm package `kysely-params` does this, but it depends on Kysely ^0.24 and this project is on 0.28,
// so this small helper of our own stands in for it. The SQL differs per dialect, so a query is compiled
// once per Kysely adapter (one per database the process opened); a transaction shares its database's
// adapter, so it runs the same compiled statement. An executor with plugins (a test's statement
// counter, say) gets the query's node through its plugins and compiled afresh each time, as a built
// query would be: plugins see every statement either way.
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type DialectAdapter,
  type OperationNodeSource,
  type QueryResult,
  type RootOperationNode,
} from 'kysely';
import type { Db, Executor } from './schema.ts';

/**
 * Stands in for a value in a precompiled query; replaced at each run by the value of that name (of
 * that row, for a query over several rows).
 */
class Placeholder {
  constructor(
    readonly name: string,
    readonly row?: number,
  ) {}
}

/** The parameters of a precompiled query, as the builder sees them: each one typed as its value. */
export type Placeholders<P> = { readonly [K in keyof P]: P[K] };

type Builder<R> = Compilable<R> & OperationNodeSource;

interface Compiled {
  query: CompiledQuery;
  /** For each compiled parameter, the placeholder it stands for, or undefined for a constant. */
  slots: (Placeholder | undefined)[];
}

/** One query shape, compiled per adapter; runs with the values `values` gives each placeholder. */
class Shape<R> {
  readonly #build: (db: Db) => Builder<R>;
  readonly #byAdapter = new WeakMap<DialectAdapter, { node: RootOperationNode; compiled: Compiled }>();

  constructor(build: (db: Db) => Builder<R>) {
    this.#build = build;
  }

  /**
   * The statement with its values, ready to run (plugins have seen it, as when it runs). `direct`
   * builds the query with the values themselves: the way to run it when a value is undefined, which
   * Kysely leaves out of the statement (the column's default applies) where a precompiled statement
   * would bind it.
   */
  bind(db: Executor, value: (slot: Placeholder) => unknown, direct: () => Builder<R>): CompiledQuery<R> {
    const executor = db.getExecutor();
    let entry = this.#byAdapter.get(executor.adapter);
    if (!entry) {
      const node = this.#build(db).toOperationNode() as RootOperationNode;
      entry = { node, compiled: compile(executor.compileQuery(node, createQueryId())) };
      this.#byAdapter.set(executor.adapter, entry);
    }
    // One id from the plugins' transformQuery to their transformResult, as for a built query.
    const queryId = createQueryId();
    const { query, slots } =
      executor.plugins.length === 0
        ? entry.compiled
        : compile(executor.compileQuery(executor.transformQuery(entry.node, queryId), queryId));
    const parameters: unknown[] = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot === undefined) {
        parameters[i] = query.parameters[i];
        continue;
      }
      const given = value(slot);
      if (given === undefined) return direct().compile();
      parameters[i] = given;
    }
    return { ...query, parameters, queryId } as CompiledQuery<R>;
  }
}

export class Precompiled<P extends object, R> {
  readonly #shape: Shape<R>;

  readonly #build: (db: Db, params: Placeholders<P>) => Builder<R>;

  constructor(build: (db: Db, params: Placeholders<P>) => Builder<R>) {
    this.#build = build;
    this.#shape = new Shape((db) => build(db, placeholders<P>()));
  }

  /** Runs the query on `db` (a database or a transaction) with these values. */
  execute(db: Executor, params: P): Promise<QueryResult<R>> {
    return db.executeQuery<R>(this.bind(db, params));
  }

  /** The statement with these values, to send later or with others (db/together.ts). */
  bind(db: Executor, params: P): CompiledQuery<R> {
    return this.#shape.bind(
      db,
      (slot) => (params as Record<string, unknown>)[slot.name],
      () => this.#build(db, params as Placeholders<P>),
    );
  }

  /** The rows the query answers. */
  async rows(db: Executor, params: P): Promise<R[]> {
    return (await this.execute(db, params)).rows;
  }

  /** The first row the query answers, if any. */
  async first(db: Executor, params: P): Promise<R | undefined> {
    return (await this.execute(db, params)).rows[0];
  }

  /** Rows an INSERT, UPDATE or DELETE wrote. */
  async affected(db: Executor, params: P): Promise<number> {
    return Number((await this.execute(db, params)).numAffectedRows ?? 0);
  }
}

/**
 * A query over a varying number of rows (a multi-row INSERT): compiled once per row count, up to
 * MAX_PRECOMPILED_ROWS rows; more rows are built and compiled at each run, like any query.
 */
export class PrecompiledRows<Row extends object, R> {
  readonly #build: (db: Db, rows: Placeholders<Row>[]) => Builder<R>;
  readonly #byCount = new Map<number, Shape<R>>();

  constructor(build: (db: Db, rows: Placeholders<Row>[]) => Builder<R>) {
    this.#build = build;
  }

  execute(db: Executor, rows: readonly Row[]): Promise<QueryResult<R>> {
    return db.executeQuery<R>(this.bind(db, rows));
  }

  /** The statement over these rows, to send later or with others (db/together.ts). */
  bind(db: Executor, rows: readonly Row[]): CompiledQuery<R> {
    const count = rows.length;
    if (count > MAX_PRECOMPILED_ROWS) return this.#build(db, rows as Placeholders<Row>[]).compile();
    let shape = this.#byCount.get(count);
    if (!shape) {
      shape = new Shape((db) =>
        this.#build(
          db,
          Array.from({ length: count }, (_, row) => placeholders<Row>(row)),
        ),
      );
      this.#byCount.set(count, shape);
    }
    return shape.bind(
      db,
      (slot) => (rows[slot.row!] as Record<string, unknown>)[slot.name],
      () => this.#build(db, rows as Placeholders<Row>[]),
    );
  }
}

const MAX_PRECOMPILED_ROWS = 32;

function compile(query: CompiledQuery): Compiled {
  return {
    query,
    slots: query.parameters.map((value) => (value instanceof Placeholder ? value : undefined)),
  };
}

function placeholders<P>(row?: number): Placeholders<P> {
  return new Proxy({} as Placeholders<P>, {
    get: (_target, name) => new Placeholder(String(name), row),
  });
}

/**
 * The object `{ [column]: params[column] }` for every column of `columns`, to hand a whole row of
 * placeholders to `.values()` (which reads an object's own keys, and a placeholder set has none).
 * `columns` must name every key of `T`: a column left out would silently not be written.
 */
export function rowOf<T, const K extends readonly (keyof T)[]>(
  params: Placeholders<T>,
  columns: K &
    (Exclude<keyof T, K[number]> extends never ? unknown : { missing: Exclude<keyof T, K[number]> }),
): Pick<T, K[number]> {
  const row = {} as Pick<T, K[number]>;
  for (const column of columns) row[column] = params[column];
  return row;
}

/**
 * A query compiled once per database, run with `params` at each call. Name each value through the
 * second argument of `build`; everything else in the query is fixed when it is first built.
 *
 * @example
 * const byCode = precompile<{ merchantId: string; code: string }>()((db, p) =>
 *   db.selectFrom('customers').selectAll().where('merchant_id', '=', p.merchantId)
 *     .where('referral_code', '=', p.code));
 * const customer = await byCode.first(trx, { merchantId, code });
 */
export function precompile<P extends object>() {
  return <R>(build: (db: Db, params: Placeholders<P>) => Builder<R>) => new Precompiled<P, R>(build);
}

/**
 * A multi-row query compiled once per row count.
 *
 * @example
 * const insertEvents = precompileRows<EventRow>()((db, rows) =>
 *   db.insertInto('events').values(rows.map((r) => rowOf(r, EVENT_COLUMNS))));
 */
export function precompileRows<Row extends object>() {
  return <R>(build: (db: Db, rows: Placeholders<Row>[]) => Builder<R>) => new PrecompiledRows<Row, R>(build);
}
