// The bootstrap answer tells the widget how the visitor's locale writes amounts, so that a shopper's
// phone never has to load the browser's number data on a friend's first visit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN } from '../support/shop-story.ts';

describe.each(DIALECTS)('the number format in the bootstrap answer on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  const bootstrap = (body: unknown) =>
    h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      body,
      headers: { Origin: ORIGIN },
    });

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Number Format Shop', [ORIGIN]);
  });
  afterAll(() => h.close());

  it("writes amounts the way a German visitor reads them, for every currency of the program's rewards", async () => {
    const res = await bootstrap({ locale: 'de' });
    expect(res.status).toBe(200);
    expect(res.body.program.referral.friend_reward).toMatchObject({ type: 'amount_off', currency: 'USD' });
    expect(res.body.number_format).toMatchObject({
      locale: 'de',
      digits: '0123456789',
      decimal: ',',
      group: '.',
      percent: '#\u00a0%',
      currencies: { USD: { pattern: '#\u00a0$', digits: 2 } },
    });
  });

  it('leaves the format out without a locale, or for a tag no Intl understands, and still answers', async () => {
    for (const body of [{}, { locale: '!!' }]) {
      const res = await bootstrap(body);
      expect(res.status).toBe(200);
      expect(res.body.number_format).toBeUndefined();
      expect(res.body.program.referral.enabled).toBe(true);
    }
  });

  it('documents the format in the OpenAPI description of the bootstrap answer', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(JSON.stringify(res.body)).toContain('"number_format"');
  });
});
