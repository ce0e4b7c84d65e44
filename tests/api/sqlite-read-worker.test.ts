import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePathFromUrl } from '../../api/src/db/connect.ts';
import { connectReadWorker } from '../../api/src/db/sqlite-read-worker.ts';
import { readProgram } from '../../api/src/store/programs.ts';
import { computeStats } from '../../api/src/store/stats.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { storyOf } from '../support/shop-story.ts';

describe('analytics reads on a read-only SQLite worker thread', () => {
  let h: Harness;
  let shop: TestMerchant;
  let reads: ReturnType<typeof connectReadWorker>;
  beforeAll(async () => {
    h = await createHarness('sqlite');
    shop = await h.createMerchant('Worker Shop');
    reads = connectReadWorker(sqlitePathFromUrl(h.database.url));
  });
  afterAll(async () => {
    await reads.destroy();
    await h.close();
  });

  it('answers the same stats as the main connection, including what was just committed', async () => {
    const story = storyOf(h, shop);
    const ann = await story.customer('ann');
    await story.order({ external_id: 'a1', customer: { external_id: 'ann' }, amount: 4000 });
    await story.order({
      external_id: 'b1',
      customer: { external_id: 'bob' },
      amount: 3000,
      referral_code: ann.referral_code,
    });
    const program = await readProgram(h.database.db, shop.id);
    const range = { from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2026-04-01T00:00:00.000Z') };
    const now = h.clock.now();
    const [main, worker] = await Promise.all([
      computeStats(h.database.db, shop.id, program, range, now),
      computeStats(reads, shop.id, program, range, now),
    ]);
    expect(worker).toEqual(main);
    expect(worker.kpis.orders.value).toBe(2);
  });

  it('refuses to write', async () => {
    await expect(reads.deleteFrom('orders').execute()).rejects.toThrow(/read-only/);
    expect(await h.database.db.selectFrom('orders').select('id').execute()).toHaveLength(2);
  });
});
