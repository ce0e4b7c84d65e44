// Story helpers for referral tests: a shop, its shoppers, their clicks and orders — all through HTTP.
import { createHmac } from 'node:crypto';
import type { Harness, TestMerchant, TestResponse } from './api-harness.ts';

export const ORIGIN = 'https://shop.example';

export function storyOf(h: Harness, shop: TestMerchant) {
  const sk = shop.secret_key;
  const api = {
    setProgram: async (patch: unknown) => {
      const res = await h.request('PUT', '/v1/program', { key: sk, body: patch });
      if (res.status !== 200) throw new Error(`program update failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    customer: async (externalId: string, fields: Record<string, unknown> = {}) => {
      const res = await h.request('POST', '/v1/customers', {
        key: sk,
        body: { external_id: externalId, ...fields },
      });
      if (res.status >= 300) throw new Error(`customer failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    getCustomer: async (externalId: string) =>
      (await h.request('GET', `/v1/customers/${externalId}`, { key: sk })).body,
    /** A visitor lands on the shop through `?ref=code` (optionally from a share channel). */
    click: async (
      code: string,
      options: { visitorId?: string; channel?: string; ip?: string; ua?: string } = {},
    ) => {
      const res = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
        body: {
          ref: code,
          url: `${ORIGIN}/?ref=${code}${options.channel ? `&fw_ch=${options.channel}` : ''}`,
          ...(options.visitorId ? { visitor_id: options.visitorId } : {}),
        },
        headers: {
          Origin: ORIGIN,
          'X-Forwarded-For': options.ip ?? '203.0.113.7',
          'User-Agent': options.ua ?? 'FriendBrowser/1.0',
        },
      });
      if (res.status !== 200) throw new Error(`bootstrap failed: ${JSON.stringify(res.body)}`);
      return res.body as { visitor_id: string; friend_offer: unknown };
    },
    /** The signed-in shopper's page view (identity signed with the secret key, as the merchant's server does). */
    identify: async (
      externalId: string,
      extra: { email?: string; name?: string; visitorId?: string; ip?: string; ua?: string } = {},
    ) => {
      // As the merchant's server signs it: the email and name too when it states them.
      const message =
        extra.email || extra.name ? [externalId, extra.email ?? '', extra.name ?? ''].join('\0') : externalId;
      const signature = createHmac('sha256', sk).update(message).digest('hex');
      return h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
        body: {
          identity: {
            external_id: externalId,
            signature,
            ...(extra.email ? { email: extra.email } : {}),
            ...(extra.name ? { name: extra.name } : {}),
          },
          ...(extra.visitorId ? { visitor_id: extra.visitorId } : {}),
        },
        headers: {
          Origin: ORIGIN,
          'X-Forwarded-For': extra.ip ?? '198.51.100.1',
          'User-Agent': extra.ua ?? 'ReferrerBrowser/1.0',
        },
      });
    },
    order: (body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TestResponse> =>
      h.request('POST', '/v1/orders', {
        key: sk,
        body: { amount: 5000, currency: 'USD', ...body },
        headers,
      }),
    refund: (externalId: string, body: Record<string, unknown> = {}) =>
      h.request('POST', `/v1/orders/${externalId}/refunds`, { key: sk, body }),
    rewards: async (customer: string, status?: string) =>
      (
        await h.request(
          'GET',
          `/v1/rewards?customer=${customer}${status ? `&status=${status}` : ''}&limit=100`,
          { key: sk },
        )
      ).body.data as Record<string, unknown>[],
    ledger: async (customer: string) =>
      (await h.request('GET', `/v1/customers/${customer}/ledger?limit=100`, { key: sk })).body.data as {
        delta: number;
        reason: string;
        balance_after: number;
        account: string;
      }[],
    claim: (visitorId: string, email: string) =>
      h.request('POST', `/v1/client/offers/claim?key=${shop.publishable_key}`, {
        body: { visitor_id: visitorId, email },
        headers: { Origin: ORIGIN },
      }),
  };
  return api;
}
