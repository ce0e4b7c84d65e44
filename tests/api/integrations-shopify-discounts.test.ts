// Referral coupons created in a Shopify store: the GraphQL request a real (local) server receives.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyDiscount, ShopifyDiscountError } from '../../api/src/integrations/shopify-discounts.ts';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL JSON.
  body: any;
}

describe('createShopifyDiscount', () => {
  const seen: Seen[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  let origin = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw),
      });
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const created = (id: string) => ({
    status: 200,
    body: { data: { discountCodeBasicCreate: { codeDiscountNode: { id }, userErrors: [] } } },
  });

  it('creates a single-use code for a fixed amount off the whole order', async () => {
    answer = created('gid://shopify/DiscountCodeNode/1057371');
    const result = await createShopifyDiscount(fetch, {
      shopDomain: origin,
      adminToken: 'shpat_test_token',
      code: 'FLY-7K2Q9A',
      reward: { type: 'amount_off', amount: 1000, currency: 'USD' },
      startsAt: new Date('2026-03-01T12:00:00.000Z'),
    });
    expect(result).toEqual({ id: 'gid://shopify/DiscountCodeNode/1057371', code: 'FLY-7K2Q9A' });

    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/admin/api/2025-10/graphql.json');
    expect(request.headers['x-shopify-access-token']).toBe('shpat_test_token');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body.query).toContain('discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount)');
    expect(request.body.query).toContain('userErrors');
    expect(request.body.variables.basicCodeDiscount).toEqual({
      title: 'Flywheel referral FLY-7K2Q9A',
      code: 'FLY-7K2Q9A',
      startsAt: '2026-03-01T12:00:00.000Z',
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { all: 'ALL' },
      customerGets: {
        value: { discountAmount: { amount: '10.00', appliesOnEachItem: false } },
        items: { all: true },
      },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
  });

  it('creates a single-use free-shipping code to every country with the free-shipping mutation', async () => {
    answer = {
      status: 200,
      body: {
        data: {
          discountCodeFreeShippingCreate: {
            codeDiscountNode: { id: 'gid://shopify/DiscountCodeNode/77' },
            userErrors: [],
          },
        },
      },
    };
    const result = await createShopifyDiscount(fetch, {
      shopDomain: origin,
      adminToken: 't',
      code: 'FLY-SHIP01',
      reward: { type: 'free_shipping' },
      startsAt: new Date('2026-03-01T12:00:00.000Z'),
    });
    expect(result).toEqual({ id: 'gid://shopify/DiscountCodeNode/77', code: 'FLY-SHIP01' });
    const request = seen.at(-1)!;
    expect(request.body.query).toContain(
      'discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount)',
    );
    expect(request.body.variables).toEqual({
      freeShippingCodeDiscount: {
        title: 'Flywheel referral FLY-SHIP01',
        code: 'FLY-SHIP01',
        startsAt: '2026-03-01T12:00:00.000Z',
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: { all: 'ALL' },
        destination: { all: true },
        combinesWith: { orderDiscounts: true, productDiscounts: false },
      },
    });

    answer = {
      status: 200,
      body: {
        data: {
          discountCodeFreeShippingCreate: {
            codeDiscountNode: null,
            userErrors: [{ field: ['code'], code: 'TAKEN', message: 'Code must be unique' }],
          },
        },
      },
    };
    await expect(
      createShopifyDiscount(fetch, {
        shopDomain: origin,
        adminToken: 't',
        code: 'FLY-SHIP01',
        reward: { type: 'free_shipping' },
      }),
    ).rejects.toThrow(/Code must be unique/);
  });

  it('sends a percentage as a fraction, and amounts in zero-decimal currencies whole', async () => {
    answer = created('gid://shopify/DiscountCodeNode/2');
    await createShopifyDiscount(fetch, {
      shopDomain: origin,
      adminToken: 't',
      code: 'FLY-PCT10',
      reward: { type: 'percent_off', percent: 15 },
      apiVersion: '2026-01',
    });
    expect(seen.at(-1)!.path).toBe('/admin/api/2026-01/graphql.json');
    expect(seen.at(-1)!.body.variables.basicCodeDiscount.customerGets.value).toEqual({ percentage: 0.15 });

    await createShopifyDiscount(fetch, {
      shopDomain: origin,
      adminToken: 't',
      code: 'FLY-YEN',
      reward: { type: 'amount_off', amount: 500, currency: 'JPY' },
    });
    expect(seen.at(-1)!.body.variables.basicCodeDiscount.customerGets.value.discountAmount.amount).toBe(
      '500',
    );
  });

  it('calls https://<shop>/admin/api/… for a plain shop domain', async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (url) => {
      urls.push(String(url));
      return Response.json(created('gid://shopify/DiscountCodeNode/3').body);
    };
    await createShopifyDiscount(recording, {
      shopDomain: 'flywheel-test.myshopify.com',
      adminToken: 't',
      code: 'FLY-X',
      reward: { type: 'percent_off', percent: 10 },
    });
    expect(urls).toEqual(['https://flywheel-test.myshopify.com/admin/api/2025-10/graphql.json']);
  });

  it("reports Shopify's userErrors, HTTP errors, and rewards that are not discounts", async () => {
    answer = {
      status: 200,
      body: {
        data: {
          discountCodeBasicCreate: {
            codeDiscountNode: null,
            userErrors: [
              { field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique.' },
            ],
          },
        },
      },
    };
    const input = {
      shopDomain: origin,
      adminToken: 't',
      code: 'FLY-DUP',
      reward: { type: 'amount_off' as const, amount: 500, currency: 'USD' },
    };
    await expect(createShopifyDiscount(fetch, input)).rejects.toThrow(/Code must be unique/);
    answer = { status: 401, body: { errors: '[API] Invalid API key or access token' } };
    await expect(createShopifyDiscount(fetch, input)).rejects.toMatchObject({ status: 401 });
    const before = seen.length;
    await expect(
      createShopifyDiscount(fetch, { ...input, reward: { type: 'points', points: 100 } }),
    ).rejects.toBeInstanceOf(ShopifyDiscountError);
    expect(seen.length).toBe(before);
  });
});
