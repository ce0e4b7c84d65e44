// The Flywheel class: one configured transport shared by every resource.
import { Identity } from './identity.ts';
import { Coupons } from './resources/coupons.ts';
import { Customers } from './resources/customers.ts';
import { Events } from './resources/events.ts';
import { Experiments } from './resources/experiments.ts';
import { FeedbackResource } from './resources/feedback.ts';
import { Imports } from './resources/imports.ts';
import { Orders } from './resources/orders.ts';
import { Points } from './resources/points.ts';
import { ProgramResource } from './resources/program.ts';
import { Referrals } from './resources/referrals.ts';
import { Rewards } from './resources/rewards.ts';
import { StatsResource } from './resources/stats.ts';
import { WebhookEndpoints } from './resources/webhook-endpoints.ts';
import { createTransport } from './transport.ts';
import { signWebhook, verifyWebhook } from './webhooks.ts';

export interface FlywheelOptions {
  /** Your secret key, `sk_…`. Server-side only. */
  secretKey: string;
  /** Where your Flywheel API runs, e.g. `https://flywheel.shop.example`. */
  baseUrl: string;
  /** A fetch to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Retries after the first attempt on network errors, 429, 5xx. Default 2; 0 disables. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeout?: number;
}

/**
 * The server-side Flywheel client: report orders, manage customers and rewards, sign identities for
 * the widget, verify webhooks. Uses only `fetch` and Web Crypto, so it runs on Node ≥ 20, Bun, Deno
 * and Cloudflare Workers.
 *
 * @example
 * import { Flywheel } from '@flywheel/sdk/server';
 *
 * const fw = new Flywheel({ secretKey: process.env.FLYWHEEL_SECRET_KEY!, baseUrl: 'https://flywheel.shop.example' });
 * await fw.orders.create({ external_id: '1001', customer: { external_id: 'u_42' }, amount: 4999, currency: 'USD' });
 */
export class Flywheel {
  /** Standard Webhooks verification and signing; static, since it needs the endpoint secret, not the API key. */
  static readonly webhooks = { verify: verifyWebhook, sign: signWebhook };

  readonly customers: Customers;
  readonly orders: Orders;
  readonly referrals: Referrals;
  readonly rewards: Rewards;
  readonly points: Points;
  readonly program: ProgramResource;
  readonly coupons: Coupons;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly events: Events;
  readonly stats: StatsResource;
  readonly feedback: FeedbackResource;
  readonly experiments: Experiments;
  readonly imports: Imports;
  readonly identity: Identity;

  constructor(options: FlywheelOptions) {
    if (typeof options?.secretKey !== 'string' || !options.secretKey.startsWith('sk_')) {
      throw new TypeError(
        'Flywheel needs your secret key (sk_…). The publishable key (pk_…) belongs in the script tag only.',
      );
    }
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError('Flywheel needs baseUrl: the http(s) URL where your Flywheel API runs.');
    }
    const maxRetries = options.maxRetries ?? 2;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new TypeError('maxRetries must be a whole number ≥ 0.');
    }
    const transport = createTransport({
      secretKey: options.secretKey,
      baseUrl: options.baseUrl,
      // Bound late so a fetch patched after construction (tests, instrumentation) is still used.
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      maxRetries,
      timeoutMs: options.timeout ?? 30_000,
    });
    this.customers = new Customers(transport);
    this.orders = new Orders(transport);
    this.referrals = new Referrals(transport);
    this.rewards = new Rewards(transport);
    this.points = new Points(transport);
    this.program = new ProgramResource(transport);
    this.coupons = new Coupons(transport);
    this.webhookEndpoints = new WebhookEndpoints(transport);
    this.events = new Events(transport);
    this.stats = new StatsResource(transport);
    this.feedback = new FeedbackResource(transport);
    this.experiments = new Experiments(transport);
    this.imports = new Imports(transport);
    this.identity = new Identity(options.secretKey);
  }
}
