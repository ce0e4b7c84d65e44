import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePathFromUrl } from '../../api/src/db/connect.ts';
import { drainGroupCommits } from '../../api/src/db/group-commit.ts';
import { transact } from '../../api/src/db/transaction.ts';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

// SQLite only: PostgreSQL keeps one transaction per request.
describe('group commit on sqlite', () => {
  let database: TestDatabase;
  let reader: SQLite.Database;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await sql`create table gc_rows (id text primary key, member int not null)`.execute(database.db);
    // A second connection, as another process would read: it sees only what has been committed.
    reader = new SQLite(sqlitePathFromUrl(database.url), { readonly: true });
  });
  afterAll(async () => {
    reader.close();
    await database.destroy();
  });

  const committedRows = () =>
    (reader.prepare('select id from gc_rows order by id').all() as { id: string }[]).map((r) => r.id);

  it('shares one commit among queued members, answers none before it, and rolls back a failing one alone', async () => {
    const db = database.db;
    const log: string[] = [];
    // The first member holds the shared transaction open until the others have queued behind it,
    // so all of them run in it whatever the machine's speed.
    let letFirstFinish!: () => void;
    const othersQueued = new Promise<void>((resolve) => {
      letFirstFinish = resolve;
    });
    const member = (n: number, fail = false) =>
      transact(db, async (trx) => {
        await sql`insert into gc_rows values (${`row-${n}`}, ${n})`.execute(trx);
        if (n === 1) await othersQueued;
        log.push(`ran ${n}`);
        if (n === 4) log.push(`committed when 4 ran: ${committedRows().join(',') || 'none'}`);
        if (fail) throw new Error(`member ${n} fails`);
        return n;
      }).then(
        (value) => log.push(`answered ${value}`),
        (error: Error) => log.push(`refused: ${error.message}`),
      );
    const all = [member(1), member(2), member(3, true), member(4)];
    letFirstFinish();
    await Promise.all(all);

    // Every member ran before any was answered: they were answered after the one shared COMMIT.
    expect(log.slice(0, 5)).toEqual(['ran 1', 'ran 2', 'ran 3', 'ran 4', 'committed when 4 ran: none']);
    expect(log.slice(5).sort()).toEqual([
      'answered 1',
      'answered 2',
      'answered 4',
      'refused: member 3 fails',
    ]);
    // The failing member's insert was undone; those before and after it were kept.
    expect(committedRows()).toEqual(['row-1', 'row-2', 'row-4']);
  });

  it('keeps a member whose insert collides with an earlier member apart from the others', async () => {
    const db = database.db;
    const results = await Promise.allSettled([
      transact(db, (trx) => sql`insert into gc_rows values ('dup', 10)`.execute(trx)),
      transact(db, async (trx) => {
        await sql`insert into gc_rows values ('dup-partner', 11)`.execute(trx);
        await sql`insert into gc_rows values ('dup', 11)`.execute(trx);
      }),
      transact(db, (trx) => sql`insert into gc_rows values ('after-dup', 12)`.execute(trx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedRows()).toEqual(expect.arrayContaining(['dup', 'after-dup']));
    expect(committedRows()).not.toContain('dup-partner');
  });

  it('runs a transaction its caller queues the moment the previous one is answered', async () => {
    // A loop of awaited transactions queues the next one while the batch that answered the last is
    // still winding down: it must start a new batch, not wait for one nobody starts.
    for (let i = 0; i < 10; i++) {
      await transact(database.db, (trx) =>
        sql`insert into gc_rows values (${`seq-${i}`}, ${i})`.execute(trx),
      );
    }
    expect(committedRows().filter((id) => id.startsWith('seq-'))).toHaveLength(10);
  });

  it('has nothing left to commit once drained', async () => {
    const db = database.db;
    const pending = Array.from({ length: 20 }, (_, i) =>
      transact(db, (trx) => sql`insert into gc_rows values (${`drain-${i}`}, ${i})`.execute(trx)),
    );
    await drainGroupCommits(db);
    expect(committedRows().filter((id) => id.startsWith('drain-'))).toHaveLength(20);
    await Promise.all(pending);
  });
});

describe('a sqlite server while a batch of writes runs', () => {
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({ port: 0, databaseUrl: database.url, demo: false, log: false, jobs: false });
  });
  afterAll(async () => {
    await server.close();
    await database.destroy();
  });

  it('answers a request that arrives meanwhile before the batch commits, not after it', async () => {
    // SQLite work is synchronous: each member below holds the event loop for 5 ms, as an order's
    // statements do. The batch must let the loop read and answer other sockets between members.
    const holdLoop = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {}
    };
    const answered: string[] = [];
    const health = fetch(`${server.url}/healthz`).then(async (res) => {
      await res.text();
      answered.push(`healthz ${res.status}`);
    });
    const writes = Array.from({ length: 60 }, (_, i) =>
      transact(server.app.deps.db, async (trx) => {
        await sql`select ${i}`.execute(trx);
        holdLoop(5);
      }).then(() => answered.push('write')),
    );
    await Promise.all([health, ...writes]);
    // Before: the 60 members ran back to back (300 ms) and the health check was answered last.
    expect(answered.indexOf('healthz 200')).toBe(0);
    expect(answered).toHaveLength(61);
  });
});

describe('a sqlite server killed while batches are in flight', () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database.destroy();
  });

  it('keeps every answered landing whole and loses only unanswered ones', async () => {
    server = await startServerProcess(database.url);
    const victim = server;
    const publishable = /Demo publishable key\s+(\S+)/.exec(victim.output())![1]!;
    const referrer = (await (
      await fetch(`${victim.url}/v1/customers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${victim.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ external_id: 'gc-referrer', name: 'Gil' }),
      })
    ).json()) as { id: string; referral_code: string };

    const VISITS = 400;
    const answered: string[] = [];
    let next = 0;
    let killed = false;
    const client = async () => {
      while (next < VISITS) {
        const visitor = `vis_gc_${next++}`;
        try {
          const res = await fetch(`${victim.url}/v1/client/bootstrap?key=${publishable}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: victim.url },
            body: JSON.stringify({ visitor_id: visitor, ref: referrer.referral_code }),
          });
          await res.text();
          if (res.status !== 200) throw new Error(`bootstrap answered ${res.status}`);
          answered.push(visitor);
          if (answered.length === 60) {
            killed = true;
            victim.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          return; // the connection died with the server: unanswered
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    expect(await victim.exited).toBe('SIGKILL');
    expect(answered.length).toBeGreaterThanOrEqual(60);
    expect(answered.length).toBeLessThan(VISITS);

    const db = database.db;
    const visitors = await db.selectFrom('visitors').select('id').where('id', 'like', 'vis_gc_%').execute();
    const clicks = await db
      .selectFrom('clicks')
      .select('visitor_id')
      .where('referrer_id', '=', referrer.id)
      .execute();
    const events = await db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'referral.clicked')
      .execute();
    const stored = new Set(visitors.map((v) => v.id));
    const clicked = new Set(clicks.map((c) => c.visitor_id));
    // Every answered landing survived the kill…
    for (const visitor of answered) {
      expect(stored.has(visitor)).toBe(true);
      expect(clicked.has(visitor)).toBe(true);
    }
    // …and each landing is whole or absent: a visitor is stored with its click and its event.
    expect(clicked).toEqual(stored);
    expect(events).toHaveLength(clicks.length);
  }, 120_000);
});
