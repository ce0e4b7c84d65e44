import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

// SQLite only: a shop's page views and order lookups must not queue behind a batch of writes.
describe('reads beside a write transaction on sqlite', () => {
  let database: TestDatabase;
  /** The test's own table, typed: `rw_rows (id)`. */
  const rows = () => database.db as unknown as Kysely<{ rw_rows: { id: string } }>;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await sql`create table rw_rows (id text primary key)`.execute(database.db);
  });
  afterAll(() => database.destroy());

  const ids = async () =>
    (await rows().selectFrom('rw_rows').select('id').orderBy('id').execute()).map((row) => row.id);

  it('answers a read at once while a transaction holds the writer, showing only what was committed', async () => {
    const db = database.db;
    await sql`insert into rw_rows values ('committed')`.execute(db);
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    let seenInside: string[] = [];
    const transaction = rows()
      .transaction()
      .execute(async (trx) => {
        await sql`insert into rw_rows values ('pending')`.execute(trx);
        seenInside = (await trx.selectFrom('rw_rows').select('id').execute()).map((row) => row.id);
        wrote();
        await held;
      });
    await written;
    // With one shared connection this read waited for the transaction, which waits for this test.
    const gaveUp = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still waiting after 2 s'), 2000),
    );
    let seenOutside: string[] | string;
    try {
      seenOutside = await Promise.race([ids(), gaveUp]);
    } finally {
      finish();
    }
    expect(seenOutside).toEqual(['committed']);
    expect(seenInside.sort()).toEqual(['committed', 'pending']);
    await transaction;
    expect(await ids()).toEqual(['committed', 'pending']);
  });

  it('still runs writes one at a time, in arrival order', async () => {
    const db = database.db;
    const order: string[] = [];
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const first = db.transaction().execute(async (trx) => {
      await sql`insert into rw_rows values ('first')`.execute(trx);
      await held;
      order.push('first');
    });
    const second = sql`insert into rw_rows values ('second')`.execute(db).then(() => order.push('second'));
    const third = db.transaction().execute(async (trx) => {
      await sql`insert into rw_rows values ('third')`.execute(trx);
      order.push('third');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    finish();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
  });
});
