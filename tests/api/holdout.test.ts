// The program's holdout: a share of new customers sees no offers and earns nothing, and the merchant
// learns what the program adds to repeat purchase and revenue per buyer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../api/src/clock.ts';
import { twoProportionTest } from '../../api/src/domain/experiment-stats.ts';
import { inHoldout } from '../../api/src/domain/holdout.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('holdout on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Holdout Shop', ['https://shop.example']);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  it('refuses a share without a start, and reports nothing before one is set', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: { holdout: { share: 0.05 } },
    });
    expect(res.status).toBe(400);
    const results = await h.request('GET', '/v1/holdout', { key: shop.secret_key });
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({ share: 0, enough_data: false, incremental_repeat_rate: null });
  });

  it('holds half the new customers out, and measures the repeat purchases the program adds', async () => {
    // An existing member whose hash would put them in the holdout, had they joined later.
    let existing = await story.customer('old-0');
    for (let i = 1; !inHoldout({ share: 0.5, since: '2000-01-01T00:00:00.000Z' }, existing); i++) {
      existing = await story.customer(`old-${i}`);
    }
    h.clock.advance(1000);
    const since = h.clock.now().toISOString();
    await story.setProgram({ holdout: { share: 0.5, since } });
    h.clock.advance(1000);

    const groups = { program: { n: 0, repeat: 0 }, holdout: { n: 0, repeat: 0 } };
    let heldOutExternalId = '';
    let memberExternalId = '';
    for (let i = 0; i < 240; i++) {
      const first = await story.order({
        external_id: `first-${i}`,
        customer: { external_id: `new-${i}` },
        amount: 4000,
      });
      expect(first.status).toBe(201);
      const held = inHoldout(
        { share: 0.5, since },
        { id: first.body.customer, created_at: h.clock.now().toISOString() },
      );
      const group = held ? groups.holdout : groups.program;
      group.n++;
      if (held) heldOutExternalId ||= `new-${i}`;
      else memberExternalId ||= `new-${i}`;
      // Scripted: two in three members come back, one in three held-out customers do.
      if (i % 3 !== 0 && (!held || i % 3 === 1)) {
        await story.order({ external_id: `again-${i}`, customer: { external_id: `new-${i}` }, amount: 3000 });
        group.repeat++;
      }
      if (i % 40 === 39) h.clock.advance(DAY_MS);
    }

    // A held-out customer earned nothing and sees no offers; a member earned points and sees the program.
    expect((await story.getCustomer(heldOutExternalId)).points_balance).toBe(0);
    expect((await story.getCustomer(memberExternalId)).points_balance).toBeGreaterThan(0);
    const heldOutView = (await story.identify(heldOutExternalId)).body;
    expect(heldOutView.program.referral.enabled).toBe(false);
    expect(heldOutView.program.loyalty.enabled).toBe(false);
    expect(heldOutView.program.new_customer_offer.enabled).toBe(false);
    expect((await story.identify(memberExternalId)).body.program.referral.enabled).toBe(true);
    // Members who joined before the holdout keep their program.
    expect((await story.identify(existing.external_id)).body.program.loyalty.enabled).toBe(true);

    const res = await h.request('GET', '/v1/holdout', { key: shop.secret_key });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.program).toMatchObject({ buyers: groups.program.n, repeat_buyers: groups.program.repeat });
    expect(r.holdout).toMatchObject({ buyers: groups.holdout.n, repeat_buyers: groups.holdout.repeat });
    expect(r.enough_data).toBe(r.program.buyers >= 100 && r.holdout.buyers >= 100);
    const expected = twoProportionTest(
      groups.holdout.repeat,
      groups.holdout.n,
      groups.program.repeat,
      groups.program.n,
    )!;
    expect(r.incremental_repeat_rate.difference).toBeCloseTo(expected.difference, 5);
    expect(r.incremental_repeat_rate.low).toBeCloseTo(expected.interval.low, 5);
    // The program adds about a third of buyers coming back, clearly more than nothing.
    expect(r.incremental_repeat_rate.low).toBeGreaterThan(0);
    expect(r.incremental_ltv.difference).toBeGreaterThan(0);
    expect(r.incremental_ltv.low).toBeLessThan(r.incremental_ltv.difference);
    expect(r.currency).toBe('USD');
  });
});
