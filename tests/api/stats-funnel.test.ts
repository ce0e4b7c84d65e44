// The loop funnel of a period, against a shop whose story is counted by hand below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const WEEK = 'from=2026-06-01T00:00:00.000Z&to=2026-06-08T00:00:00.000Z';

describe.each(DIALECTS)('the loop funnel on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Funnel Shop', ['https://shop.example']);
    story = storyOf(h, shop);
    await story.setProgram({ referral: { hold_days: 0 } });
    const ok = async (res: Promise<{ status: number; body: unknown }>) => {
      const answer = await res;
      if (answer.status >= 300) throw new Error(JSON.stringify(answer.body));
    };
    const buy = (id: string, customer: string, extra: Record<string, unknown> = {}) =>
      ok(story.order({ external_id: id, customer: { external_id: customer }, ...extra }));

    h.clock.set('2026-05-20T10:00:00.000Z');
    const host = await story.customer('host');
    await buy('host-1', 'host');
    // Before the week: a click that is not the week's.
    h.clock.set('2026-05-30T10:00:00.000Z');
    await story.click(host.referral_code, { ip: '203.0.113.50' });

    // The week: Ann, Bob, Cat and Dan click Host's link (Ann twice: one visitor).
    h.clock.set('2026-06-01T10:00:00.000Z');
    const ann = await story.click(host.referral_code, { ip: '203.0.113.51' });
    await story.click(host.referral_code, { ip: '203.0.113.51', visitorId: ann.visitor_id });
    const bob = await story.click(host.referral_code, { ip: '203.0.113.52' });
    const cat = await story.click(host.referral_code, { ip: '203.0.113.53' });
    const dan = await story.click(host.referral_code, { ip: '203.0.113.54' });
    // Ann, Bob and Dan claim the welcome offer; Cat does not.
    await ok(story.claim(ann.visitor_id, 'ann@example.com'));
    await ok(story.claim(bob.visitor_id, 'bob@example.com'));
    await ok(story.claim(dan.visitor_id, 'dan@example.com'));
    // Ann, Bob and Cat buy through the link; Eve walks in; Dan never buys.
    h.clock.set('2026-06-02T10:00:00.000Z');
    await buy('ann-1', 'ann', {
      visitor_id: ann.visitor_id,
      customer: { external_id: 'ann', email: 'ann@example.com' },
    });
    await buy('bob-1', 'bob', {
      visitor_id: bob.visitor_id,
      customer: { external_id: 'bob', email: 'bob@example.com' },
    });
    await buy('cat-1', 'cat', { visitor_id: cat.visitor_id });
    await buy('eve-1', 'eve');
    // Ann comes back within the week; Cat's second order is refunded in full.
    h.clock.set('2026-06-05T10:00:00.000Z');
    await buy('ann-2', 'ann');
    await buy('cat-2', 'cat');
    await ok(story.refund('cat-2'));

    // After the week: Bob comes back, and Ann's friend Gus buys through her link.
    h.clock.set('2026-06-09T10:00:00.000Z');
    await buy('bob-2', 'bob');
    const annCode = (await story.getCustomer('ann')).referral_code;
    const gus = await story.click(annCode, { ip: '203.0.113.55' });
    await buy('gus-1', 'gus', { visitor_id: gus.visitor_id });
    h.clock.set('2026-06-15T00:00:00.000Z');
  });
  afterAll(() => h.close());

  it('follows the week from the click to a customer who brings the next friend', async () => {
    const res = await h.request('GET', `/v1/stats/funnel?${WEEK}`, { key: shop.secret_key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'stats_funnel',
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-08T00:00:00.000Z',
      stages: [
        // Four visitors (Ann's two clicks are one visitor; the May click is not the week's).
        { stage: 'clicked', count: 4, share_of_previous: null },
        // Ann, Bob and Dan left their email.
        { stage: 'claimed', count: 3, share_of_previous: 0.75 },
        // Ann, Bob and Cat: referred first orders of the week (Eve walked in; Gus came later).
        { stage: 'first_order', count: 3, share_of_previous: 1 },
        // Ann within the week, Bob after it (followed up to now); Cat's refunded order is no order.
        { stage: 'second_order', count: 2, share_of_previous: 0.6667 },
        // Ann's friend Gus bought through her link.
        { stage: 'referrer', count: 1, share_of_previous: 0.5 },
      ],
    });
  });

  it('shows an empty period as zeros with no shares', async () => {
    const res = await h.request(
      'GET',
      '/v1/stats/funnel?from=2026-01-01T00:00:00.000Z&to=2026-01-08T00:00:00.000Z',
      { key: shop.secret_key },
    );
    expect(res.status).toBe(200);
    expect(res.body.stages.map((s: { count: number }) => s.count)).toEqual([0, 0, 0, 0, 0]);
    expect(res.body.stages.map((s: { share_of_previous: null }) => s.share_of_previous)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('refuses a period that ends before it starts, and a key that is not secret', async () => {
    const backwards = await h.request(
      'GET',
      '/v1/stats/funnel?from=2026-06-08T00:00:00.000Z&to=2026-06-01T00:00:00.000Z',
      { key: shop.secret_key },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.param).toBe('from');
    const publishable = await h.request('GET', `/v1/stats/funnel?${WEEK}`, { key: shop.publishable_key });
    expect(publishable.status).toBe(401);
  });
});
