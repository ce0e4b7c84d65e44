import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseHeldRewards } from '../../api/src/jobs/release-held-rewards.ts';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('refunds, points and the ledger on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Ledger Shop', ['https://shop.example']);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  it('credits purchase points per whole currency unit, times the tier multiplier', async () => {
    const buyer = uid('b');
    const res = await story.order({ external_id: uid('o'), customer: { external_id: buyer }, amount: 4999 });
    expect(res.status).toBe(201);
    const ledger = await story.ledger(buyer);
    expect(ledger[0]).toMatchObject({ delta: 49, reason: 'purchase', balance_after: 149 });
    // 1000 lifetime points reach Silver (1.25×): the next 4999 earns floor(49 × 1.25) = 61.
    await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: buyer, delta: 900, reason: 'goodwill' },
    });
    expect((await story.getCustomer(buyer)).tier).toBe('Silver');
    await story.order({ external_id: uid('o'), customer: { external_id: buyer }, amount: 4999 });
    expect((await story.ledger(buyer))[0]).toMatchObject({ delta: 61, reason: 'purchase' });
  });

  it('reverses purchase points in proportion to a partial refund, and the rest on the final one', async () => {
    const buyer = uid('b');
    const order = uid('o');
    await story.order({ external_id: order, customer: { external_id: buyer }, amount: 10000 });
    const partial = await story.refund(order, { amount: 2500 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refunded_amount: 2500 });
    expect((await story.ledger(buyer))[0]).toMatchObject({
      delta: -25,
      reason: 'refund',
      balance_after: 175,
    });
    const rest = await story.refund(order);
    expect(rest.body).toMatchObject({ status: 'refunded', refunded_amount: 10000 });
    expect((await story.ledger(buyer))[0]).toMatchObject({
      delta: -75,
      reason: 'refund',
      balance_after: 100,
    });
  });

  it('refuses to refund more than is left, or an order refunded in full, and writes nothing', async () => {
    const order = uid('o');
    await story.order({ external_id: order, customer: { external_id: uid('b') }, amount: 3000 });
    const before = await snapshot(h.database);
    const tooMuch = await story.refund(order, { amount: 3001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ type: 'invalid_request', param: 'amount' });
    const unknown = await story.refund('no-such-order');
    expect(unknown.status).toBe(404);
    expect(await snapshot(h.database)).toEqual(before);
    await story.refund(order);
    const again = await story.refund(order);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_already_refunded');
  });

  it('voids the referral rewards of an order refunded inside the hold; they never come back', async () => {
    const ann = uid('ann');
    const a = await story.customer(ann, { name: 'Ann' });
    const order = uid('o');
    await story.order({
      external_id: order,
      customer: { external_id: uid('f') },
      referral_code: a.referral_code,
    });
    expect((await story.rewards(ann))[0]).toMatchObject({ status: 'pending' });
    await story.refund(order);
    expect((await story.rewards(ann))[0]).toMatchObject({ status: 'voided' });
    h.clock.advance(30 * DAY);
    await releaseHeldRewards(h.app.deps);
    expect((await story.rewards(ann))[0]).toMatchObject({ status: 'voided' });
  });

  it('after the hold, takes back issued points with a negative entry and revokes unused coupons', async () => {
    await story.setProgram({ referral: { referrer_reward: { type: 'points', points: 400 } } });
    try {
      const ann = uid('ann');
      const a = await story.customer(ann, { name: 'Ann' });
      const order = uid('o');
      const friend = uid('f');
      await story.order({
        external_id: order,
        customer: { external_id: friend },
        referral_code: a.referral_code,
      });
      h.clock.advance(15 * DAY);
      await releaseHeldRewards(h.app.deps);
      expect((await story.getCustomer(ann)).points_balance).toBe(500);
      const [friendReward] = await story.rewards(friend);
      expect(friendReward).toMatchObject({ status: 'issued' });
      const code = friendReward!.coupon_code as string;
      await story.refund(order);
      const annLedger = await story.ledger(ann);
      expect(annLedger[0]).toMatchObject({ delta: -400, reason: 'reward_voided', balance_after: 100 });
      expect((await story.rewards(friend))[0]).toMatchObject({ status: 'voided' });
      const coupon = await h.database.db
        .selectFrom('coupon_codes')
        .select('revoked_at')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      expect(coupon.revoked_at).not.toBeNull();
      // Refund posted again (e.g. by a retried webhook): nothing reversed twice.
      await story.refund(order);
      expect((await story.ledger(ann)).filter((e) => e.reason === 'reward_voided')).toHaveLength(1);
    } finally {
      await story.setProgram({
        referral: { referrer_reward: { type: 'amount_off', amount: 1000, currency: 'USD' } },
      });
    }
  });

  it('marks a reward coupon redeemed when an order uses it', async () => {
    await story.setProgram({ referral: { hold_days: 0 } });
    const ann = uid('ann');
    const a = await story.customer(ann, { name: 'Ann' });
    await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('f') },
      referral_code: a.referral_code,
    });
    const [reward] = await story.rewards(ann);
    await story.order({
      external_id: uid('o'),
      customer: { external_id: ann },
      coupon_codes: [reward!.coupon_code],
    });
    expect((await story.rewards(ann))[0]).toMatchObject({ status: 'redeemed' });
    const voidIt = await h.request('POST', `/v1/rewards/${reward!.id}/void`, {
      key: shop.secret_key,
      body: {},
    });
    expect(voidIt.status).toBe(409);
    await story.setProgram({ referral: { hold_days: 14 } });
  });

  it('lets the merchant void a pending reward, and refuses to approve it afterwards', async () => {
    const ann = uid('ann');
    const a = await story.customer(ann, { name: 'Ann' });
    await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('f') },
      referral_code: a.referral_code,
    });
    const [reward] = await story.rewards(ann);
    const voided = await h.request('POST', `/v1/rewards/${reward!.id}/void`, {
      key: shop.secret_key,
      body: { reason: 'fraud' },
    });
    expect(voided.body).toMatchObject({ status: 'voided' });
    const approve = await h.request('POST', `/v1/rewards/${reward!.id}/approve`, { key: shop.secret_key });
    expect(approve.status).toBe(409);
    const other = await h.createMerchant('Other');
    const foreign = await h.request('POST', `/v1/rewards/${reward!.id}/void`, {
      key: other.secret_key,
      body: {},
    });
    expect(foreign.status).toBe(404);
  });

  it('refuses points that would carry a balance past one trillion, and changes nothing', async () => {
    const whale = uid('whale');
    await story.customer(whale);
    const adjust = (delta: number) =>
      h.request('POST', '/v1/points/adjust', {
        key: shop.secret_key,
        body: { customer: whale, delta, reason: 'grant' },
      });
    expect((await adjust(999_999_999_000)).status).toBe(200);
    const before = await snapshot(h.database);
    for (const delta of [1_000, 2 ** 53 - 1, 1e15]) {
      const over = await adjust(delta);
      expect(over.status).toBe(400);
      expect(over.body.error).toMatchObject({ type: 'invalid_request', param: 'delta' });
    }
    // Purchase points go through the same ledger: an order that would overflow is refused whole.
    const order = await story.order({
      external_id: uid('o'),
      customer: { external_id: whale },
      amount: 9_000_000_000_000,
    });
    expect(order.status).toBe(400);
    expect(order.body.error.code).toBe('points_limit_exceeded');
    expect(await snapshot(h.database)).toEqual(before);
    const balance = (await story.getCustomer(whale)).points_balance;
    expect(balance).toBe(999_999_999_100);
    expect(Number.isSafeInteger(balance)).toBe(true);
  });

  it('adjusts points by hand, never below zero, and a retried adjustment counts once', async () => {
    const buyer = uid('b');
    await story.customer(buyer);
    const add = await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: buyer, delta: 250, reason: 'birthday surprise' },
      headers: { 'Idempotency-Key': `adj-${buyer}` },
    });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({
      object: 'ledger_entry',
      delta: 250,
      balance_after: 350,
      reason: 'birthday surprise',
    });
    const retry = await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: buyer, delta: 250, reason: 'birthday surprise' },
      headers: { 'Idempotency-Key': `adj-${buyer}` },
    });
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    const before = await snapshot(h.database);
    const overdraw = await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: buyer, delta: -351, reason: 'oops' },
    });
    expect(overdraw.status).toBe(409);
    expect(overdraw.body.error.code).toBe('insufficient_points');
    const zero = await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: buyer, delta: 0, reason: 'x' },
    });
    expect(zero.body.error.param).toBe('delta');
    const nobody = await h.request('POST', '/v1/points/adjust', {
      key: shop.secret_key,
      body: { customer: 'ghost', delta: 5, reason: 'x' },
    });
    expect(nobody.status).toBe(404);
    expect(await snapshot(h.database)).toEqual(before);
    expect((await story.getCustomer(buyer)).points_balance).toBe(350);
  });

  it('draws reward coupons from an uploaded pool before generating any, each code once', async () => {
    await story.setProgram({ referral: { hold_days: 0 } });
    const upload = await h.request('POST', '/v1/coupons', {
      key: shop.secret_key,
      body: { pool: 'friend', codes: ['WELCOME-A', 'WELCOME-B', 'WELCOME-A'] },
    });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({
      object: 'coupon_pool',
      pool: 'friend',
      added: 2,
      duplicates: 1,
      available: 2,
    });
    const ann = await story.customer(uid('ann'), { name: 'Ann' });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        referral_code: ann.referral_code,
      });
      codes.push(
        res.body.rewards.find((r: { source: string }) => r.source === 'referral_friend').coupon_code,
      );
    }
    expect(codes.slice(0, 2).sort()).toEqual(['WELCOME-A', 'WELCOME-B']);
    expect(codes[2]).toMatch(/^FLY-/);
    const pools = await h.request('GET', '/v1/coupons', { key: shop.secret_key });
    expect(pools.body.data).toEqual([
      expect.objectContaining({ pool: 'friend', total: 2, issued: 2, available: 0 }),
    ]);
    const bad = await h.request('POST', '/v1/coupons', {
      key: shop.secret_key,
      body: { pool: 'vip', codes: ['X'] },
    });
    expect(bad.body.error.param).toBe('pool');
    await story.setProgram({ referral: { hold_days: 14 } });
  });
});
