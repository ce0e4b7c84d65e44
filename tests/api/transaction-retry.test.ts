import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../api/src/db/transaction.ts';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases.ts';

// SQLite runs one write transaction at a time and cannot deadlock; PostgreSQL can.
describe.skipIf(!POSTGRES_URL)('the transaction layer on postgres', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await sql`create table lock_pair (id int primary key, n int not null)`.execute(database.db);
    await sql`insert into lock_pair values (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(() => database.destroy());

  it('finishes both of two transactions that deadlock, by running the victim again', async () => {
    const db = database.db;
    let runs = 0;
    // Both take their first lock before either asks for its second: a guaranteed cycle.
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const bump = (first: number, second: number) =>
      transact(db, async (trx) => {
        runs++;
        await sql`update lock_pair set n = n + 1 where id = ${first}`.execute(trx);
        if (++arrived === 2) release();
        await bothLocked;
        await sql`update lock_pair set n = n + 1 where id = ${second}`.execute(trx);
      });
    await Promise.all([bump(1, 2), bump(2, 1)]);
    expect(runs).toBe(3);
    const rows = await sql<{ n: number }>`select n from lock_pair order by id`.execute(db);
    expect(rows.rows.map((r) => r.n)).toEqual([2, 2]);
  });

  it('reports a failure that is not a conflict at once, without running the work again', async () => {
    let runs = 0;
    await expect(
      transact(database.db, async (trx) => {
        runs++;
        await sql`insert into lock_pair values (1, 0)`.execute(trx);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(runs).toBe(1);
  });
});
