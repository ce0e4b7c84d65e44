// A merchant moving from their previous platform posts their customers and past orders as NDJSON or
// CSV: every line is judged on its own, the report says which went in and why the others did not, a
// second post of the same file changes nothing, and history credits no rewards unless asked — on
// every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from '../../api/src/domain/import-lines.ts';
import { countRows, createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const ndjson = (...lines: unknown[]) =>
  lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');

describe('reading CSV', () => {
  it('keeps quoted commas, doubled quotes and line breaks inside a field, and numbers rows by their first line', () => {
    const rows = csvRows('a,b\r\n"Doe, Jane","say ""hi"""\n"two\nlines",x\n\nlast,row');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['Doe, Jane', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'x'] },
      { line: 6, cells: ['last', 'row'] },
    ]);
  });
});

describe.each(DIALECTS)('bulk import on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;
  const post = (body: string, type = 'application/x-ndjson', query = '') =>
    h.request('POST', `/v1/imports${query}`, {
      key: shop.secret_key,
      rawBody: body,
      headers: { 'Content-Type': type },
    });
  const order = (externalId: string) =>
    h.request('GET', `/v1/orders/${externalId}`, { key: shop.secret_key });

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Import Shop', ['https://shop.example']);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  it("brings in the old platform's customers and orders, reporting each refused line by number and reason", async () => {
    const [ann, bo] = [uid('ann'), uid('bo')];
    const [o1, o2, o3] = [uid('o'), uid('o'), uid('o')];
    const file = ndjson(
      {
        type: 'customer',
        external_id: ann,
        email: `${ann}@example.com`,
        name: 'Ann',
        created_at: '2024-05-01T10:00:00Z',
      },
      {
        type: 'order',
        external_id: o1,
        customer: { external_id: ann },
        amount: 4999,
        currency: 'usd',
        created_at: '2024-06-01T10:00:00Z',
      },
      '{"type": "order", "external_id": ',
      {
        type: 'order',
        external_id: o2,
        customer: { external_id: ann },
        amount: 1500,
        currency: 'USD',
        created_at: '2025-01-10T09:00:00Z',
      },
      '',
      {
        type: 'order',
        external_id: uid('o'),
        customer: { external_id: bo },
        amount: -5,
        currency: 'USD',
        created_at: '2025-01-10T09:00:00Z',
      },
      {
        type: 'order',
        external_id: o3,
        customer: { external_id: bo, email: `${bo}@example.com` },
        amount: 2000,
        currency: 'EUR',
        created_at: '2025-02-02T09:00:00Z',
      },
      { type: 'customer', external_id: uid('cy'), created_at: '2027-01-01T00:00:00Z' },
      { type: 'refund', external_id: 'r1' },
    );
    const res = await post(file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'import',
      format: 'ndjson',
      rewards: false,
      lines: 8,
      accepted: 4,
      rejected_count: 4,
      customers: { created: 1, updated: 0, unchanged: 0 },
      orders: { created: 3, existing: 0 },
    });
    expect(res.body.rejected).toEqual([
      { line: 3, error: expect.objectContaining({ type: 'invalid_request', code: 'line_unreadable' }) },
      { line: 6, error: expect.objectContaining({ code: 'parameter_invalid', param: 'amount' }) },
      {
        line: 8,
        error: expect.objectContaining({ param: 'created_at', message: '`created_at` is in the future.' }),
      },
      { line: 9, error: expect.objectContaining({ param: 'type' }) },
    ]);

    // The history shows on the customers, and in the orders the API (and the stats) read.
    const annNow = await story.getCustomer(ann);
    expect(annNow).toMatchObject({
      orders_count: 2,
      total_spent: 6499,
      points_balance: 0,
      email: `${ann}@example.com`,
    });
    expect(annNow.created_at).toBe('2024-05-01T10:00:00.000Z');
    const boNow = await story.getCustomer(bo);
    expect(boNow).toMatchObject({ orders_count: 1, total_spent: 2000 });
    // Bo is a customer since their first order, not since the import.
    expect(boNow.created_at).toBe('2025-02-02T09:00:00.000Z');
    expect((await order(o1)).body).toMatchObject({
      amount: 4999,
      currency: 'USD',
      created_at: '2024-06-01T10:00:00.000Z',
      attribution: null,
      rewards: [],
    });
  });

  it('changes nothing when the same file is posted again', async () => {
    const id = uid('dee');
    const file = ndjson(
      { type: 'customer', external_id: id, name: 'Dee', birthday: '04-12' },
      {
        type: 'order',
        external_id: uid('o'),
        customer: { external_id: id },
        amount: 990,
        currency: 'USD',
        created_at: '2025-03-03T03:03:03Z',
      },
      {
        type: 'order',
        external_id: uid('o'),
        customer: { external_id: id },
        amount: 10,
        currency: 'USD',
        created_at: '2025-04-04T04:04:04Z',
      },
    );
    expect((await post(file)).body).toMatchObject({ customers: { created: 1 }, orders: { created: 2 } });
    const before = await countRows(h.database);
    const customer = await story.getCustomer(id);
    const again = await post(file);
    expect(again.body).toMatchObject({
      accepted: 3,
      customers: { created: 0, updated: 0, unchanged: 1 },
      orders: { created: 0, existing: 2 },
    });
    expect(await countRows(h.database)).toEqual(before);
    expect(await story.getCustomer(id)).toEqual(customer);
  });

  it('writes each order once when the same file arrives twice at the same moment', async () => {
    const id = uid('gus');
    const orders = [uid('o'), uid('o'), uid('o')];
    const file = ndjson(
      ...orders.map((externalId, i) => ({
        type: 'order',
        external_id: externalId,
        customer: { external_id: id },
        amount: 1000 * (i + 1),
        currency: 'USD',
        created_at: `2025-0${i + 1}-01T00:00:00Z`,
      })),
    );
    const [a, b] = await Promise.all([post(file), post(file)]);
    expect(a.body.orders.created + b.body.orders.created).toBe(3);
    expect(a.body.orders.existing + b.body.orders.existing).toBe(3);
    expect(await story.getCustomer(id)).toMatchObject({
      orders_count: 3,
      total_spent: 6000,
      created_at: '2025-01-01T00:00:00.000Z',
    });
  });

  it('reads a CSV export: a header row, quoted commas, orders without a type column', async () => {
    const [eve, o1, o2] = [uid('eve'), uid('o'), uid('o')];
    const csv = [
      'external_id,customer_external_id,email,name,amount,currency,created_at,coupon_codes',
      `${o1},${eve},${eve}@example.com,"Doe, Eve",2500,GBP,2025-05-05T12:00:00Z,SPRING10; VIP`,
      `${uid('o')},${eve},,,12.50,GBP,2025-05-06T12:00:00Z,`,
      `${o2},${eve},,,1200,GBP,2025-06-06T12:00:00Z,`,
    ].join('\r\n');
    const res = await post(csv, 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', lines: 3, accepted: 2, orders: { created: 2 } });
    expect(res.body.rejected).toEqual([{ line: 3, error: expect.objectContaining({ param: 'amount' }) }]);
    expect(await story.getCustomer(eve)).toMatchObject({
      name: 'Doe, Eve',
      orders_count: 2,
      total_spent: 3700,
    });
    expect((await order(o1)).body.coupon_codes).toEqual(['SPRING10', 'VIP']);
  });

  it('credits no rewards for history unless asked, and with ?rewards=true runs each order through the live path', async () => {
    const referrer = await story.customer(uid('ref'), { name: 'Ann' });
    const balance = async () => (await story.getCustomer(referrer.external_id)).points_balance;
    const plain = uid('o');
    const line = (externalId: string) => ({
      type: 'order',
      external_id: externalId,
      customer: { external_id: uid('friend') },
      amount: 5000,
      currency: 'USD',
      created_at: '2026-02-27T12:00:00Z',
      referral_code: referrer.referral_code,
    });
    const pointsBefore = await balance();
    await post(ndjson(line(plain)));
    expect((await order(plain)).body).toMatchObject({ attribution: null, rewards: [] });
    expect(await balance()).toBe(pointsBefore);

    const rewarded = uid('o');
    const res = await post(ndjson(line(rewarded)), 'application/x-ndjson', '?rewards=true');
    expect(res.body).toMatchObject({ rewards: true, orders: { created: 1 } });
    const credited = await order(rewarded);
    expect(credited.body.attribution).toMatchObject({ referrer: referrer.id, method: 'code' });
    expect(credited.body.rewards.length).toBeGreaterThan(0);
  });

  it('rejects the line that carries text the database cannot hold, and lets the others in', async () => {
    const id = uid('fay');
    const res = await post(
      ndjson(
        { type: 'customer', external_id: id, name: 'Fay' },
        '{"type":"customer","external_id":"nul","name":"a\\u0000b"}',
        '{"type":"customer","external_id":"sur","name":"x\\ud800"}',
      ),
    );
    expect(res.body).toMatchObject({ accepted: 1, rejected_count: 2 });
    expect(res.body.rejected.map((r: { error: { param?: string } }) => r.error.param)).toEqual([
      'name',
      'name',
    ]);
  });

  it('refuses a body it cannot read as a whole, and then changes nothing', async () => {
    const before = await countRows(h.database);
    const json = await post('{"type":"customer","external_id":"x"}', 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({ type: 'invalid_request', code: 'unsupported_media_type' });
    expect((await post('  \n')).status).toBe(400);
    const column = await post('external_id,favourite_colour\nx,blue', 'text/csv');
    expect(column.status).toBe(400);
    expect(column.body.error).toMatchObject({ code: 'parameter_unknown', param: 'favourite_colour' });
    const query = await post(
      ndjson({ type: 'customer', external_id: 'x' }),
      'application/x-ndjson',
      '?rewards=yes',
    );
    expect(query.status).toBe(400);
    expect(query.body.error.param).toBe('rewards');
    expect(
      (await h.request('POST', '/v1/imports', { rawBody: 'x', headers: { 'Content-Type': 'text/csv' } }))
        .status,
    ).toBe(401);
    // Over the documented 1 MB: refused whole, not cut into what fits.
    const line = JSON.stringify({ type: 'customer', external_id: 'big', name: 'x'.repeat(180) });
    const tooBig = await post(Array.from({ length: 6000 }, () => line).join('\n'));
    expect(tooBig.status).toBe(413);
    expect(await countRows(h.database)).toEqual(before);
  });
});
