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

describe('ways to earn through the SDK', () => {
  it('reports an action from the merchant’s server; a retry earns once', async () => {
    await fw.program.update({ earn_actions: [{ type: 'review', label: 'Write a review', points: 50 }] });
    await fw.customers.upsert({ external_id: 'u_rev' });
    const first = await fw.customers.recordAction('u_rev', { type: 'review', key: 'review_881' });
    expect(first).toMatchObject({
      object: 'earn_action',
      status: 'awarded',
      points: 50,
      points_balance: 150,
    });
    const again = await fw.customers.recordAction('u_rev', { type: 'review', key: 'review_881' });
    expect(again).toMatchObject({ status: 'duplicate', points_balance: 150 });
  });
});
