// Writes sent together (api/src/db/together.ts): one statement, one round trip, on PostgreSQL; one
// after another on SQLite. Every row lands either way, a row may reference one written beside it,
// and on PostgreSQL a failing write takes the others with it.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/src/db/schema.ts';
import { StatementCounter } from '../../api/src/db/statement-counter.ts';
import { writeTogether } from '../../api/src/db/together.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';

const AT = '2026-03-01T12:00:00.000Z';

describe.each(DIALECTS)('writes sent together on %s', (dialect) => {
  let database: TestDatabase;
  const counter = new StatementCounter();
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db.withPlugin(counter);
    await db
      .insertInto('merchants')
      .values({ id: 'mer_together', name: 'Together', allowed_origins: '[]', settings: '{}', created_at: AT })
      .execute();
  });
  afterAll(() => database.destroy());

  const customer = (id: string) =>
    db
      .insertInto('customers')
      .values({
        id,
        merchant_id: 'mer_together',
        external_id: id,
        referral_code: id.toUpperCase(),
        points_balance: 0,
        orders_count: 0,
        total_spent: 0,
        created_at: AT,
        updated_at: AT,
      })
      .compile();
  const event = (id: string, customerId: string) =>
    db
      .insertInto('events')
      .values({
        id,
        merchant_id: 'mer_together',
        type: 'customer.created',
        customer_id: customerId,
        data: '{}',
        created_at: AT,
      })
      .compile();

  it('writes every row, in one round trip on PostgreSQL', async () => {
    counter.reset();
    await db.transaction().execute(async (trx) => {
      await writeTogether(trx, [customer('cus_ann'), customer('cus_bob'), event('evt_1', 'cus_ann')]);
    });
    expect(counter.roundTrips).toBe(dialect === 'postgres' ? 1 : 3);
    const rows = await db.selectFrom('customers').select('id').orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual(['cus_ann', 'cus_bob']);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([{ id: 'evt_1' }]);
  });

  it('writes a row that references another written beside it', async () => {
    await db.transaction().execute(async (trx) => {
      await writeTogether(trx, [
        customer('cus_cat'),
        trx
          .insertInto('customers')
          .values({
            id: 'cus_dan',
            merchant_id: 'mer_together',
            external_id: 'cus_dan',
            referral_code: 'CUS_DAN',
            referred_by: 'cus_cat',
            points_balance: 0,
            orders_count: 0,
            total_spent: 0,
            created_at: AT,
            updated_at: AT,
          })
          .compile(),
      ]);
    });
    const dan = await db
      .selectFrom('customers')
      .select('referred_by')
      .where('id', '=', 'cus_dan')
      .executeTakeFirst();
    expect(dan?.referred_by).toBe('cus_cat');
  });

  it('writes none of them when one fails, even before the transaction ends, on PostgreSQL', async () => {
    if (dialect !== 'postgres') return;
    const before = await db.selectFrom('events').select('id').execute();
    await expect(
      writeTogether(db, [event('evt_2', 'cus_ann'), customer('cus_ann') /* already there */]),
    ).rejects.toThrow();
    expect(await db.selectFrom('events').select('id').execute()).toEqual(before);
  });
});
