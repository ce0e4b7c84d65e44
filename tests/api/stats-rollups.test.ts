// Daily rollups (docs/analytics.md, "Daily rollups"): closed days are read from `kpi_days`, and a late
// write to a past day — a historical import, a refund — makes that day's rollup stale, so the figures
// stay what the raw rows say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiSeries } from '../../api/src/services/analytics.ts';
import { readProgram } from '../../api/src/store/programs.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

type Series = { metric: string; total: { value: number | null }; points: { value: number | null }[] };

describe.each(DIALECTS)('daily KPI rollups on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const from = '2026-03-02T00:00:00.000Z';
  const to = '2026-03-05T00:00:00.000Z';
  const series = async () => {
    const res = await h.request('GET', `/v1/stats/series?interval=day&from=${from}&to=${to}`, {
      key: shop.secret_key,
    });
    expect(res.status).toBe(200);
    return res.body as { series: Series[] };
  };
  const values = (body: { series: Series[] }, metric: string) =>
    body.series.find((s) => s.metric === metric)!.points.map((p) => p.value);
  const merchantId = async () =>
    (
      await h.database.db
        .selectFrom('merchants')
        .select('id')
        .where('name', '=', 'Rollup Shop')
        .executeTakeFirstOrThrow()
    ).id;
  const validDays = async () => {
    const rows = await h.database.db
      .selectFrom('kpi_days as d')
      .leftJoin('kpi_day_marks as m', (j) =>
        j.onRef('m.merchant_id', '=', 'd.merchant_id').onRef('m.day', '=', 'd.day'),
      )
      .select(['d.day', 'd.version', 'm.n'])
      .where('d.merchant_id', '=', await merchantId())
      .orderBy('d.day')
      .execute();
    return rows.filter((r) => Number(r.version) === Number(r.n ?? 0)).map((r) => r.day);
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Rollup Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
    h.clock.set('2026-03-02T09:00:00.000Z');
    const ann = await story.customer('ann', { name: 'Ann' });
    await story.order({ external_id: 'a1', customer: { external_id: 'ann' }, amount: 8000 });
    const friend = await story.click(ann.referral_code);
    await story.order({
      external_id: 'f1',
      customer: { external_id: 'f1' },
      amount: 5000,
      visitor_id: friend.visitor_id,
    });
    h.clock.set('2026-03-03T10:00:00.000Z');
    await story.order({ external_id: 'b1', customer: { external_id: 'bob' }, amount: 3000, currency: 'EUR' });
    h.clock.set('2026-03-04T09:00:00.000Z');
    await story.order({ external_id: 'a2', customer: { external_id: 'ann' }, amount: 1000 });
    h.clock.set('2026-03-06T00:00:00.000Z');
  });
  afterAll(() => h.close());

  it('rolls up the closed days a read needs, and reads them back as the raw rows say', async () => {
    const before = await series();
    expect(values(before, 'orders')).toEqual([2, 1, 1]);
    expect(values(before, 'returning_orders')).toEqual([0, 0, 1]);
    expect(values(before, 'clicks')).toEqual([1, 0, 0]);
    expect(await validDays()).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
  });

  it('takes in a historical import and a refund dated in rolled-up days', async () => {
    // Bob's order of Monday, imported late: Monday has one more order, and his Tuesday order becomes
    // a returning one. Ann's Wednesday order is refunded in full: it is no longer an order.
    const line = JSON.stringify({
      type: 'order',
      external_id: 'b0',
      customer: { external_id: 'bob' },
      amount: 2000,
      currency: 'EUR',
      created_at: '2026-03-02T12:00:00Z',
    });
    const imported = await h.request('POST', '/v1/imports', {
      key: shop.secret_key,
      rawBody: `${line}\n`,
      headers: { 'Content-Type': 'application/x-ndjson' },
    });
    expect(imported.body).toMatchObject({ accepted: 1, orders: { created: 1 } });
    expect((await story.refund('a2', { amount: 1000 })).status).toBeLessThan(300);
    // Each late write made its days' rollups stale (the refund: Wednesday; the import: Monday and
    // Bob's later Tuesday).
    expect(await validDays()).toEqual([]);

    const after = await series();
    expect(values(after, 'orders')).toEqual([3, 1, 0]);
    expect(values(after, 'returning_orders')).toEqual([0, 1, 0]);
    const revenue = after.series.find((s) => s.metric === 'revenue')!.total as unknown as {
      by_currency: { currency: string; value: number }[];
    };
    expect(revenue.by_currency).toEqual([
      { currency: 'EUR', value: 5000 },
      { currency: 'USD', value: 13000 },
    ]);
    // Rebuilt by that read.
    expect(await validDays()).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);

    // The same series read from the raw rows alone: identical.
    const id = await merchantId();
    await h.database.db.deleteFrom('kpi_days').where('merchant_id', '=', id).execute();
    const raw = await kpiSeries(
      h.database.db,
      id,
      await readProgram(h.database.db, id),
      {
        from: new Date(from),
        to: new Date(to),
        interval: 'day',
        metrics: after.series.map((s) => s.metric) as never,
      },
      h.clock.now(),
    );
    expect(JSON.parse(JSON.stringify(raw))).toEqual(after);
  });

  it('leaves the figures alone when a customer is erased', async () => {
    const before = await series();
    expect((await h.request('DELETE', '/v1/customers/f1', { key: shop.secret_key })).status).toBe(200);
    expect(await series()).toEqual(before);
  });

  it('values points rewards of rolled-up days at the program’s current redemption rate', async () => {
    const pointsShop = await h.createMerchant('Points Shop', ['https://shop.example']);
    const points = storyOf(h, pointsShop);
    const option = (amount: number) => ({
      loyalty: {
        redemption_options: [
          { id: 'off', points: 100, reward: { type: 'amount_off', amount, currency: 'USD' } },
        ],
      },
    });
    await points.setProgram({
      referral: {
        hold_days: 0,
        milestones: [],
        referrer_reward: { type: 'points', points: 250 },
        friend_reward: { type: 'amount_off', amount: 500, currency: 'USD' },
      },
      ...option(100),
    });
    h.clock.set('2026-04-06T10:00:00.000Z');
    const host = await points.customer('host');
    const res = await points.order({
      external_id: 'pf1',
      customer: { external_id: 'pf1' },
      referral_code: host.referral_code,
    });
    expect(res.body.attribution).toMatchObject({ referrer: expect.any(String) });
    h.clock.set('2026-04-08T00:00:00.000Z');
    const cost = async () => {
      const body = (
        await h.request(
          'GET',
          '/v1/stats/series?interval=day&metrics=reward_cost&from=2026-04-06T00:00:00.000Z&to=2026-04-07T00:00:00.000Z',
          { key: pointsShop.secret_key },
        )
      ).body as { series: { total: { by_currency: { currency: string; value: number }[] } }[] };
      return body.series[0]!.total.by_currency;
    };
    // 250 points at 1 cent each, and the friend's $5 coupon.
    expect(await cost()).toEqual([{ currency: 'USD', value: 750 }]);
    const id = (
      await h.database.db
        .selectFrom('merchants')
        .select('id')
        .where('name', '=', 'Points Shop')
        .executeTakeFirstOrThrow()
    ).id;
    expect(
      await h.database.db.selectFrom('kpi_days').select('day').where('merchant_id', '=', id).execute(),
    ).toEqual([{ day: '2026-04-06' }]);
    // The rate doubles: the same rolled-up day's points are worth twice as much.
    await points.setProgram(option(200));
    expect(await cost()).toEqual([{ currency: 'USD', value: 1000 }]);
  });
});
