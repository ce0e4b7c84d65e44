// More ways to earn (actions the merchant's server reports) and campaigns (time-boxed boosts), as a
// merchant configures them and a shopper meets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('ways to earn and campaigns on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  const act = (customer: string, body: unknown) =>
    h.request('POST', `/v1/customers/${customer}/actions`, { key: shop.secret_key, body });

  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set('2026-05-01T10:00:00.000Z');
    shop = await h.createMerchant('Earn Shop');
    story = storyOf(h, shop);
    await story.setProgram({
      earn_actions: [
        { type: 'review', label: 'Write a review', points: 50 },
        { type: 'checkin', label: 'Daily check-in', points: 5, limit: 'daily', per_day: 2 },
      ],
      campaigns: [
        {
          id: 'may-boost',
          name: 'Double everything',
          starts_at: '2026-05-10T00:00:00.000Z',
          ends_at: '2026-05-17T00:00:00.000Z',
          referral_multiplier: 2,
          points_multiplier: 2,
        },
      ],
    });
  });
  afterAll(() => h.close());

  it('pays a once-only action once, whatever the retries or other keys', async () => {
    await story.customer('rita');
    const first = await act('rita', { type: 'review', key: 'review-881' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'awarded', points: 50, points_balance: 150 });
    expect((await act('rita', { type: 'review', key: 'review-881' })).body).toMatchObject({
      status: 'duplicate',
      points: 50,
      points_balance: 150,
    });
    expect((await act('rita', { type: 'review', key: 'review-902' })).body).toMatchObject({
      status: 'capped',
      points: 0,
      points_balance: 150,
    });
    expect((await story.ledger('rita'))[0]).toMatchObject({ delta: 50, reason: 'action:review' });
  });

  it('caps a daily action per UTC day', async () => {
    await story.customer('dan');
    const statuses = [];
    for (const key of ['a', 'b', 'c'])
      statuses.push((await act('dan', { type: 'checkin', key })).body.status);
    expect(statuses).toEqual(['awarded', 'awarded', 'capped']);
    h.clock.advance(DAY);
    expect((await act('dan', { type: 'checkin', key: 'd' })).body).toMatchObject({
      status: 'awarded',
      points: 5,
    });
    expect((await story.getCustomer('dan')).points_balance).toBe(115);
  });

  it('lets only one of many simultaneous reports of a once-only action pay', async () => {
    await story.customer('sim');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => act('sim', { type: 'review', key: `r-${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => a.body.status === 'awarded')).toHaveLength(1);
    expect((await story.getCustomer('sim')).points_balance).toBe(150);
  });

  it('refuses an unknown action or customer and changes nothing', async () => {
    await story.customer('ned');
    const before = await snapshot(h.database);
    const unknown = await act('ned', { type: 'tiktok', key: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_action', param: 'type' });
    const nobody = await act('nobody', { type: 'review', key: 'x' });
    expect(nobody.status).toBe(404);
    expect((await act('ned', { type: 'review', key: '' })).status).toBe(400);
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('doubles points and referral rewards while a campaign runs, and shows its end in the widget', async () => {
    const ann = await story.customer('ann');
    const boot = async () =>
      (
        await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
          body: {},
          headers: { Origin: 'https://shop.example' },
        })
      ).body;

    h.clock.set('2026-05-09T23:00:00.000Z');
    expect((await boot()).lifecycle.campaigns).toEqual([]);
    const before = await story.order({ external_id: 'pre', customer: { external_id: 'pre-buyer' } });
    expect(before.body.status).toBe('paid');
    expect((await story.getCustomer('pre-buyer')).points_balance).toBe(150);

    h.clock.set('2026-05-12T12:00:00.000Z');
    const during = await boot();
    expect(during.lifecycle.campaigns).toEqual([
      {
        id: 'may-boost',
        name: 'Double everything',
        ends_at: '2026-05-17T00:00:00.000Z',
        referral_multiplier: 2,
        points_multiplier: 2,
      },
    ]);
    expect(during.program.referral.friend_reward).toEqual({
      type: 'amount_off',
      amount: 2000,
      currency: 'USD',
    });
    expect(during.lifecycle.earn_actions.map((a: { type: string }) => a.type)).toEqual(['review', 'checkin']);

    const referred = await story.order({
      external_id: 'boosted',
      customer: { external_id: 'friend' },
      referral_code: ann.referral_code,
    });
    expect(referred.status).toBe(201);
    const rewards = referred.body.rewards as { source: string; reward: unknown }[];
    expect(rewards.find((r) => r.source === 'referral_friend')?.reward).toEqual({
      type: 'amount_off',
      amount: 2000,
      currency: 'USD',
    });
    expect(rewards.find((r) => r.source === 'referral_referrer')?.reward).toEqual({
      type: 'amount_off',
      amount: 2000,
      currency: 'USD',
    });
    // 100 for signing up, then 50 purchase points doubled.
    expect((await story.getCustomer('friend')).points_balance).toBe(200);
    await story.customer('actor');
    expect((await act('actor', { type: 'review', key: 'boosted' })).body.points).toBe(100);

    h.clock.set('2026-05-17T00:00:00.000Z');
    expect((await boot()).lifecycle.campaigns).toEqual([]);
    await story.order({ external_id: 'after', customer: { external_id: 'late' } });
    expect((await story.getCustomer('late')).points_balance).toBe(150);
  });

  it('refuses a campaign that ends before it starts', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: {
        campaigns: [
          {
            id: 'x',
            name: 'Backwards',
            starts_at: '2026-06-02T00:00:00.000Z',
            ends_at: '2026-06-01T00:00:00.000Z',
          },
        ],
      },
    });
    expect(res.status).toBe(400);
  });
});
