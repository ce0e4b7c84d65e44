// The merchant's side of the loop through the SDK against a real API: report orders, see the referral
// attributed and rewarded, refund, adjust points, upload coupons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Flywheel, FlywheelError } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
let ann: Customer;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
  // No hold, so referral rewards are issued at once and a refund reverses rather than voids them.
  await fw.program.update({ referral: { hold_days: 0 } });
  ann = await fw.customers.upsert({ external_id: 'u_ann', email: 'ann@example.com', name: 'Ann' });
});
afterAll(() => api.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as FlywheelError,
  );

describe('orders', () => {
  it("attributes a friend's first order to the referrer whose code was used and rewards both", async () => {
    const order = await fw.orders.create({
      external_id: '1001',
      customer: { external_id: 'u_bob', email: 'bob@example.org' },
      amount: 4999,
      currency: 'usd',
      referral_code: ann.referral_code,
    });
    expect(order).toMatchObject({
      object: 'order',
      external_id: '1001',
      amount: 4999,
      currency: 'USD',
      status: 'paid',
      attribution: { referrer: ann.id, method: 'code' },
    });
    const annRewards = await fw.rewards.list({ customer: 'u_ann' });
    expect(annRewards.data).toEqual([
      expect.objectContaining({ object: 'reward', source: 'referral_referrer', status: 'issued' }),
    ]);
    const bobRewards = await fw.rewards.list({ customer: 'u_bob' });
    expect(bobRewards.data.map((r) => r.source)).toContain('referral_friend');
  });

  it('returns the recorded order, unchanged, when the same external_id is reported again', async () => {
    const first = await fw.orders.create({
      external_id: '1002',
      customer: { external_id: 'u_cy' },
      amount: 2500,
      currency: 'USD',
    });
    const again = await fw.orders.create({
      external_id: '1002',
      customer: { external_id: 'u_cy' },
      amount: 9999,
      currency: 'USD',
    });
    expect(again).toEqual(first);
    expect((await fw.customers.get('u_cy')).orders_count).toBe(1);
  });

  it('refunds part of an order, then the rest', async () => {
    await fw.orders.create({
      external_id: '1003',
      customer: { external_id: 'u_di' },
      amount: 3000,
      currency: 'USD',
    });
    const partial = await fw.orders.refund('1003', { amount: 1000 });
    expect(partial).toMatchObject({ status: 'partially_refunded', refunded_amount: 1000 });
    const full = await fw.orders.refund('1003');
    expect(full).toMatchObject({ status: 'refunded', refunded_amount: 3000 });
  });

  it("reverses the referrer's reward when the referred order is refunded", async () => {
    await fw.orders.refund('1001');
    const annRewards = await fw.rewards.list({ customer: 'u_ann' });
    expect(annRewards.data[0]?.status).toBe('voided');
  });

  it('throws not_found when refunding an order that was never reported', async () => {
    const error = await caught(fw.orders.refund('no-such-order'));
    expect(error).toMatchObject({ type: 'not_found', status: 404 });
  });

  it('names the invalid field of an order', async () => {
    const error = await caught(
      fw.orders.create({
        external_id: '1004',
        customer: { external_id: 'u_x' },
        amount: 49.99,
        currency: 'USD',
      }),
    );
    expect(error).toMatchObject({ type: 'invalid_request', param: 'amount' });
  });
});

describe('rewards', () => {
  it('lists rewards by status across pages', async () => {
    const all = [];
    for await (const reward of fw.rewards.list({ limit: 1 })) all.push(reward);
    const issued = [];
    for await (const reward of fw.rewards.list({ status: 'issued', limit: 1 })) issued.push(reward);
    expect(all.length).toBeGreaterThan(issued.length);
    expect(issued.every((r) => r.status === 'issued')).toBe(true);
  });

  it('voids an issued reward and refuses to approve it afterwards', async () => {
    await fw.orders.create({
      external_id: '2001',
      customer: { external_id: 'u_eve', email: 'eve@example.net' },
      amount: 5000,
      currency: 'USD',
      referral_code: ann.referral_code,
    });
    const { data } = await fw.rewards.list({ customer: 'u_eve' });
    const reward = data.find((r) => r.source === 'referral_friend')!;
    const voided = await fw.rewards.void(reward.id, { reason: 'order_cancelled' });
    expect(voided).toMatchObject({ id: reward.id, status: 'voided' });
    const error = await caught(fw.rewards.approve(reward.id));
    expect(error).toMatchObject({ type: 'conflict', code: 'reward_not_pending' });
  });

  it('throws not_found for an unknown reward', async () => {
    const error = await caught(fw.rewards.approve('rwd_nope'));
    expect(error).toMatchObject({ type: 'not_found', status: 404 });
  });
});

describe('points', () => {
  it('adds points by hand and shows them in the ledger', async () => {
    const before = (await fw.customers.get('u_ann')).points_balance;
    const entry = await fw.points.adjust({ customer: 'u_ann', delta: 250, reason: 'goodwill' });
    expect(entry).toMatchObject({ object: 'ledger_entry', delta: 250, balance_after: before + 250 });
    const ledger = await fw.customers.ledger('u_ann', { account: 'points', limit: 1 });
    expect(ledger.data[0]?.id).toBe(entry.id);
  });

  it('moves points once when an adjustment is sent twice with the same idempotency key', async () => {
    const before = (await fw.customers.get('u_ann')).points_balance;
    const params = { customer: 'u_ann', delta: 10, reason: 'survey' };
    const first = await fw.points.adjust(params, { idempotencyKey: 'survey-u_ann' });
    const second = await fw.points.adjust(params, { idempotencyKey: 'survey-u_ann' });
    expect(second).toEqual(first);
    expect((await fw.customers.get('u_ann')).points_balance).toBe(before + 10);
  });

  it('refuses to take a balance below zero', async () => {
    const error = await caught(fw.points.adjust({ customer: 'u_ann', delta: -1_000_000, reason: 'oops' }));
    expect(error).toMatchObject({ type: 'conflict', code: 'insufficient_points', param: 'delta' });
  });
});

describe('coupons', () => {
  it('adds codes to a pool, counting the ones it already had as duplicates', async () => {
    const first = await fw.coupons.add({ pool: 'friend', codes: ['WELCOME-A1', 'WELCOME-B2'] });
    expect(first).toMatchObject({
      object: 'coupon_pool',
      pool: 'friend',
      added: 2,
      duplicates: 0,
      available: 2,
    });
    const second = await fw.coupons.add({ pool: 'friend', codes: ['WELCOME-B2', 'WELCOME-C3'] });
    expect(second).toMatchObject({ added: 1, duplicates: 1, available: 3 });
  });

  it('lists the pools with their counts', async () => {
    const { data } = await fw.coupons.listPools();
    expect(data).toContainEqual(
      expect.objectContaining({ object: 'coupon_pool', pool: 'friend', available: 3 }),
    );
  });

  it('refuses a pool that serves no reward slot', async () => {
    const error = await caught(fw.coupons.add({ pool: 'vip', codes: ['X'] }));
    expect(error).toMatchObject({ type: 'invalid_request', param: 'pool' });
  });
});
