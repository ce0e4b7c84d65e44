import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import {
  ADMIN_TOKEN,
  createHarness,
  type Harness,
  snapshot,
  type TestMerchant,
} from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('HTTP core on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Core Shop', ['https://shop.example']);
  });
  afterAll(() => h.close());

  it('answers /healthz with ok', async () => {
    const res = await h.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('puts a request id on every response, errors included', async () => {
    const ok = await h.request('GET', '/healthz');
    const missing = await h.request('GET', '/no/such/route');
    expect(ok.headers.get('X-Request-Id')).toMatch(/^req_/);
    expect(missing.headers.get('X-Request-Id')).toMatch(/^req_/);
    expect(ok.headers.get('X-Request-Id')).not.toBe(missing.headers.get('X-Request-Id'));
  });

  it('answers an unknown route with a 404 error object', async () => {
    const res = await h.request('GET', '/v1/nothing-here', { key: shop.secret_key });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found', code: 'resource_missing' });
  });

  it('answers malformed JSON with a 400, never a 500, and writes nothing', async () => {
    const before = await snapshot(h.database);
    const res = await h.request('POST', '/v1/customers', {
      key: shop.secret_key,
      rawBody: '{"external_id": "x",',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request', code: 'invalid_json' });
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('refuses a body over 1 MB with a 413 error object', async () => {
    const res = await h.request('POST', '/v1/customers', {
      key: shop.secret_key,
      rawBody: JSON.stringify({ external_id: 'big', name: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request', code: 'payload_too_large' });
  });

  it('answers a thrown error with a 500 that leaks no stack', async () => {
    const app = createApp({ db: h.database.db, clock: h.clock, config: h.config });
    app.get('/__explode', () => {
      throw new Error('secret internals at /srv/app.ts:42');
    });
    const raw = await app.request('/__explode');
    const res = { status: raw.status, body: await raw.json() };
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ type: 'internal', code: 'internal_error' });
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(JSON.stringify(res.body)).not.toContain('.ts');
  });

  describe('keys', () => {
    it('asks for a key when none is sent', async () => {
      const res = await h.request('GET', '/v1/program');
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ type: 'authentication', code: 'missing_api_key' });
    });

    it('refuses an unknown secret key', async () => {
      const res = await h.request('GET', '/v1/program', { key: 'sk_not_a_real_key' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_api_key');
    });

    it('refuses a publishable key on a server route', async () => {
      const res = await h.request('GET', '/v1/customers', { key: shop.publishable_key });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('publishable_key_not_allowed');
    });
  });

  describe('operator routes', () => {
    it('refuses a wrong operator token', async () => {
      const res = await h.request('POST', '/admin/v1/merchants', { key: 'nope', body: { name: 'X' } });
      expect(res.status).toBe(401);
      expect(res.body.error.type).toBe('authentication');
    });

    it('are hidden (404) when FLYWHEEL_ADMIN_TOKEN is not set', async () => {
      h.config.adminToken = undefined;
      try {
        const res = await h.request('POST', '/admin/v1/merchants', { key: ADMIN_TOKEN, body: { name: 'X' } });
        expect(res.status).toBe(404);
      } finally {
        h.config.adminToken = ADMIN_TOKEN;
      }
    });

    it('creates a merchant whose keys work at once, showing the secret key only then', async () => {
      const res = await h.request('POST', '/admin/v1/merchants', {
        key: ADMIN_TOKEN,
        body: { name: 'Fresh Shop', allowed_origins: ['https://fresh.example'] },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        object: 'merchant',
        name: 'Fresh Shop',
        allowed_origins: ['https://fresh.example'],
      });
      expect(res.body.id).toMatch(/^mer_/);
      expect(res.body.publishable_key).toMatch(/^pk_/);
      expect(res.body.secret_key).toMatch(/^sk_/);
      const stored = await h.database.db.selectFrom('api_keys').select('token').execute();
      expect(stored.map((r) => r.token)).not.toContain(res.body.secret_key);
      const program = await h.request('GET', '/v1/program', { key: res.body.secret_key });
      expect(program.status).toBe(200);
    });

    it('names the invalid field when a merchant cannot be created, and writes nothing', async () => {
      const before = await snapshot(h.database);
      const res = await h.request('POST', '/admin/v1/merchants', {
        key: ADMIN_TOKEN,
        body: { name: 'Bad', allowed_origins: ['not a url'] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request', param: 'allowed_origins.0' });
      expect(await snapshot(h.database)).toEqual(before);
    });
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const upsert = res.body.paths['/v1/customers'].post;
    expect(upsert.requestBody.content['application/json'].schema.required).toEqual(['external_id']);
    expect(Object.keys(res.body.paths['/v1/program'])).toEqual(['get', 'put']);
    expect(res.body.paths['/v1/customers/{external_id}/ledger'].get.parameters[0]).toMatchObject({
      name: 'external_id',
      in: 'path',
    });
  });
});
