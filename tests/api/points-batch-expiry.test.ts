// Per-batch expiry through the API and the jobs, on both dialects: each earning expires
// points_expiry_days after it was earned, spending takes the oldest points first, the expiry is one
// ledger entry however often the job runs, and the shopper is warned 14 days before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutomations } from '../../api/src/jobs/automations.ts';
import { runLoyaltyCalendar } from '../../api/src/jobs/loyalty-calendar.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-02-01T09:00:00.000Z');
const onDay = (n: number) => new Date(START + n * DAY);

describe.each(DIALECTS)('per-batch points expiry on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const adjust = (customer: string, delta: number) =>
    h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer, delta, reason: delta > 0 ? 'gift' : 'spent in store' },
    });
  const expiries = async (customer: string) =>
    (await story.ledger(customer)).filter((e: { reason: string }) => e.reason === 'expiry');
  const warnings = async (customer: string) => {
    const res = await h.request('GET', '/v1/events?type=automation.fired&limit=100', {
      key: shop.secret_key,
    });
    return res.body.data.filter(
      (e: { data: { automation: string; customer: { external_id: string } } }) =>
        e.data.automation === 'default.points_expiring' && e.data.customer.external_id === customer,
    );
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set(onDay(-1));
    shop = await h.createMerchant('Batch Expiry Shop');
    story = storyOf(h, shop);
    await story.setProgram({
      loyalty: { points_expiry_days: 30, points_expiry_mode: 'batch', signup_points: 100 },
    });
  });
  afterAll(() => h.close());

  it('is refused with the field named when the mode is unknown, and changes nothing', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: { loyalty: { points_expiry_mode: 'monthly' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toContain('points_expiry_mode');
    const program = await h.request('GET', '/v1/program', { key: shop.secret_key });
    expect(program.body.loyalty.points_expiry_mode).toBe('batch');
  });

  it('expires each earning 30 days after it was earned, oldest spent first', async () => {
    h.clock.set(onDay(0));
    await story.customer('ida'); // 100 sign-up points, day 0
    h.clock.set(onDay(10));
    expect((await adjust('ida', 200)).status).toBe(200); // day 10
    h.clock.set(onDay(20));
    expect((await adjust('ida', -150)).status).toBe(200); // takes the 100 of day 0 and 50 of day 10

    // Day 31: the day-0 points were all spent, nothing expires.
    h.clock.set(onDay(31));
    await runLoyaltyCalendar(h.app.deps);
    expect(await expiries('ida')).toHaveLength(0);
    h.clock.set(onDay(35));
    expect((await adjust('ida', 50)).status).toBe(200); // day 35

    // Day 40: the 150 left of day 10 expire — once, however often the job runs.
    h.clock.set(onDay(40));
    await Promise.all([runLoyaltyCalendar(h.app.deps), runLoyaltyCalendar(h.app.deps)]);
    await runLoyaltyCalendar(h.app.deps);
    expect(await expiries('ida')).toMatchObject([{ delta: -150, balance_after: 50 }]);
    expect((await story.getCustomer('ida')).points_balance).toBe(50);

    // Day 65: the day-35 earning goes too.
    h.clock.set(onDay(65));
    await runLoyaltyCalendar(h.app.deps);
    expect((await expiries('ida')).map((e: { delta: number }) => e.delta)).toEqual([-50, -150]);
    expect((await story.getCustomer('ida')).points_balance).toBe(0);
  });

  it('expires an old earning of a shopper who keeps coming back, and only that earning', async () => {
    h.clock.set(onDay(100));
    await story.customer('nora'); // 100 points, day 100
    for (const d of [110, 120, 129]) {
      h.clock.set(onDay(d));
      await story.identify('nora'); // visits: the idle mode would keep her whole balance
    }
    await adjust('nora', 40); // day 129
    h.clock.set(onDay(131));
    await runLoyaltyCalendar(h.app.deps);
    expect(await expiries('nora')).toMatchObject([{ delta: -100, balance_after: 40 }]);
  });

  it('warns 14 days before a batch expires, once', async () => {
    h.clock.set(onDay(200));
    await story.customer('wes'); // 100 points expiring day 230
    h.clock.set(onDay(215));
    await runAutomations(h.app.deps);
    expect(await warnings('wes')).toHaveLength(0);
    for (const d of [217, 218, 222, 229]) {
      h.clock.set(onDay(d));
      await runAutomations(h.app.deps);
    }
    const fired = await warnings('wes');
    expect(fired).toHaveLength(1);
    expect(fired[0].created_at).toBe(onDay(217).toISOString());
    expect(fired[0].data.customer.points_balance).toBe(100);
    // New points would not save these: the advice says so.
    expect(fired[0].data.message.body).toBe('Use them before they expire: each earning lasts a set time.');
  });
});
