// Two automation workers at once (on PostgreSQL: two connection pools, as two processes would have)
// and a retried pass: every (rule, customer, occurrence) still fires exactly once — one reward, one
// ledger entry, one event — because the firing's unique key decides, not the order of the race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { connectDatabase } from '../../api/src/db/connect.ts';
import type { Deps } from '../../api/src/deps.ts';
import { runAutomations } from '../../api/src/jobs/automations.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;
const SHOPPERS = 40;

describe.each(DIALECTS)('automations under concurrent workers on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let second: { deps: Deps; close(): Promise<void> };

  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set('2026-06-01T12:00:00.000Z');
    shop = await h.createMerchant('Busy Shop');
    if (dialect === 'postgres') {
      const db = connectDatabase(h.database.url, { schema: h.database.schema! });
      second = { deps: createApp({ db, clock: h.clock, config: h.config }).deps, close: () => db.destroy() };
    } else {
      second = { deps: h.app.deps, close: async () => {} };
    }
    const story = storyOf(h, shop);
    await story.setProgram({
      automations: {
        defaults: { day7_nudge: false, repurchase_reminder: false, vip_perk: false },
        rules: [
          {
            id: 'summer',
            trigger: { type: 'date', start: '09-01', end: '09-30' },
            reward: { type: 'points', points: 40 },
          },
        ],
      },
    });
    for (let i = 0; i < SHOPPERS; i++) {
      const res = await story.order({ external_id: `o-${i}`, customer: { external_id: `c-${i}` } });
      expect(res.status).toBe(201);
    }
    // 100 days without an order: every shopper is silent (win-back) and the September window is open.
    h.clock.advance(100 * DAY);
  }, 300_000);
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('fires each rule once per customer when three passes run at once, and a retry fires nothing', async () => {
    const runs = await Promise.all([
      runAutomations(h.app.deps),
      runAutomations(second.deps),
      runAutomations(h.app.deps),
    ]);
    expect(runs.reduce((n, r) => n + r.fired, 0)).toBe(2 * SHOPPERS);
    expect(await runAutomations(second.deps)).toEqual({ fired: 0 });

    const db = h.database.db;
    const firings = await db.selectFrom('automation_firings').select(['rule_id', 'customer_id']).execute();
    expect(firings).toHaveLength(2 * SHOPPERS);
    const rewards = await db
      .selectFrom('rewards')
      .select(['customer_id', 'coupon_code', 'kind'])
      .where('source', '=', 'automation')
      .execute();
    expect(rewards.filter((r) => r.kind === 'coupon')).toHaveLength(SHOPPERS);
    expect(new Set(rewards.map((r) => r.coupon_code).filter(Boolean)).size).toBe(SHOPPERS);
    const summerPoints = await db
      .selectFrom('ledger_entries')
      .select(['customer_id', 'delta'])
      .where('reason', '=', 'automation')
      .execute();
    expect(summerPoints).toHaveLength(SHOPPERS);
    expect(new Set(summerPoints.map((e) => e.customer_id)).size).toBe(SHOPPERS);
    const events = await db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'automation.fired')
      .execute();
    expect(events).toHaveLength(2 * SHOPPERS);

    // What a merchant sees for a shopper: 100 signup + 50 purchase + 40 summer points, once.
    const customer = await h.request('GET', '/v1/customers/c-7', { key: shop.secret_key });
    expect(customer.body.points_balance).toBe(190);
  });
});
