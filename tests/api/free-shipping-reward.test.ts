// Free shipping as a reward: a coupon code like the other coupon rewards, redeemable for points,
// given by an automation, offered to new customers — and refused when it carries an amount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutomations } from '../../api/src/jobs/automations.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('free-shipping rewards on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;

  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set('2026-05-01T09:00:00.000Z');
    shop = await h.createMerchant('Ship Free Shop');
    story = storyOf(h, shop);
    await story.setProgram({
      loyalty: {
        signup_points: 400,
        redemption_options: [{ id: 'ship', points: 300, reward: { type: 'free_shipping' } }],
      },
      new_customer_offer: { reward: { type: 'free_shipping' } },
      automations: {
        defaults: { day7_nudge: false },
        rules: [
          {
            id: 'ship-day-7',
            trigger: { type: 'customer.day_n', days: 7 },
            reward: { type: 'free_shipping' },
            message: { title: 'Shipping is on us this week' },
          },
        ],
      },
    });
  });
  afterAll(() => h.close());

  it('turns 300 points into a single free-shipping coupon, through the ledger', async () => {
    await story.customer('sam');
    const me = await story.identify('sam');
    expect(me.body.program.loyalty.redemption_options).toContainEqual(
      expect.objectContaining({ id: 'ship', reward: { type: 'free_shipping' } }),
    );
    const res = await h.request('POST', `/v1/client/redeem?key=${shop.publishable_key}`, {
      body: { option_id: 'ship', session: me.body.session },
      headers: { Origin: 'https://shop.example' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'coupon',
      source: 'redemption',
      status: 'issued',
      reward: { type: 'free_shipping' },
      coupon_code: expect.stringMatching(/^FLY-/),
    });
    expect((await story.ledger('sam'))[0]).toMatchObject({
      delta: -300,
      reason: 'redemption',
      balance_after: 100,
    });
  });

  it('gives a free-shipping coupon from an automation, shown in the widget with its code', async () => {
    h.clock.set('2026-06-01T09:00:00.000Z');
    await story.customer('tia');
    h.clock.set(new Date(Date.parse('2026-06-01T09:00:00.000Z') + 7 * DAY + 3_600_000));
    await runAutomations(h.app.deps);
    await runAutomations(h.app.deps);
    const rewards = await story.rewards('tia');
    const shipping = rewards.filter((r) => r.source === 'automation');
    expect(shipping).toHaveLength(1);
    expect(shipping[0]).toMatchObject({ kind: 'coupon', reward: { type: 'free_shipping' } });
    const boot = await story.identify('tia');
    expect(boot.body.lifecycle.messages).toContainEqual(
      expect.objectContaining({
        title: 'Shipping is on us this week',
        coupon_code: shipping[0]?.coupon_code,
      }),
    );
  });

  it('offers a new visitor a free-shipping coupon for their email', async () => {
    const boot = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      body: {},
      headers: { Origin: 'https://shop.example' },
    });
    const claim = await story.claim(boot.body.visitor_id, 'newcomer@example.com');
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      reward: { type: 'free_shipping' },
      coupon_code: expect.stringMatching(/^FLY-/),
    });
  });

  it('refuses a free-shipping reward that carries an amount, naming the field, and keeps the program', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: { new_customer_offer: { reward: { type: 'free_shipping', amount: 500 } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toContain('new_customer_offer.reward');
    const program = await h.request('GET', '/v1/program', { key: shop.secret_key });
    expect(program.body.new_customer_offer.reward).toEqual({ type: 'free_shipping' });
  });
});
