// A merchant site on its own origin with the widget's script tag, backed by the real API.
import { signIdentity } from '../../../examples/shop/server.ts';
import { type Flywheel, startFlywheel } from './flywheel.ts';
import { startPageServer, type TestPage } from './page-server.ts';

export interface Scene {
  apiUrl: string;
  pageUrl: string;
  publishableKey: string;
  secretKey: string;
  setPage(path: string, page: TestPage): void;
  /** Signed data-* attributes for a customer, as a merchant's server would render them. */
  identityAttributes(id: string, name: string, email: string): Promise<string>;
  /** A customer with a referral code others can be invited with. */
  referrerCode(id: string, name: string): Promise<string>;
  close(): Promise<void>;
  /** The API server's dependencies (to run a job such as the automations pass now). */
  deps: Flywheel['deps'];
}

export const STRICT_CSP = (api: string) =>
  `default-src 'none'; script-src 'self' ${api}; style-src 'self'; connect-src ${api}; img-src 'self' data:`;

export function merchantPage(options: {
  apiUrl: string;
  publishableKey: string;
  attributes?: string;
  head?: string;
  body?: string;
  lang?: string;
}): string {
  return `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Merchant</title>${options.head ?? ''}
<script async src="${options.apiUrl}/widget/loader.js" data-key="${options.publishableKey}" ${options.attributes ?? ''}></script>
</head><body><main><h1>A merchant's page</h1><p>Some products.</p>${options.body ?? ''}</main></body></html>`;
}

export async function startScene(): Promise<Scene> {
  const pages = await startPageServer();
  const flywheel = await startFlywheel();
  const apiUrl = flywheel.url;
  const keys = await flywheel.createMerchant([pages.url]);
  // Rewards are issued at once so a test can watch them appear.
  await flywheel.api(keys.secretKey, 'PUT', '/v1/program', { referral: { hold_days: 0 } });
  const closeApi = flywheel.close;
  const identityAttributes = async (id: string, name: string, email: string) =>
    `data-customer-id="${id}" data-customer-email="${email}" data-customer-name="${name}" data-signature="${await signIdentity(keys.secretKey, id, { email, name })}"`;
  return {
    apiUrl,
    pageUrl: pages.url,
    ...keys,
    setPage: pages.setPage,
    deps: flywheel.deps,
    identityAttributes,
    async referrerCode(id, name) {
      const response = await fetch(`${apiUrl}/v1/client/bootstrap?key=${keys.publishableKey}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: pages.url },
        body: JSON.stringify({
          identity: {
            external_id: id,
            name,
            email: `${id}@example.com`,
            signature: await signIdentity(keys.secretKey, id, { name, email: `${id}@example.com` }),
          },
        }),
      });
      const state = (await response.json()) as { customer?: { referral_code?: string } };
      const code = state.customer?.referral_code;
      if (!code) throw new Error(`no referral code for ${id}: ${response.status} ${JSON.stringify(state)}`);
      return code;
    },
    async close() {
      await pages.close();
      await closeApi();
    },
  };
}
