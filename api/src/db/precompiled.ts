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

/** Stands in for a value in a precompiled query; replaced by the value of that name at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** The parameters of a precompiled query, as the builder sees them: each one typed as its value. */
export type Placeholders<P> = { readonly [K in keyof P]: P[K] };

type Builder<R> = Compilable<R> & OperationNodeSource;

interface Compiled {
  query: CompiledQuery;
  /** For each compiled parameter, the name of the value it takes, or undefined for a constant. */
  names: (string | undefined)[];
}

export class Precompiled<P extends Record<string, unknown>, R> {
  readonly #build: (db: Db, params: Placeholders<P>) => Builder<R>;
  readonly #byAdapter = new WeakMap<DialectAdapter, { node: RootOperationNode; compiled: Compiled }>();

  constructor(build: (db: Db, params: Placeholders<P>) => Builder<R>) {
    this.#build = build;
  }

  /** Runs the query on `db` (a database or a transaction) with these values. */
  async execute(db: Executor, params: P): Promise<QueryResult<R>> {
    const executor = db.getExecutor();
    let entry = this.#byAdapter.get(executor.adapter);
    if (!entry) {
      const node = this.#build(db, placeholders<P>()).toOperationNode() as RootOperationNode;
      entry = { node, compiled: compile(executor.compileQuery(node, createQueryId())) };
      this.#byAdapter.set(executor.adapter, entry);
    }
    const compiled =
      executor.plugins.length === 0
        ? entry.compiled
        : compile(
            executor.compileQuery(executor.transformQuery(entry.node, createQueryId()), createQueryId()),
          );
    const { query, names } = compiled;
    const parameters = query.parameters.map((value, i) => {
      const name = names[i];
      return name === undefined ? value : params[name];
    });
    return db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() } as CompiledQuery<R>);
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

function compile(query: CompiledQuery): Compiled {
  return {
    query,
    names: query.parameters.map((value) => (value instanceof Placeholder ? value.name : undefined)),
  };
}

function placeholders<P>(): Placeholders<P> {
  return new Proxy({} as Placeholders<P>, {
    get: (_target, name) => new Placeholder(String(name)),
  });
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
export function precompile<P extends Record<string, unknown>>() {
  return <R>(build: (db: Db, params: Placeholders<P>) => Builder<R>) => new Precompiled<P, R>(build);
}
