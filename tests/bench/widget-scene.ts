// What the widget benchmark loads: the real server (demo shop included) on a throwaway SQLite file, a
// bare third-party merchant page on its own origin, and a referrer whose code a friend's link carries.
// Each widget build under test is served by its own proxy (widget-proxy.ts) in front of that server.
import { signIdentity } from '../../examples/shop/server.ts';
import { startFlywheel } from '../e2e/support/flywheel.ts';
import { startPageServer } from '../e2e/support/page-server.ts';
import { merchantPage } from '../e2e/support/scene.ts';
import { startWidgetProxy } from './widget-proxy.ts';

/** A friend's landing pages for one widget build. */
export interface BuildPages {
  build: string;
  /** The demo shop's product page with `?ref=`. */
  shop: string;
  /** A bare third-party page holding only the script tag, with `?ref=` (as issue 14 measured it). */
  merchant: string;
}

export interface WidgetScene {
  builds: BuildPages[];
  close(): Promise<void>;
}

async function referralCode(
  apiUrl: string,
  keys: { publishableKey: string; secretKey: string },
  origin: string,
): Promise<string> {
  const id = 'bench_referrer';
  const response = await fetch(`${apiUrl}/v1/client/bootstrap?key=${keys.publishableKey}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: origin },
    body: JSON.stringify({
      identity: { external_id: id, name: 'Ann Example', signature: await signIdentity(keys.secretKey, id) },
    }),
  });
  const state = (await response.json()) as { customer?: { referral_code?: string } };
  const code = state.customer?.referral_code;
  if (!code) throw new Error(`no referral code: ${response.status} ${JSON.stringify(state)}`);
  return code;
}

/** `builds` maps a label to a widget dist directory (e.g. { current: 'widget/dist' }). */
export async function startWidgetScene(builds: Record<string, string>): Promise<WidgetScene> {
  const flywheel = await startFlywheel();
  const pages = await startPageServer();
  const merchant = await flywheel.createMerchant([pages.url]);
  const shopRef = await referralCode(flywheel.url, flywheel.demo, flywheel.url);
  const merchantRef = await referralCode(flywheel.url, merchant, pages.url);
  const proxies: { close(): Promise<void> }[] = [];
  const result: BuildPages[] = [];
  for (const [build, dist] of Object.entries(builds)) {
    const proxy = await startWidgetProxy(flywheel.url, dist);
    proxies.push(proxy);
    pages.setPage(`/product-${build}`, {
      html: merchantPage({ apiUrl: proxy.url, publishableKey: merchant.publishableKey }),
    });
    result.push({
      build,
      shop: `${proxy.url}/?ref=${encodeURIComponent(shopRef)}`,
      merchant: `${pages.url}/product-${build}?ref=${encodeURIComponent(merchantRef)}`,
    });
  }
  return {
    builds: result,
    async close() {
      for (const proxy of proxies) await proxy.close();
      await pages.close();
      await flywheel.close();
    },
  };
}
