import type { Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import type { Db } from './db/schema.ts';
import type { HostResolver } from './jobs/webhook-destination.ts';
import type { MerchantCache } from './store/merchant-cache.ts';

/** Everything a router needs, injected once by createApp: no module-level state. */
export interface Deps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  cache: MerchantCache;
  /** DNS for the webhook forgery guard; absent on runtimes without one (literal IPs are still judged). */
  resolveHost?: HostResolver | undefined;
  /**
   * The fetch every outbound call to a merchant-configured address uses (webhook deliveries, Shopify
   * coupon sync): on Node it checks the address each connection goes to. The runtime's own when absent.
   */
  webhookFetch?: typeof fetch | undefined;
  /** Where the analytics reads run when not on `db`: on Node with SQLite, a read-only worker thread. */
  analyticsDb?: Db | undefined;
}
