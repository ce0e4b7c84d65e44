import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('idempotency keys on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant();
  });
  afterAll(() => h.close());

  const post = (key: string, body: unknown, merchant = shop) =>
    h.request('POST', '/v1/customers', {
      key: merchant.secret_key,
      body,
      headers: { 'Idempotency-Key': key },
    });

  it('replays the first answer for the same key and body, marked Idempotent-Replayed', async () => {
    const first = await post('key-1', { external_id: 'idem_1', name: 'Ida' });
    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const replay = await post('key-1', { external_id: 'idem_1', name: 'Ida' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it('refuses the same key with a different body as an idempotency_error', async () => {
    await post('key-2', { external_id: 'idem_2' });
    const res = await post('key-2', { external_id: 'idem_2_other' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'idempotency_error', param: 'Idempotency-Key' });
    const missing = await h.request('GET', '/v1/customers/idem_2_other', { key: shop.secret_key });
    expect(missing.status).toBe(404);
  });

  it('answers 409 idempotency_key_in_use while the first request still runs', async () => {
    const body = { external_id: 'idem_3' };
    // Another process has claimed the key and is still working on it.
    const { sha256Hex } = await import('../../api/src/crypto.ts');
    await h.database.db
      .insertInto('idempotency_keys')
      .values({
        merchant_id: shop.id,
        key: 'key-3',
        request_hash: await sha256Hex(`POST /v1/customers\n${JSON.stringify(body)}`),
        status: 'running',
        response_status: null,
        response_body: null,
        created_at: h.clock.now().toISOString(),
      })
      .execute();
    const res = await post('key-3', body);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ type: 'conflict', code: 'idempotency_key_in_use' });
    const customers = await h.database.db
      .selectFrom('customers')
      .select('id')
      .where('external_id', '=', 'idem_3')
      .execute();
    expect(customers).toHaveLength(0);
  });

  it('lets a retry take over a key whose first request died without answering', async () => {
    const body = { external_id: 'idem_lease' };
    const { sha256Hex } = await import('../../api/src/crypto.ts');
    // A process claimed the key 31 s ago and never answered (it crashed): its lease has passed.
    await h.database.db
      .insertInto('idempotency_keys')
      .values({
        merchant_id: shop.id,
        key: 'key-lease',
        request_hash: await sha256Hex(`POST /v1/customers\n${JSON.stringify(body)}`),
        status: 'running',
        response_status: null,
        response_body: null,
        created_at: new Date(h.clock.now().getTime() - 31_000).toISOString(),
      })
      .execute();
    const res = await post('key-lease', body);
    expect(res.status).toBe(201);
    const replay = await post('key-lease', body);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body).toEqual(res.body);
  });

  it('runs concurrent requests with one key exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => post('key-3b', { external_id: 'idem_3b' })),
    );
    const fresh = results.filter((r) => r.status === 201 && r.headers.get('Idempotent-Replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const r of results) {
      if (r === fresh[0]) continue;
      if (r.status === 409) expect(r.body.error.code).toBe('idempotency_key_in_use');
      else expect(r.headers.get('Idempotent-Replayed')).toBe('true');
    }
    const customers = await h.database.db
      .selectFrom('customers')
      .select('id')
      .where('external_id', '=', 'idem_3b')
      .execute();
    expect(customers).toHaveLength(1);
  });

  it('lets a request that failed be retried with the same key', async () => {
    const bad = await post('key-4', { external_id: '' });
    expect(bad.status).toBe(400);
    const good = await post('key-4', { external_id: '' });
    expect(good.status).toBe(400);
    expect(good.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('keeps keys per merchant', async () => {
    const other = await h.createMerchant('Other');
    await post('shared-key', { external_id: 'idem_5' });
    const res = await post('shared-key', { external_id: 'idem_5_other' }, other);
    expect(res.status).toBe(201);
  });

  it('forgets a key after 24 hours', async () => {
    await post('key-6', { external_id: 'idem_6' });
    h.clock.advance(25 * 3600 * 1000);
    const res = await post('key-6', { external_id: 'idem_6_later' });
    expect(res.status).toBe(201);
    expect(res.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('refuses a key longer than 255 characters', async () => {
    const res = await post('k'.repeat(256), { external_id: 'idem_7' });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('Idempotency-Key');
  });
});
