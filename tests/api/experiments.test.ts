// Experiments as a merchant runs them: two offers side by side, visitors who each see one, orders
// over two simulated weeks, and results that name the winner with honest intervals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../api/src/clock.ts';
import { assignVariant } from '../../api/src/domain/experiment-assignment.ts';
import {
  clusteredRate,
  compareRates,
  sequentialProportionTest,
  twoProportionTest,
} from '../../api/src/domain/experiment-stats.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

const usd = (amount: number) => ({ type: 'amount_off', amount, currency: 'USD' });

describe.each(DIALECTS)('experiments on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  const api = (shop: TestMerchant) => ({
    create: (body: unknown) => h.request('POST', '/v1/experiments', { key: shop.secret_key, body }),
    act: (id: string, action: string, body?: unknown) =>
      h.request('POST', `/v1/experiments/${id}/${action}`, {
        key: shop.secret_key,
        ...(body ? { body } : {}),
      }),
    results: async (id: string) => {
      const res = await h.request('GET', `/v1/experiments/${id}/results`, { key: shop.secret_key });
      expect(res.status).toBe(200);
      return res.body;
    },
    visit: async (extra: Record<string, unknown> = {}) => {
      const res = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
        body: { url: `${ORIGIN}/`, ...extra },
        headers: { Origin: ORIGIN },
      });
      expect(res.status).toBe(200);
      return res.body;
    },
  });

  it('lets a merchant create, start, stop and promote, refusing what makes no sense', async () => {
    const shop = await h.createMerchant('Lifecycle Shop', [ORIGIN]);
    const x = api(shop);
    const refused = await x.create({ name: 'Only one', variants: [{ key: 'a', weight: 1 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('variants');

    const created = await x.create({
      name: 'Bigger friend reward and new words',
      variants: [
        { key: 'control', weight: 50 },
        {
          key: 'generous',
          weight: 50,
          overrides: { referral: { friend_reward: usd(2000) }, texts: { en: { headline: 'Give $20' } } },
        },
      ],
    });
    expect(created.status).toBe(201);
    const experiment = created.body;
    expect(experiment).toMatchObject({
      object: 'experiment',
      status: 'draft',
      unit: 'visitor',
      primary_metric: 'first_order',
      min_days: 7,
      started_at: null,
    });
    // Two changed fields: allowed, but the merchant is told the result will not say which one worked.
    expect(experiment.warnings[0]).toMatch(/differ in 2 fields/);

    const list = await h.request('GET', '/v1/experiments', { key: shop.secret_key });
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([experiment.id]);
    expect((await h.request('GET', '/v1/experiments/exp_nope', { key: shop.secret_key })).status).toBe(404);
    expect((await x.act(experiment.id, 'promote', { variant: 'generous' })).status).toBe(409);

    expect((await x.act(experiment.id, 'start')).body).toMatchObject({ status: 'running' });
    const second = await x.create({
      name: 'Another',
      variants: [
        { key: 'a', weight: 1 },
        { key: 'b', weight: 1 },
      ],
    });
    const clash = await x.act(second.body.id, 'start');
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('experiment_already_running');

    expect((await x.act(experiment.id, 'stop')).body).toMatchObject({ status: 'stopped' });
    expect((await x.act(experiment.id, 'stop')).status).toBe(409);
    const unknownVariant = await x.act(experiment.id, 'promote', { variant: 'nope' });
    expect(unknownVariant.status).toBe(400);
    expect(unknownVariant.body.error.param).toBe('variant');

    const promoted = await x.act(experiment.id, 'promote', { variant: 'generous' });
    expect(promoted.body).toMatchObject({ status: 'stopped', promoted_variant: 'generous' });
    const program = (await h.request('GET', '/v1/program', { key: shop.secret_key })).body;
    expect(program.referral.friend_reward).toEqual(usd(2000));
    expect(program.texts.en.headline).toBe('Give $20');
    expect((await x.act(experiment.id, 'promote', { variant: 'control' })).status).toBe(409);
    // The program is everyone's offer again, and a new experiment may start.
    expect((await x.visit()).program.referral.friend_reward).toEqual(usd(2000));
    expect((await x.act(second.body.id, 'start')).status).toBe(200);
  });

  it('two new-customer offers over 14 days: each visitor sees one, and the bigger one wins', async () => {
    const shop = await h.createMerchant('Offer Test Shop', [ORIGIN]);
    const story = storyOf(h, shop);
    const x = api(shop);
    await story.setProgram({ new_customer_offer: { reward: usd(1000) } });
    const created = await x.create({
      name: '$10 or $20 off the first order',
      variants: [
        { key: 'ten', weight: 1 },
        { key: 'twenty', weight: 1, overrides: { new_customer_offer: { reward: usd(2000) } } },
      ],
      min_days: 7,
    });
    expect(created.body.warnings).toEqual([]);
    const id: string = created.body.id;
    await x.act(id, 'start');

    // Scripted shoppers: every 10th visitor offered $10 buys, every 5th offered $20 does — counted
    // within each offer, so the rates are 10 % and 20 % whatever split the hash of this run's
    // experiment id makes (counting all visitors left the rates to chance and the test flaky).
    const tally = { ten: { n: 0, bought: 0 }, twenty: { n: 0, bought: 0 } };
    let visitor = 0;
    for (let day = 0; day < 14; day++) {
      for (let i = 0; i < 30; i++) {
        visitor++;
        const seen = await x.visit();
        const amount = seen.program.new_customer_offer.reward.amount;
        const key = amount === 2000 ? 'twenty' : 'ten';
        // The widget shows the variant the hash chose for this visitor.
        expect(key).toBe(
          assignVariant(id, seen.visitor_id, [
            { key: 'ten', weight: 1 },
            { key: 'twenty', weight: 1 },
          ]).key,
        );
        tally[key].n++;
        if (tally[key].n % (key === 'twenty' ? 5 : 10) !== 0) continue;
        const email = `shopper${visitor}@example.com`;
        const claim = await story.claim(seen.visitor_id, email);
        expect(claim.body.reward).toEqual(usd(amount));
        const order = await story.order({
          external_id: `o${visitor}`,
          customer: { external_id: `c${visitor}`, email },
          visitor_id: seen.visitor_id,
          coupon_codes: [claim.body.coupon_code],
        });
        expect(order.status).toBe(201);
        tally[key].bought++;
        // A returning visitor keeps the variant and is not exposed twice.
        const again = await x.visit({ visitor_id: seen.visitor_id });
        expect(again.program.new_customer_offer.reward.amount).toBe(amount);
      }
      if (day === 2) {
        const early = await x.results(id);
        expect(early.enough_data).toBe(false);
        expect(early.reason).toMatch(/run 2 of its 7 minimum days/);
      }
      h.clock.advance(DAY_MS);
    }

    const results = await x.results(id);
    expect(results.enough_data).toBe(true);
    expect(results.reason).toBeNull();
    expect(results.currency).toBe('USD');
    const [ten, twenty] = results.variants;
    expect(ten).toMatchObject({ key: 'ten', exposures: tally.ten.n, first_orders: tally.ten.bought });
    expect(twenty).toMatchObject({
      key: 'twenty',
      exposures: tally.twenty.n,
      first_orders: tally.twenty.bought,
    });
    expect(ten.claims).toBe(tally.ten.bought);
    // Revenue and the offer's cost, per exposed visitor: $50 orders, $10 or $20 off each.
    expect(ten.revenue).toBe(5000 * tally.ten.bought);
    expect(ten.reward_cost).toBe(1000 * tally.ten.bought);
    expect(twenty.reward_cost_per_exposure).toBeCloseTo((2000 * tally.twenty.bought) / tally.twenty.n, 2);

    const expectedFixed = twoProportionTest(
      tally.ten.bought,
      tally.ten.n,
      tally.twenty.bought,
      tally.twenty.n,
    )!;
    const expectedSequential = sequentialProportionTest(
      tally.ten.bought,
      tally.ten.n,
      tally.twenty.bought,
      tally.twenty.n,
    )!;
    const [comparison] = results.comparisons;
    expect(comparison.variant).toBe('twenty');
    expect(comparison.against).toBe('ten');
    expect(comparison.difference).toBeCloseTo(0.1, 1);
    expect(comparison.fixed_horizon.low).toBeCloseTo(expectedFixed.interval.low, 5);
    expect(comparison.fixed_horizon.high).toBeCloseTo(expectedFixed.interval.high, 5);
    expect(comparison.sequential.low).toBeCloseTo(expectedSequential.interval.low, 5);
    // The fixed-horizon test, read once at the planned end, names $20 the winner; the always-valid
    // interval, which allowed a look every day, is wider and not yet sure.
    expect(comparison.fixed_horizon.significant).toBe(true);
    expect(comparison.fixed_horizon.low).toBeGreaterThan(0);
    expect(comparison.sequential.low).toBeLessThan(comparison.fixed_horizon.low);
    // Each extra customer from the bigger offer costs its extra reward spend per visitor over the lift.
    const lift = tally.twenty.bought / tally.twenty.n - tally.ten.bought / tally.ten.n;
    const extra = (2000 * tally.twenty.bought) / tally.twenty.n - (1000 * tally.ten.bought) / tally.ten.n;
    expect(comparison.cost_per_incremental_customer).toBe(Math.round(extra / lift));
    expect(results.sample_ratio.mismatch).toBe(false);
    expect(results.warnings).toEqual([]);
  });

  it('advocate experiments: friends see their referrer’s variant, earlier advocates stay on control', async () => {
    const shop = await h.createMerchant('Advocate Test Shop', [ORIGIN]);
    const story = storyOf(h, shop);
    const x = api(shop);
    await story.setProgram({
      referral: { friend_reward: usd(1000), referrer_reward: usd(1000), hold_days: 0 },
    });
    const ann = await story.customer('ann', { name: 'Ann', email: 'ann@example.com' });
    const variants = [
      { key: 'control', weight: 1 },
      {
        key: 'rich',
        weight: 1,
        overrides: { referral: { friend_reward: usd(2500), referrer_reward: usd(2500) } },
      },
    ];
    const created = await x.create({ name: 'Richer double-sided reward', unit: 'advocate', variants });
    const id: string = created.body.id;
    h.clock.advance(1000);
    await x.act(id, 'start');
    h.clock.advance(1000);

    // Ann was an advocate before the start: whatever her hash, her friends keep the old offer.
    expect((await story.click(ann.referral_code)).friend_offer).toMatchObject({ reward: usd(1000) });

    // A new advocate whom the hash puts in "rich": both of her friends see $25.
    let n = 0;
    const newAdvocateIn = async (key: string) => {
      for (;;) {
        n++;
        const candidate = await story.customer(`adv${n}`, { name: `Adv ${n}`, email: `adv${n}@example.com` });
        if (assignVariant(id, candidate.id, variants).key === key) return candidate;
      }
    };
    const rich = await newAdvocateIn('rich');
    const friend1 = await story.click(rich.referral_code);
    const friend2 = await story.click(rich.referral_code);
    expect(friend1.friend_offer).toMatchObject({ reward: usd(2500) });
    expect(friend2.friend_offer).toMatchObject({ reward: usd(2500) });

    const order = await story.order({
      external_id: 'f1-order',
      customer: { external_id: 'f1', email: 'f1@example.com' },
      visitor_id: friend1.visitor_id,
    });
    expect(order.status).toBe(201);
    expect(order.body.attribution).toMatchObject({ referrer: rich.id, experiment: { id, variant: 'rich' } });
    const paid = order.body.rewards.map((r: { source: string; reward: unknown }) => [r.source, r.reward]);
    expect(paid).toEqual(
      expect.arrayContaining([
        ['referral_friend', usd(2500)],
        ['referral_referrer', usd(2500)],
      ]),
    );

    const results = await x.results(id);
    expect(results.variants.find((v: { key: string }) => v.key === 'rich')).toMatchObject({
      exposures: 2,
      first_orders: 1,
      reward_cost: 5000,
    });
    expect(results.variants.find((v: { key: string }) => v.key === 'control')).toMatchObject({
      exposures: 1,
    });
    expect(results.enough_data).toBe(false);

    // A second advocate in each arm: a new control advocate whose one friend buys, a rich one whose
    // friend does not. The comparison now treats each advocate's friends as one cluster.
    const plain = await newAdvocateIn('control');
    const plainFriend = await story.click(plain.referral_code);
    expect(plainFriend.friend_offer).toMatchObject({ reward: usd(1000) });
    await story.order({
      external_id: 'f3-order',
      customer: { external_id: 'f3', email: 'f3@example.com' },
      visitor_id: plainFriend.visitor_id,
    });
    await story.click((await newAdvocateIn('rich')).referral_code);
    const clustered = compareRates(
      clusteredRate([
        { n: 1, x: 0 },
        { n: 1, x: 1 },
      ])!,
      clusteredRate([
        { n: 2, x: 1 },
        { n: 1, x: 0 },
      ])!,
    );
    const [comparison] = (await x.results(id)).comparisons;
    expect(comparison.difference).toBeCloseTo(1 / 3 - 1 / 2, 5);
    expect(comparison.fixed_horizon.low).toBeCloseTo(clustered.fixed.interval.low, 5);
    expect(comparison.sequential.high).toBeCloseTo(clustered.sequential.interval.high, 5);
  });
});
