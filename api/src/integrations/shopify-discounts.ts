// Creates a referral coupon in the merchant's Shopify store (Admin GraphQL `discountCodeBasicCreate`,
// or `discountCodeFreeShippingCreate` for a free-shipping reward): a unique code, usable once, worth
// the reward, for the whole order (free shipping: to every country). Called when the integration has
// an Admin API token with the `write_discounts` scope.
import { minorUnitsPerUnit } from '../domain/money.ts';
import type { RewardValue } from '../schemas/reward.ts';

export const SHOPIFY_API_VERSION = '2025-10';

const MUTATION = `mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

const FREE_SHIPPING_MUTATION = `mutation discountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

export interface ShopifyDiscountInput {
  /** `shop.myshopify.com`; an explicit `http(s)://` origin is used as given (tests, proxies). */
  shopDomain: string;
  adminToken: string;
  code: string;
  reward: RewardValue;
  /** Shown in the Shopify admin; defaults to "Flywheel referral <code>". */
  title?: string;
  startsAt?: Date;
  apiVersion?: string;
}

export class ShopifyDiscountError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'ShopifyDiscountError';
    this.status = status;
  }
}

/** Minor units as Shopify's decimal string: 1000 USD → "10.00", 500 JPY → "500". */
function decimalAmount(minor: number, currency: string): string {
  const factor = minorUnitsPerUnit(currency);
  const digits = Math.round(Math.log10(factor));
  return (minor / factor).toFixed(digits);
}

function customerGetsValue(reward: RewardValue) {
  switch (reward.type) {
    case 'percent_off':
      return { percentage: reward.percent / 100 };
    case 'amount_off':
      return {
        discountAmount: { amount: decimalAmount(reward.amount, reward.currency), appliesOnEachItem: false },
      };
    default:
      throw new ShopifyDiscountError(
        `A ${reward.type} reward is not a discount code; only amount_off, percent_off and free_shipping are.`,
      );
  }
}

export function shopifyGraphqlUrl(shopDomain: string, apiVersion = SHOPIFY_API_VERSION): string {
  const origin = /^https?:\/\//.test(shopDomain) ? shopDomain.replace(/\/$/, '') : `https://${shopDomain}`;
  return `${origin}/admin/api/${apiVersion}/graphql.json`;
}

/** Creates the code in Shopify; resolves to the discount's GraphQL id. Throws ShopifyDiscountError. */
export async function createShopifyDiscount(
  fetchFn: typeof fetch,
  input: ShopifyDiscountInput,
): Promise<{ id: string; code: string }> {
  const common = {
    title: input.title ?? `Flywheel referral ${input.code}`,
    code: input.code,
    startsAt: (input.startsAt ?? new Date()).toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { all: 'ALL' },
  };
  const freeShipping = input.reward.type === 'free_shipping';
  const query = freeShipping ? FREE_SHIPPING_MUTATION : MUTATION;
  const variables = freeShipping
    ? {
        freeShippingCodeDiscount: {
          ...common,
          destination: { all: true },
          // The mirror of the amount-off codes, which combine with shipping discounts.
          combinesWith: { orderDiscounts: true, productDiscounts: false },
        },
      }
    : {
        basicCodeDiscount: {
          ...common,
          customerGets: { value: customerGetsValue(input.reward), items: { all: true } },
          combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
        },
      };
  const response = await fetchFn(shopifyGraphqlUrl(input.shopDomain, input.apiVersion), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Shopify-Access-Token': input.adminToken,
    },
    body: JSON.stringify({ query, variables }),
    // A redirect would carry the admin token to an address nobody checked: it is a failure, not a hop.
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => {});
    throw new ShopifyDiscountError(
      `Shopify answered ${response.status} (a redirect, not followed) creating discount ${input.code}.`,
      response.status,
    );
  }
  if (!response.ok) {
    throw new ShopifyDiscountError(
      `Shopify answered ${response.status} creating discount ${input.code}.`,
      response.status,
    );
  }
  type Created = {
    codeDiscountNode: { id: string } | null;
    userErrors: { field: string[] | null; code: string | null; message: string }[];
  };
  const payload = (await response.json()) as {
    data?: { discountCodeBasicCreate?: Created; discountCodeFreeShippingCreate?: Created };
    errors?: { message: string }[];
  };
  if (payload.errors?.length) {
    throw new ShopifyDiscountError(
      `Shopify refused the request: ${payload.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const result = freeShipping
    ? payload.data?.discountCodeFreeShippingCreate
    : payload.data?.discountCodeBasicCreate;
  if (result?.userErrors.length) {
    throw new ShopifyDiscountError(
      `Shopify refused discount ${input.code}: ${result.userErrors.map((e) => e.message).join('; ')}`,
    );
  }
  if (!result?.codeDiscountNode)
    throw new ShopifyDiscountError(`Shopify created no discount for ${input.code}.`);
  return { id: result.codeDiscountNode.id, code: input.code };
}
