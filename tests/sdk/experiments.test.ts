// An experiment through the server SDK against a real API: create, start, a visitor, results, promote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlywheel } from '../../sdk/src/browser.ts';
import type { Flywheel } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
});
afterAll(() => api.close());

describe('experiments', () => {
  it('runs an offer test from the merchant’s server and promotes the winner', async () => {
    const twenty = { type: 'amount_off' as const, amount: 2000, currency: 'USD' };
    const test = await fw.experiments.create({
      name: 'Friend gets $20',
      variants: [
        { key: 'control', weight: 1 },
        { key: 'twenty', weight: 1, overrides: { referral: { friend_reward: twenty } } },
      ],
    });
    expect(test).toMatchObject({ status: 'draft', unit: 'visitor', warnings: [] });
    expect((await fw.experiments.start(test.id)).status).toBe('running');

    const memory = new Map<string, string>();
    const browser = createFlywheel({
      publishableKey: api.publishableKey,
      apiUrl: api.url,
      url: () => 'https://shop.example/',
      storage: {
        getItem: (k) => memory.get(k) ?? null,
        setItem: (k, v) => memory.set(k, v),
        removeItem: (k) => memory.delete(k),
      },
    });
    await browser.bootstrap();

    const results = await fw.experiments.results(test.id);
    expect(results.variants.reduce((sum, v) => sum + v.exposures, 0)).toBe(1);
    expect(results.enough_data).toBe(false);
    const listed = [];
    for await (const e of fw.experiments.list()) listed.push(e.id);
    expect(listed).toEqual([test.id]);

    expect(await fw.experiments.promote(test.id, 'twenty')).toMatchObject({ promoted_variant: 'twenty' });
    expect((await fw.program.get()).referral.friend_reward).toEqual(twenty);
    expect((await fw.experiments.get(test.id)).status).toBe('stopped');
    expect(await fw.experiments.holdout()).toMatchObject({ object: 'holdout_results', share: 0 });
  });
});
