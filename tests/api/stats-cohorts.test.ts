import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('retention cohorts and critical points on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Cohort Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
  });
  afterAll(() => h.close());

  const orderAt = async (id: string, customer: string, at: string, extra: Record<string, unknown> = {}) => {
    h.clock.set(at);
    const res = await story.order({
      external_id: id,
      customer: { external_id: customer },
      amount: 2000,
      ...extra,
    });
    expect(res.status).toBeLessThan(300);
  };

  it('shows who of each first-order month ordered again in each later month', async () => {
    // January: three new customers; Amy returns in February, Bea in March. February: Cid, who orders twice in February.
    await orderAt('amy-1', 'amy', '2026-01-05T10:00:00.000Z');
    await orderAt('bea-1', 'bea', '2026-01-20T10:00:00.000Z');
    await orderAt('cat-1', 'cat', '2026-01-31T23:00:00.000Z');
    await orderAt('amy-2', 'amy', '2026-02-10T10:00:00.000Z');
    await orderAt('cid-1', 'cid', '2026-02-14T10:00:00.000Z');
    await orderAt('cid-2', 'cid', '2026-02-20T10:00:00.000Z');
    await orderAt('bea-2', 'bea', '2026-03-01T10:00:00.000Z');
    h.clock.set('2026-03-15T00:00:00.000Z');

    const res = await h.request(
      'GET',
      '/v1/stats/cohorts?period=month&from=2026-01-10T00:00:00.000Z&to=2026-03-01T00:00:00.000Z',
      { key: shop.secret_key },
    );
    expect(res.status).toBe(200);
    // `from` is moved back to the start of January so the January cohort is whole.
    expect(res.body.from).toBe('2026-01-01T00:00:00.000Z');
    expect(res.body.cohorts).toEqual([
      {
        start: '2026-01-01T00:00:00.000Z',
        customers: 3,
        periods: [
          { offset: 0, customers: 3, share: 1 },
          { offset: 1, customers: 1, share: 0.3333 },
          { offset: 2, customers: 1, share: 0.3333 },
        ],
      },
      {
        start: '2026-02-01T00:00:00.000Z',
        customers: 1,
        periods: [
          { offset: 0, customers: 1, share: 1 },
          { offset: 1, customers: 0, share: 0 },
        ],
      },
    ]);

    const weekly = await h.request(
      'GET',
      '/v1/stats/cohorts?period=week&from=2026-02-09T00:00:00.000Z&to=2026-02-16T00:00:00.000Z',
      { key: shop.secret_key },
    );
    // Week of Monday 9 February: only Cid started then; his second order fell in the next week.
    expect(weekly.body.cohorts).toHaveLength(1);
    expect(weekly.body.cohorts[0]).toMatchObject({ start: '2026-02-09T00:00:00.000Z', customers: 1 });
    expect(weekly.body.cohorts[0].periods.slice(0, 2).map((p: { customers: number }) => p.customers)).toEqual(
      [1, 1],
    );
  });

  it('refuses cohorts followed over too many periods', async () => {
    const res = await h.request('GET', '/v1/stats/cohorts?period=week&from=2000-01-03T00:00:00.000Z', {
      key: shop.secret_key,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('from');
  });

  it('reports the network effect once referred customers are 60 % of new ones and rising over four weeks', async () => {
    const referrer = await story.customer('host');
    const monday = Date.parse('2026-04-06T00:00:00.000Z');
    // Referred / other new customers per week: 1/2, 2/1, 2/1, 3/1 — shares 33 %, 67 %, 67 %, 75 %.
    const weeks = [
      [1, 2],
      [2, 1],
      [2, 1],
      [3, 1],
    ];
    for (const [w, [referred, other]] of weeks.entries()) {
      const at = new Date(monday + w * 7 * DAY + DAY).toISOString();
      for (let i = 0; i < referred!; i++)
        await orderAt(`r${w}-${i}`, `r${w}-${i}`, at, { referral_code: referrer.referral_code });
      for (let i = 0; i < other!; i++) await orderAt(`o${w}-${i}`, `o${w}-${i}`, at);
    }
    h.clock.set(new Date(monday + 4 * 7 * DAY + 3600_000).toISOString());
    const res = await h.request('GET', '/v1/stats/critical-points', { key: shop.secret_key });
    expect(res.status).toBe(200);
    expect(res.body.network_effect).toMatchObject({
      reached: true,
      // Reached when the fourth week (75 % > 33 % three weeks before) ended.
      since: '2026-05-04T00:00:00.000Z',
      threshold: 0.6,
    });
    expect(res.body.network_effect.weeks.map((w: { share: number }) => w.share)).toEqual([
      0.3333, 0.6667, 0.6667, 0.75,
    ]);
    // Rewards were paid in dollars, but not yet for a month: scale cannot be judged.
    expect(res.body.scale).toEqual([
      expect.objectContaining({ currency: 'USD', reached: false, since: null }),
    ]);
  });

  it('reports scale once reward cost per acquired customer holds 30 % under the first month for 30 days', async () => {
    const scaleShop = await h.createMerchant('Scale Shop', ['https://shop.example']);
    const scale = storyOf(h, scaleShop);
    await scale.setProgram({ referral: { hold_days: 0, milestones: [] } });
    const host = await scale.customer('host');
    const origin = Date.parse('2026-06-01T10:00:00.000Z');
    const refer = async (day: number) => {
      h.clock.set(new Date(origin + day * DAY).toISOString());
      const res = await scale.order({
        external_id: `friend-${day}`,
        customer: { external_id: `friend-${day}` },
        referral_code: host.referral_code,
      });
      expect(res.body.attribution).toMatchObject({ referrer: expect.any(String) });
    };
    // The first month: one friend, two $10 coupons — $20 per acquired customer.
    await refer(0);
    // Then $5 coupons on both sides ($10 per customer, down 50 %), a friend every 15 days.
    await scale.setProgram({
      referral: {
        referrer_reward: { type: 'amount_off', amount: 500, currency: 'USD' },
        friend_reward: { type: 'amount_off', amount: 500, currency: 'USD' },
      },
    });
    for (const day of [35, 50, 65, 80]) await refer(day);
    const read = async (day: number) => {
      h.clock.set(new Date(origin + day * DAY).toISOString());
      const res = await h.request('GET', '/v1/stats/critical-points', { key: scaleShop.secret_key });
      return res.body.scale;
    };
    // Day 80: the trailing month lies wholly after the first only from day 60, so 21 days have held.
    expect(await read(80)).toEqual([
      {
        currency: 'USD',
        reached: false,
        since: null,
        first_month: 2000,
        last_30_days: 1000,
        reduction: 0.5,
        days_held: 21,
      },
    ]);
    // Day 95: 36 days held; reached when the 30th of them ended, on day 89.
    expect(await read(95)).toEqual([
      expect.objectContaining({ reached: true, days_held: 36, since: '2026-08-29T00:00:00.000Z' }),
    ]);
  });
});
