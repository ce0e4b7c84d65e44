import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpiAlerts } from '../../api/src/jobs/kpi-alerts.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('KPI alerts on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Alert Shop', ['https://shop.example']);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  const events = async (type: string) =>
    (await h.request('GET', `/v1/events?type=${type}&limit=100`, { key: shop.secret_key })).body.data as {
      type: string;
      data: Record<string, unknown>;
    }[];
  let n = 0;
  const ordersOn = async (day: string, count: number) => {
    h.clock.set(`${day}T12:00:00.000Z`);
    for (let i = 0; i < count; i++) {
      n++;
      await story.order({ external_id: `o${n}`, customer: { external_id: `c${n}` }, amount: 1000 });
    }
  };
  const pass = async (at: string) => {
    h.clock.set(at);
    return runKpiAlerts(h.app.deps);
  };

  it('keeps alerts in the program, three days running unless told otherwise', async () => {
    const program = await story.setProgram({ alerts: [{ metric: 'orders', op: 'below', value: 2 }] });
    expect(program.alerts).toEqual([{ metric: 'orders', op: 'below', value: 2, days: 3 }]);
    const money = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: { alerts: [{ metric: 'revenue', op: 'below', value: 1 }] },
    });
    expect(money.status).toBe(400);
    expect(money.body.error.param).toBe('alerts.0.metric');
    const hook = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: 'https://hooks.example.com/kpi', events: ['alert.triggered', 'alert.resolved'] },
    });
    expect(hook.status).toBe(201);
  });

  it('fires once when orders stay under two a day for three days, and resolves on the first good day', async () => {
    await ordersOn('2026-03-02', 3);
    await ordersOn('2026-03-03', 1);
    await ordersOn('2026-03-04', 1);
    await ordersOn('2026-03-05', 1);
    await ordersOn('2026-03-06', 3);

    // On the 5th the complete days are the 2nd (3 orders), 3rd and 4th: not three bad days yet.
    expect(await pass('2026-03-05T01:00:00.000Z')).toEqual({ triggered: 0, resolved: 0 });
    expect(await pass('2026-03-06T01:00:00.000Z')).toEqual({ triggered: 1, resolved: 0 });
    // Later passes the same day, and the next day while still bad, add nothing.
    expect(await pass('2026-03-06T09:00:00.000Z')).toEqual({ triggered: 0, resolved: 0 });
    const triggered = await events('alert.triggered');
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.data).toMatchObject({
      alert: { metric: 'orders', op: 'below', value: 2, days: 3 },
      day: '2026-03-05',
      values: [1, 1, 1],
    });
    const open = await h.request('GET', '/v1/stats/alerts', { key: shop.secret_key });
    expect(open.body.data).toEqual([
      expect.objectContaining({
        metric: 'orders',
        status: 'open',
        triggered_day: '2026-03-05',
        resolved_day: null,
      }),
    ]);

    expect(await pass('2026-03-07T01:00:00.000Z')).toEqual({ triggered: 0, resolved: 1 });
    expect(await pass('2026-03-07T02:00:00.000Z')).toEqual({ triggered: 0, resolved: 0 });
    const resolved = await events('alert.resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.data).toMatchObject({ day: '2026-03-06', value: 3, triggered_day: '2026-03-05' });
    const done = await h.request('GET', '/v1/stats/alerts', { key: shop.secret_key });
    expect(done.body.data[0]).toMatchObject({ status: 'resolved', resolved_day: '2026-03-06' });
  });

  it('opens a new episode when the KPI slips again, and ends it when the alert is removed', async () => {
    // The 7th, 8th and 9th pass with no orders at all: zero is below two.
    expect(await pass('2026-03-10T01:00:00.000Z')).toEqual({ triggered: 1, resolved: 0 });
    await story.setProgram({ alerts: [] });
    expect(await pass('2026-03-10T02:00:00.000Z')).toEqual({ triggered: 0, resolved: 1 });
    expect(await events('alert.triggered')).toHaveLength(2);
    expect(await events('alert.resolved')).toHaveLength(2);
    const list = await h.request('GET', '/v1/stats/alerts', { key: shop.secret_key });
    expect(list.body.data.map((e: { status: string }) => e.status)).toEqual(['resolved', 'resolved']);
  });

  it('does not fire a ratio alert on days without data', async () => {
    await story.setProgram({ alerts: [{ metric: 'organic_share', op: 'below', value: 0.5, days: 2 }] });
    // The 10th and 11th have no new customers: no share to judge.
    expect(await pass('2026-03-12T01:00:00.000Z')).toEqual({ triggered: 0, resolved: 0 });
  });
});
