import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flywheel } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
});
afterAll(() => api.close());

describe('stats', () => {
  it('reports the referral KPIs for a period', async () => {
    const ann = await fw.customers.upsert({ external_id: 'u_ann', email: 'ann@example.com' });
    await fw.orders.create({
      external_id: 's1',
      customer: { external_id: 'u_bob', email: 'bob@example.org' },
      amount: 4000,
      currency: 'USD',
      referral_code: ann.referral_code,
    });
    const stats = await fw.stats.get({ from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
    expect(stats).toMatchObject({ referred_customers: 1, referral_revenue: 4000 });
    expect(stats.customers).toBe(2);
    // Only the referred friend has ordered: there is no non-referred buyer to average.
    expect(stats.avg_ltv).toEqual({ referred: 4000, other: null });
    expect(stats.organic_share).toBe(1);
  });

  it('reads the KPI series, cohorts and critical points with types from the API schemas', async () => {
    const window = { from: '2000-01-01T00:00:00Z', to: '2000-01-15T00:00:00Z' };
    const weekly = await fw.stats.series({ ...window, interval: 'week', metrics: ['orders', 'revenue'] });
    expect(weekly.series.map((s) => s.metric)).toEqual(['orders', 'revenue']);
    // 1 Jan 2000 was a Saturday: the end of one week, then the weeks of Monday 3 and Monday 10 January.
    expect(weekly.series[0]!.points.map((p) => p.start)).toEqual([
      '2000-01-01T00:00:00.000Z',
      '2000-01-03T00:00:00.000Z',
      '2000-01-10T00:00:00.000Z',
    ]);
    const now = await fw.stats.series({ metrics: ['orders'] });
    expect(now.series[0]!.total.value).toBeGreaterThanOrEqual(1);
    const cohorts = await fw.stats.cohorts({ period: 'month' });
    // Bob's first order (above) is in this month's cohort.
    const thisMonth = `${new Date().toISOString().slice(0, 7)}-01T00:00:00.000Z`;
    expect(cohorts.cohorts.at(-1)!.start).toBe(thisMonth);
    expect(cohorts.cohorts.at(-1)!.customers).toBeGreaterThanOrEqual(1);
    const points = await fw.stats.criticalPoints();
    expect(points.network_effect.reached).toBe(false);
  });

  it('reads the loop funnel of a period', async () => {
    const funnel = await fw.stats.funnel({ from: '2000-01-01T00:00:00Z' });
    expect(funnel.stages.map((s) => s.stage)).toEqual([
      'clicked',
      'claimed',
      'first_order',
      'second_order',
      'referrer',
    ]);
    // Bob, referred by Ann (above), is the period's one referred first order; he has not ordered again.
    expect(funnel.stages.find((s) => s.stage === 'first_order')!.count).toBe(1);
    expect(funnel.stages.find((s) => s.stage === 'second_order')).toEqual({
      stage: 'second_order',
      count: 0,
      share_of_previous: 0,
    });
  });
});
