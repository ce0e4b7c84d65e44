// Queries compiled once and run with new values (api/src/db/precompiled.ts), on both dialects: the
// values of each run reach the database, inside and outside transactions, and plugins still see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompile, precompileRows, rowOf } from '../../api/src/db/precompiled.ts';
import { StatementCounter } from '../../api/src/db/statement-counter.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';

const insertMerchant = precompile<{ id: string; name: string; at: string }>()((db, p) =>
  db.insertInto('merchants').values({
    id: p.id,
    name: p.name,
    allowed_origins: '[]',
    settings: '{}',
    created_at: p.at,
  }),
);
const merchantByName = precompile<{ name: string }>()((db, p) =>
  db.selectFrom('merchants').select(['id', 'name']).where('name', '=', p.name).limit(1),
);
const renameMerchant = precompile<{ id: string; name: string }>()((db, p) =>
  db.updateTable('merchants').set({ name: p.name }).where('id', '=', p.id).returning(['id', 'name']),
);

const insertCode = precompile<{
  id: string;
  merchantId: string;
  code: string;
  at: string;
  attempts: number | undefined;
}>()((db, p) =>
  db.insertInto('coupon_codes').values({
    id: p.id,
    merchant_id: p.merchantId,
    pool: 'friend',
    code: p.code,
    origin: 'uploaded',
    created_at: p.at,
    sync_attempts: p.attempts,
  }),
);

interface MerchantRow {
  id: string;
  name: string;
  allowed_origins: string;
  settings: string;
  created_at: string;
}
const MERCHANT_COLUMNS = ['id', 'name', 'allowed_origins', 'settings', 'created_at'] as const;
const insertMerchants = precompileRows<MerchantRow>()((db, rows) =>
  db.insertInto('merchants').values(rows.map((row) => rowOf(row, MERCHANT_COLUMNS))),
);
// @ts-expect-error a column left out would silently not be written
const _incomplete = (p: Parameters<typeof rowOf<MerchantRow, ['id']>>[0]) => rowOf(p, ['id'] as const);

describe.each(DIALECTS)('precompiled queries on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.destroy());

  it('runs with the values of each call, not those of the first', async () => {
    const { db } = database;
    const at = new Date().toISOString();
    expect(await insertMerchant.affected(db, { id: `mer_pc_a_${dialect}`, name: 'Alpha', at })).toBe(1);
    expect(await insertMerchant.affected(db, { id: `mer_pc_b_${dialect}`, name: 'Beta', at })).toBe(1);
    expect(await merchantByName.first(db, { name: 'Beta' })).toEqual({
      id: `mer_pc_b_${dialect}`,
      name: 'Beta',
    });
    expect(await merchantByName.first(db, { name: 'Alpha' })).toEqual({
      id: `mer_pc_a_${dialect}`,
      name: 'Alpha',
    });
    expect(await merchantByName.first(db, { name: 'Nobody' })).toBeUndefined();
  });

  it('runs inside a transaction and is undone with it', async () => {
    const { db } = database;
    const at = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await insertMerchant.affected(trx, { id: `mer_pc_c_${dialect}`, name: 'Gamma', at });
      expect(await merchantByName.rows(trx, { name: 'Gamma' })).toHaveLength(1);
      expect(await renameMerchant.rows(trx, { id: `mer_pc_c_${dialect}`, name: 'Delta' })).toEqual([
        { id: `mer_pc_c_${dialect}`, name: 'Delta' },
      ]);
    });
    expect(await merchantByName.first(db, { name: 'Delta' })).toMatchObject({ id: `mer_pc_c_${dialect}` });
    await db
      .transaction()
      .execute(async (trx) => {
        await insertMerchant.affected(trx, { id: `mer_pc_d_${dialect}`, name: 'Epsilon', at });
        throw new Error('undo');
      })
      .catch(() => {});
    expect(await merchantByName.first(db, { name: 'Epsilon' })).toBeUndefined();
  });

  it('inserts any number of rows with the values of each call', async () => {
    const { db } = database;
    const row = (id: string, name: string): MerchantRow => ({
      id: `mer_pc_${id}_${dialect}`,
      name,
      allowed_origins: '[]',
      settings: '{}',
      created_at: new Date().toISOString(),
    });
    expect(
      Number((await insertMerchants.execute(db, [row('r1', 'Row1'), row('r2', 'Row2')])).numAffectedRows),
    ).toBe(2);
    expect(
      Number(
        (await insertMerchants.execute(db, [row('r3', 'Row3'), row('r4', 'Row4'), row('r5', 'Row5')]))
          .numAffectedRows,
      ),
    ).toBe(3);
    await insertMerchants.execute(db, [row('r6', 'Row6'), row('r7', 'Row7')]);
    // more rows than are precompiled: built afresh, same result
    const many = Array.from({ length: 40 }, (_, i) => row(`m${i}`, `Many${i}`));
    expect(Number((await insertMerchants.execute(db, many)).numAffectedRows)).toBe(40);
    for (const name of ['Row1', 'Row2', 'Row3', 'Row5', 'Row6', 'Row7', 'Many39']) {
      expect(await merchantByName.first(db, { name })).toBeDefined();
    }
    const r5 = await db.selectFrom('merchants').selectAll().where('name', '=', 'Row5').executeTakeFirst();
    expect(r5).toMatchObject({ id: `mer_pc_r5_${dialect}`, allowed_origins: '[]', settings: '{}' });
  });

  it('leaves an undefined value out, as a built query does (the column default applies)', async () => {
    const { db } = database;
    const at = new Date().toISOString();
    const merchantId = `mer_pc_u_${dialect}`;
    await insertMerchant.affected(db, { id: merchantId, name: 'Upsilon', at });
    await insertCode.affected(db, { id: `cpn_pc_1_${dialect}`, merchantId, code: 'PC-1', at, attempts: 3 });
    await insertCode.affected(db, {
      id: `cpn_pc_2_${dialect}`,
      merchantId,
      code: 'PC-2',
      at,
      attempts: undefined,
    });
    const rows = await db
      .selectFrom('coupon_codes')
      .select(['code', 'sync_attempts'])
      .where('merchant_id', '=', merchantId)
      .orderBy('code')
      .execute();
    expect(rows.map((r) => [r.code, Number(r.sync_attempts)])).toEqual([
      ['PC-1', 3],
      ['PC-2', 0],
    ]);
  });

  it('gives a plugin the same query id before and after the run', async () => {
    const seen: { before: unknown[]; after: unknown[] } = { before: [], after: [] };
    const tracer = database.db.withPlugin({
      transformQuery: (args) => {
        seen.before.push(args.queryId);
        return args.node;
      },
      transformResult: async (args) => {
        seen.after.push(args.queryId);
        return args.result;
      },
    });
    await merchantByName.first(tracer, { name: 'Alpha' });
    expect(seen.before).toHaveLength(1);
    // the same object: a plugin keeps per-query state in a WeakMap keyed by it
    expect(seen.after[0]).toBe(seen.before[0]);
  });

  it('goes through the plugins of the executor it runs on', async () => {
    const counter = new StatementCounter();
    const counted = database.db.withPlugin(counter);
    await merchantByName.first(counted, { name: 'Alpha' });
    await counted.transaction().execute((trx) => merchantByName.first(trx, { name: 'Beta' }));
    expect(counter.byKind.get('select')).toBe(2);
    // and the values still arrive through a plugin's recompilation
    expect(await merchantByName.first(counted, { name: 'Delta' })).toMatchObject({ name: 'Delta' });
  });
});
