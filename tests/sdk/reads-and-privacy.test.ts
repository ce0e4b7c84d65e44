// The merchant reads orders and referrals back and answers a shopper's data requests, through the SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Flywheel, FlywheelError } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
let ann: Customer;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
  await fw.program.update({ referral: { hold_days: 0 } });
  ann = await fw.customers.upsert({ external_id: 'u_ann', email: 'ann@example.com', name: 'Ann' });
  await fw.orders.create({
    external_id: 'r1',
    customer: { external_id: 'u_bob', email: 'bob@example.org', name: 'Bob' },
    amount: 4000,
    currency: 'USD',
    referral_code: ann.referral_code,
  });
  await fw.orders.create({
    external_id: 'r2',
    customer: { external_id: 'u_bob' },
    amount: 1500,
    currency: 'USD',
  });
});
afterAll(() => api.close());

describe('reading back', () => {
  it('gets an order and lists a customer’s orders across pages', async () => {
    expect(await fw.orders.get('r1')).toMatchObject({ external_id: 'r1', attribution: { referrer: ann.id } });
    const ids: string[] = [];
    for await (const order of fw.orders.list({ customer: 'u_bob', limit: 1 })) ids.push(order.external_id);
    expect(ids).toEqual(['r2', 'r1']);
  });

  it('lists the referrals a referrer made', async () => {
    const { data } = await fw.referrals.list({ referrer: 'u_ann', status: 'converted' });
    expect(data).toEqual([expect.objectContaining({ object: 'referral', referrer: ann.id })]);
  });
});

describe('a shopper’s data requests', () => {
  it('exports everything about the customer, then erases it', async () => {
    const data = await fw.customers.export('u_bob');
    expect(data.customer).toMatchObject({ email: 'bob@example.org', name: 'Bob' });
    expect(data.orders.map((o) => o.external_id).sort()).toEqual(['r1', 'r2']);

    expect(await fw.customers.delete('u_bob')).toMatchObject({ external_id: 'u_bob', deleted: true });
    const error = (await fw.customers.get('u_bob').catch((e: unknown) => e)) as FlywheelError;
    expect(error).toMatchObject({ status: 404, code: 'resource_missing' });
    expect((await fw.orders.get('r1')).amount).toBe(4000);
  });
});
