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
});
