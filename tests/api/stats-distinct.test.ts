// The figures that are distinct over a window (docs/analytics.md, "Distinct over the window"):
// referred visitors — each counted once, in the bucket of their first click in the window — their
// conversion, and participation (distinct sharers). Closed days are summed from rollups; these are the
// cases where a day alone does not know the answer: a visitor who clicked before the window, a window
// that starts mid-day, two clicks of one visitor at the same instant, and a click dated in the past
// after the later days were rolled up. Every figure is counted by hand below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiSeries } from '../../api/src/services/analytics.ts';
import { readProgram } from '../../api/src/store/programs.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

type Point = { value: number | null; numerator?: number; denominator?: number };
type Series = { metric: string; total: Point; points: Point[] };

describe.each(DIALECTS)('referred visitors and sharers distinct over the window on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const codes: Record<string, string> = {};
  const midnight = 'from=2026-03-02T00:00:00.000Z&to=2026-03-05T00:00:00.000Z';
  const midday = 'from=2026-03-02T12:00:00.000Z&to=2026-03-05T00:00:00.000Z';
  const metrics = 'referred_visitors,referred_visitor_conversion,clicks';

  const series = async (window: string) => {
    const res = await h.request('GET', `/v1/stats/series?interval=day&metrics=${metrics}&${window}`, {
      key: shop.secret_key,
    });
    expect(res.status).toBe(200);
    return res.body as { series: Series[] };
  };
  const figures = (body: { series: Series[] }) => {
    const of = (metric: string) => body.series.find((s) => s.metric === metric)!;
    const conversion = of('referred_visitor_conversion');
    return {
      visitors: of('referred_visitors').points.map((p) => p.value),
      visitorsTotal: of('referred_visitors').total.value,
      converted: conversion.points.map((p) => p.numerator),
      conversion: conversion.total,
      clicks: of('clicks').points.map((p) => p.value),
    };
  };
  const participation = async (window: string) => {
    const res = await h.request('GET', `/v1/stats?${window}`, { key: shop.secret_key });
    expect(res.status).toBe(200);
    return res.body.participation_rate as number;
  };
  const merchantId = async () =>
    (
      await h.database.db
        .selectFrom('merchants')
        .select('id')
        .where('name', '=', 'Distinct Shop')
        .executeTakeFirstOrThrow()
    ).id;
  const at = (instant: string) => h.clock.set(`2026-03-0${instant}:00.000Z`);
  const click = (code: string, visitorId: string) => story.click(codes[code]!, { visitorId });

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Distinct Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
    at('1T09:00');
    for (const name of ['ann', 'bob', 'cat', 'dan']) codes[name] = (await story.customer(name)).referral_code;
    // Cat shares her link (signed in: a session lasts less than the story, so one per share).
    const share = async () => {
      const session = (await story.identify('cat')).body.session;
      return h.request('POST', `/v1/client/shares?key=${shop.publishable_key}`, {
        body: { channel: 'whatsapp', session },
        headers: { Origin: ORIGIN },
      });
    };
    // Sunday, before the window: V1 clicks Ann's link, V6 Dan's; Cat shares hers.
    at('1T10:00');
    await click('ann', 'visitor-1');
    await click('dan', 'visitor-6');
    expect((await share()).status).toBe(200);
    // Monday: V2 clicks Ann's link at 8 and buys at 9; V5 clicks Dan's at 9 and Bob's at 14.
    at('2T08:00');
    await click('ann', 'visitor-2');
    at('2T09:00');
    const f2 = await story.order({
      external_id: 'f2',
      customer: { external_id: 'f2' },
      visitor_id: 'visitor-2',
    });
    expect(f2.body.attribution).toMatchObject({ referrer: expect.any(String) });
    await click('dan', 'visitor-5');
    at('2T14:00');
    await click('bob', 'visitor-5');
    // Tuesday: V1 is back and buys; V3 clicks Ann's and Bob's links at the same instant; Cat shares.
    at('3T10:00');
    await click('ann', 'visitor-1');
    at('3T11:00');
    const f1 = await story.order({
      external_id: 'f1',
      customer: { external_id: 'f1' },
      visitor_id: 'visitor-1',
    });
    expect(f1.body.attribution).toMatchObject({ referrer: expect.any(String) });
    at('3T12:00');
    await Promise.all([click('ann', 'visitor-3'), click('bob', 'visitor-3')]);
    expect((await share()).status).toBe(200);
    // Wednesday: V2 clicks again, V7 clicks Dan's link, V4 Bob's.
    at('4T09:00');
    await click('ann', 'visitor-2');
    await click('dan', 'visitor-7');
    at('4T15:00');
    await click('bob', 'visitor-4');
    at('6T00:00');
  });
  afterAll(() => h.close());

  it('counts each visitor once, on the day of their first click in the window', async () => {
    // Monday V2, V5 (two clicks); Tuesday V1 (clicked Sunday too), V3 (two clicks at once);
    // Wednesday V7, V4 — V2 clicked Monday already. V2 converted Monday, V1 Tuesday.
    expect(figures(await series(midnight))).toEqual({
      visitors: [2, 2, 2],
      visitorsTotal: 6,
      converted: [1, 1, 0],
      conversion: { value: 0.3333, numerator: 2, denominator: 6 },
      clicks: [3, 3, 3],
    });
    // The closed days were rolled up, with who appeared on each.
    const rolled = await h.database.db
      .selectFrom('kpi_days')
      .select(['day', 'firsts'])
      .where('merchant_id', '=', await merchantId())
      .orderBy('day')
      .execute();
    expect(rolled.map((r) => r.day)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(rolled.every((r) => r.firsts !== '')).toBe(true);
    // Sharers: Ann, Bob, Dan (links clicked) and Cat (shared), of six customers (the four and two friends).
    expect(await participation(midnight)).toBe(0.6667);
  });

  it('takes in a click dated before later days that were already rolled up', async () => {
    // V4's click on Bob's link, dated Monday 20:00, arrives late: V4 now first clicked Monday, so
    // Wednesday — whose rollup counted V4 — must lose it.
    at('2T20:00');
    await click('bob', 'visitor-4');
    at('6T00:00');
    const after = figures(await series(midnight));
    expect(after).toEqual({
      visitors: [3, 2, 1],
      visitorsTotal: 6,
      converted: [1, 1, 0],
      conversion: { value: 0.3333, numerator: 2, denominator: 6 },
      clicks: [4, 3, 3],
    });
    // The same series from the raw rows alone.
    const id = await merchantId();
    await h.database.db.deleteFrom('kpi_days').where('merchant_id', '=', id).execute();
    const raw = await kpiSeries(
      h.database.db,
      id,
      await readProgram(h.database.db, id),
      {
        from: new Date('2026-03-02T00:00:00.000Z'),
        to: new Date('2026-03-05T00:00:00.000Z'),
        interval: 'day',
        metrics: ['referred_visitors', 'referred_visitor_conversion', 'clicks'],
      },
      h.clock.now(),
    );
    expect(figures(JSON.parse(JSON.stringify(raw)))).toEqual(after);
  });

  it('counts from the window’s start when it falls within a day', async () => {
    // From Monday noon: Monday afternoon V5 (its 9:00 click is before the window) and V4; Tuesday V1
    // and V3; Wednesday V2 (its Monday 8:00 click is before the window) and V7. V2's purchase at
    // Monday 9:00 is before the window too: only V1 converted in it.
    expect(figures(await series(midday))).toEqual({
      visitors: [2, 2, 2],
      visitorsTotal: 6,
      converted: [0, 1, 0],
      conversion: { value: 0.1667, numerator: 1, denominator: 6 },
      clicks: [2, 3, 3],
    });
    // Dan's link was last clicked Monday 9:00, before the window, then Wednesday: still a sharer.
    expect(await participation(midday)).toBe(0.6667);
    // From Tuesday: Dan's link was clicked Wednesday, Cat shared Tuesday, Ann's and Bob's links were
    // clicked Tuesday; of the same six customers.
    expect(await participation('from=2026-03-03T00:00:00.000Z&to=2026-03-05T00:00:00.000Z')).toBe(0.6667);
    // Wednesday alone: Ann's, Dan's and Bob's links; Cat did not share.
    expect(await participation('from=2026-03-04T00:00:00.000Z&to=2026-03-05T00:00:00.000Z')).toBe(0.5);
  });
});
