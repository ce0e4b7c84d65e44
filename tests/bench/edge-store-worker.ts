// The bench's worker (tests/bench/edge-store.ts): the smallest write the transaction layer makes —
// a ledger movement: lock the customer, insert the entry under its unique cause key, move the
// balance only if the entry is new — on each edge store Miniflare can run.
import { DurableObject } from 'cloudflare:workers';
import pg from 'pg';

interface D1Statement {
  bind(...values: unknown[]): D1Statement;
}
interface Env {
  HYPERDRIVE: { connectionString: string };
  D1: { prepare(sql: string): D1Statement; batch(statements: D1Statement[]): Promise<unknown[]> };
  LEDGER: {
    get(id: unknown): { move(cause: string, delta: number): Promise<number> };
    idFromName(name: string): unknown;
  };
}

const SCHEMA = [
  'create table if not exists customers (id text primary key, balance integer not null)',
  'create table if not exists ledger_entries (cause text primary key, customer_id text not null, delta integer not null)',
  "insert into customers (id, balance) values ('ann', 0) on conflict do nothing",
];

/** PostgreSQL through Hyperdrive: an interactive transaction, a new client per request. */
async function movePostgres(env: Env, cause: string, delta: number): Promise<number> {
  const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString });
  await client.connect();
  try {
    await client.query('begin');
    const locked = await client.query('select balance from customers where id = $1 for no key update', [
      'ann',
    ]);
    const inserted = await client.query(
      'insert into ledger_entries (cause, customer_id, delta) values ($1, $2, $3) on conflict do nothing returning cause',
      [cause, 'ann', delta],
    );
    let balance = Number(locked.rows[0].balance);
    if (inserted.rowCount === 1) {
      const updated = await client.query(
        'update customers set balance = balance + $1 where id = $2 returning balance',
        [delta, 'ann'],
      );
      balance = Number(updated.rows[0].balance);
    }
    await client.query('commit');
    return balance;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** D1: one atomic batch, decided in SQL (no read in between: D1 has no interactive transactions). */
async function moveD1(env: Env, cause: string, delta: number): Promise<number> {
  const results = (await env.D1.batch([
    env.D1.prepare('insert or ignore into ledger_entries (cause, customer_id, delta) values (?, ?, ?)').bind(
      cause,
      'ann',
      delta,
    ),
    env.D1.prepare('update customers set balance = balance + ? where id = ? and changes() = 1').bind(
      delta,
      'ann',
    ),
    env.D1.prepare('select balance from customers where id = ?').bind('ann'),
  ])) as { results: { balance: number }[] }[];
  return Number(results[2]?.results[0]?.balance);
}

/** A Durable Object per merchant with SQLite storage: a synchronous transaction inside the object. */
export class Ledger extends DurableObject {
  constructor(ctx: ConstructorParameters<typeof DurableObject>[0], env: unknown) {
    super(ctx, env);
    for (const statement of SCHEMA) ctx.storage.sql.exec(statement);
  }

  move(cause: string, delta: number): number {
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      const inserted = sql
        .exec(
          'insert into ledger_entries (cause, customer_id, delta) values (?, ?, ?) on conflict do nothing returning cause',
          cause,
          'ann',
          delta,
        )
        .toArray();
      if (inserted.length === 1)
        sql.exec('update customers set balance = balance + ? where id = ?', delta, 'ann');
      return Number(sql.exec('select balance from customers where id = ?', 'ann').one().balance);
    });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const cause = url.searchParams.get('cause') ?? crypto.randomUUID();
    const store = url.pathname.slice(1);
    if (store === 'setup-d1') {
      await env.D1.batch(SCHEMA.map((statement) => env.D1.prepare(statement)));
      return new Response('ok');
    }
    const balance =
      store === 'postgres'
        ? await movePostgres(env, cause, 1)
        : store === 'd1'
          ? await moveD1(env, cause, 1)
          : await env.LEDGER.get(env.LEDGER.idFromName('merchant-1')).move(cause, 1);
    return Response.json({ balance });
  },
};
