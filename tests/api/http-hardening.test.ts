// What every response and every program setting must hold against a browser being turned on the
// shop's own friends: security headers on all answers, and landing pages that are web pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as clearUnsafeLandingUrls } from '../../api/src/db/migrations/2026-11-30T0010-http-landing-urls.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('HTTP hardening on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Hardened Shop', ['https://shop.example']);
  });
  afterAll(() => h.close());

  it('sends nosniff, no-referrer and no-framing on every answer, errors included', async () => {
    const answers = [
      await h.request('GET', '/healthz'),
      await h.request('GET', '/openapi.json'),
      await h.request('GET', '/v1/program', { key: shop.secret_key }),
      await h.request('GET', '/v1/program'),
      await h.request('GET', '/v1/customers/%00', { key: shop.secret_key }),
      await h.request('GET', '/no/such/page'),
      await h.request('POST', '/v1/customers', { key: shop.secret_key, rawBody: '{' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 401, 400, 404, 400]);
    for (const answer of answers) {
      expect(answer.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(answer.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(answer.headers.get('X-Frame-Options')).toBe('DENY');
      // Shops load the widget with a cross-origin <script>: no resource policy may forbid that.
      expect(answer.headers.get('Cross-Origin-Resource-Policy')).toBeNull();
      expect(answer.headers.get('Strict-Transport-Security')).toBeNull();
    }
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)//https://shop.example',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://shop.example/welcome',
  ])('refuses %s as a landing page, and keeps the program as it was', async (url) => {
    const before = (await h.request('GET', '/v1/program', { key: shop.secret_key })).body;
    const res = await h.request('PUT', '/v1/program', { key: shop.secret_key, body: { landing_url: url } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request', param: 'landing_url' });
    expect((await h.request('GET', '/v1/program', { key: shop.secret_key })).body).toEqual(before);
  });

  it('accepts an https landing page and builds share links on it', async () => {
    const res = await h.request('PUT', '/v1/program', {
      key: shop.secret_key,
      body: { landing_url: 'https://shop.example/welcome' },
    });
    expect(res.status).toBe(200);
    expect(res.body.landing_url).toBe('https://shop.example/welcome');
  });

  it('clears a javascript: landing page saved before the rule, so the program still loads', async () => {
    const other = await h.createMerchant('Old Shop', ['https://old.example']);
    const row = await h.database.db
      .selectFrom('programs')
      .select('config')
      .where('merchant_id', '=', other.id)
      .executeTakeFirstOrThrow();
    const config = { ...JSON.parse(row.config), landing_url: 'javascript:alert(1)' };
    await h.database.db
      .updateTable('programs')
      .set({ config: JSON.stringify(config) })
      .where('merchant_id', '=', other.id)
      .execute();
    h.app.deps.cache.invalidateProgram(other.id);
    await clearUnsafeLandingUrls(h.database.db);
    const res = await h.request('GET', '/v1/program', { key: other.secret_key });
    expect(res.status).toBe(200);
    expect(res.body.landing_url).toBeNull();
    expect((await h.request('GET', '/v1/program', { key: shop.secret_key })).body.landing_url).toBe(
      'https://shop.example/welcome',
    );
  });
});
