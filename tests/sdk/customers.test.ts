import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flywheel, FlywheelError } from '../../sdk/src/server.ts';
import { type LiveApi, recordingFetch, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
});
afterAll(() => api.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as FlywheelError,
  );

describe('customers', () => {
  it('creates a customer on first upsert and updates the same one on the next', async () => {
    const created = await fw.customers.upsert({
      external_id: 'u_ann',
      email: 'ann@example.com',
      name: 'Ann',
    });
    expect(created).toMatchObject({ object: 'customer', external_id: 'u_ann', email: 'ann@example.com' });
    expect(created.referral_url).toContain(created.referral_code);

    const updated = await fw.customers.upsert({ external_id: 'u_ann', name: 'Ann Lee' });
    expect(updated.id).toBe(created.id);
    expect(updated.name).toBe('Ann Lee');
    expect(updated.referral_code).toBe(created.referral_code);
  });

  it('gets a customer by external_id, escaping characters that are not path-safe', async () => {
    await fw.customers.upsert({ external_id: 'shop/u 7?x=1' });
    const customer = await fw.customers.get('shop/u 7?x=1');
    expect(customer.external_id).toBe('shop/u 7?x=1');
  });

  it('throws a not_found FlywheelError with the request id for an unknown customer', async () => {
    const error = await caught(fw.customers.get('u_nobody'));
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error).toMatchObject({
      type: 'not_found',
      code: 'resource_missing',
      status: 404,
      param: 'external_id',
    });
    expect(error.requestId).toMatch(/^req_/);
  });

  it('names the offending field of a rejected upsert', async () => {
    const error = await caught(fw.customers.upsert({ external_id: 'u_bad', email: 'not-an-email' }));
    expect(error).toMatchObject({ type: 'invalid_request', status: 400, param: 'email' });
  });

  it('reads the signup points from the customer ledger', async () => {
    await fw.customers.upsert({ external_id: 'u_ledger' });
    const page = await fw.customers.ledger('u_ledger');
    expect(page.has_more).toBe(false);
    expect(page.data).toEqual([
      expect.objectContaining({ object: 'ledger_entry', account: 'points', delta: 100, reason: 'signup' }),
    ]);
  });

  it('lists customers by segment', async () => {
    const page = await fw.customers.list({ segment: 'high_value' });
    expect(page).toEqual({ object: 'list', data: [], has_more: false });
    const fresh = await fw.customers.list({ segment: 'new', limit: 100 });
    expect(fresh.data.map((c) => c.external_id)).toContain('u_ann');
  });
});

describe('lists', () => {
  // A merchant of its own, so the five customers are the whole list.
  let other: LiveApi;
  let ids: string[];
  const client = (fetcher: typeof fetch = fetch) => other.client({ fetch: fetcher });
  beforeAll(async () => {
    other = await startLiveApi();
    ids = [];
    for (let i = 0; i < 5; i++) ids.push((await client().customers.upsert({ external_id: `p_${i}` })).id);
    ids.reverse(); // the API lists newest first
  });
  afterAll(() => other.close());

  it('awaits to the first page only', async () => {
    const recorder = recordingFetch();
    const page = await client(recorder.fetch).customers.list({ limit: 2 });
    expect(page.data.map((c) => c.id)).toEqual(ids.slice(0, 2));
    expect(page.has_more).toBe(true);
    expect(recorder.requests).toHaveLength(1);
  });

  it('iterates every item across pages, asking for each next page after the last id', async () => {
    const recorder = recordingFetch();
    const seen: string[] = [];
    for await (const customer of client(recorder.fetch).customers.list({ limit: 2 })) seen.push(customer.id);
    expect(seen).toEqual(ids);
    expect(recorder.requests.map((r) => r.url.searchParams.get('starting_after'))).toEqual([
      null,
      ids[1],
      ids[3],
    ]);
    expect(recorder.requests.every((r) => r.url.searchParams.get('limit') === '2')).toBe(true);
  });

  it('stops fetching pages when the loop breaks', async () => {
    const recorder = recordingFetch();
    for await (const customer of client(recorder.fetch).customers.list({ limit: 2 })) {
      if (customer.id === ids[0]) break;
    }
    expect(recorder.requests).toHaveLength(1);
  });

  it('starts after the given cursor', async () => {
    const page = await client().customers.list({ starting_after: ids[2]!, limit: 10 }).page();
    expect(page.data.map((c) => c.id)).toEqual(ids.slice(3));
  });

  it('sends nothing until the list is awaited or iterated', async () => {
    const recorder = recordingFetch();
    client(recorder.fetch).customers.list();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('program', () => {
  it('reads the program, every section filled in', async () => {
    const program = await fw.program.get();
    expect(program.object).toBe('program');
    expect(program.referral.attribution_window_days).toEqual(expect.any(Number));
    expect(program.loyalty.tiers.length).toBeGreaterThan(0);
  });

  it('deep-merges an update and keeps the untouched settings', async () => {
    const before = await fw.program.get();
    const updated = await fw.program.update({
      referral: { hold_days: 7 },
      theme: { brand_color: '#0f766e' },
    });
    expect(updated.referral).toEqual({ ...before.referral, hold_days: 7 });
    expect(updated.theme).toEqual({ ...before.theme, brand_color: '#0f766e' });
    expect(await fw.program.get()).toEqual(updated);
  });

  it('refuses an invalid update and names the setting', async () => {
    const error = await caught(fw.program.update({ referral: { hold_days: -1 } }));
    expect(error).toMatchObject({ type: 'invalid_request', status: 400 });
    expect(error.param).toContain('hold_days');
  });
});

describe('keys', () => {
  it('throws an authentication FlywheelError for a revoked or wrong secret key', async () => {
    const stranger = new Flywheel({ secretKey: 'sk_not_a_real_key', baseUrl: api.url });
    const error = await caught(stranger.program.get());
    expect(error).toMatchObject({ type: 'authentication', code: 'invalid_api_key', status: 401 });
  });

  it('refuses to be constructed with a publishable key', () => {
    expect(() => new Flywheel({ secretKey: api.publishableKey, baseUrl: api.url })).toThrow(/secret key/);
  });

  it('refuses to be constructed without an http(s) baseUrl', () => {
    expect(() => new Flywheel({ secretKey: api.secretKey, baseUrl: 'localhost:8787' })).toThrow(/baseUrl/);
  });

  it('sends the secret key as a bearer token and JSON with an idempotency key on POST', async () => {
    const recorder = recordingFetch();
    await api.client({ fetch: recorder.fetch }).customers.upsert({ external_id: 'u_headers' });
    const [request] = recorder.requests;
    expect(request?.headers.get('Authorization')).toBe(`Bearer ${api.secretKey}`);
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(request?.body ?? '')).toEqual({ external_id: 'u_headers' });
  });

  it('sends no idempotency key on GET', async () => {
    const recorder = recordingFetch();
    await api.client({ fetch: recorder.fetch }).program.get();
    expect(recorder.requests[0]?.headers.has('Idempotency-Key')).toBe(false);
  });
});
