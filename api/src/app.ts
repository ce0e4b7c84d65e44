// createApp: the one place routes are mounted. Knows no runtime: node.ts and worker.ts inject the
// database, the clock and the config.
import { Hono } from 'hono';
import type { Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import type { Db } from './db/schema.ts';
import type { Deps } from './deps.ts';
import { requireSecretKey } from './http/auth.ts';
import { limitBody } from './http/body-limit.ts';
import { closeUnreadBody } from './http/close-unread-body.ts';
import type { AppEnv } from './http/env.ts';
import { errorResponse, notFound, payloadTooLarge, toApiError } from './http/errors.ts';
import { idempotency } from './http/idempotency.ts';
import { methodNotAllowed } from './http/method-not-allowed.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { refuseUnstorableText } from './http/storable-text.ts';
import type { HostResolver } from './jobs/webhook-destination.ts';
import { adminDocs, adminRouter } from './routes/admin.ts';
import { clientDocs, clientRouter } from './routes/client.ts';
import { couponDocs, couponsRouter } from './routes/coupons.ts';
import { customerDataDocs, customerDataRouter } from './routes/customer-data.ts';
import { customerDocs, customersRouter } from './routes/customers.ts';
import type { RouteDoc } from './routes/docs.ts';
import { eventDocs, eventsRouter } from './routes/events.ts';
import { experimentDocs, experimentsRouter } from './routes/experiments.ts';
import { feedbackDocs, feedbackRouter } from './routes/feedback.ts';
import { healthDocs, healthRouter } from './routes/health.ts';
import { holdoutDocs, holdoutRouter } from './routes/holdout.ts';
import { importDocs, importsRouter } from './routes/imports.ts';
import { integrationDocs, integrationsRouter } from './routes/integrations.ts';
import { automationsRouter, earnActionsRouter, lifecycleDocs } from './routes/lifecycle.ts';
import { openApiRouter } from './routes/openapi.ts';
import { orderReadDocs, orderReadsRouter } from './routes/order-reads.ts';
import { orderDocs, ordersRouter } from './routes/orders.ts';
import { pointsDocs, pointsRouter } from './routes/points.ts';
import { programDocs, programRouter } from './routes/program.ts';
import { referralDocs, referralsRouter } from './routes/referrals.ts';
import { rewardDocs, rewardsRouter } from './routes/rewards.ts';
import { statsDocs, statsRouter } from './routes/stats.ts';
import { webhookEndpointDocs, webhookEndpointsRouter } from './routes/webhook-endpoints.ts';
import { createMerchantCache } from './store/merchant-cache.ts';

export interface CreateAppOptions {
  db: Db;
  clock: Clock;
  config: AppConfig;
  /** DNS for the webhook forgery guard (Node passes one; edge runtimes judge literal IPs only). */
  resolveHost?: HostResolver;
  /** The fetch for outbound calls: webhooks, Shopify (Node passes one that checks each connection's address). */
  webhookFetch?: typeof fetch;
  /** A read-only connection for the analytics reads (Node + SQLite: a worker thread); `db` when absent. */
  analyticsDb?: Db;
}

const MAX_BODY_BYTES = 1024 * 1024;

export const routeDocs: RouteDoc[] = [
  ...healthDocs,
  ...adminDocs,
  ...programDocs,
  ...customerDocs,
  ...customerDataDocs,
  ...orderDocs,
  ...orderReadDocs,
  ...referralDocs,
  ...rewardDocs,
  ...pointsDocs,
  ...couponDocs,
  ...clientDocs,
  ...statsDocs,
  ...feedbackDocs,
  ...webhookEndpointDocs,
  ...eventDocs,
  ...integrationDocs,
  ...experimentDocs,
  ...holdoutDocs,
  ...lifecycleDocs,
  ...importDocs,
];

export function createApp(options: CreateAppOptions) {
  const deps: Deps = { ...options, cache: createMerchantCache() };
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders());
  app.use('*', requestLog(deps));
  app.use('*', closeUnreadBody());
  app.use(
    '*',
    limitBody(MAX_BODY_BYTES, (c) => errorResponse(c, payloadTooLarge())),
  );
  app.use('*', refuseUnstorableText(routeDocs.map((doc) => doc.path)));

  app.route('/', healthRouter());
  app.route(
    '/',
    openApiRouter(routeDocs, () => deps.config.publicUrl),
  );
  app.route('/admin/v1', adminRouter(deps));

  // Secret-key resources are mounted one by one (not under a /v1/* wildcard) so that the client and
  // platform-webhook routes under /v1 keep their own auth.
  const secretResource = (path: string, router: Hono<AppEnv>) => {
    // `${path}/*` also matches `path` itself in Hono: one registration, or the chain would run twice.
    app.use(`${path}/*`, requireSecretKey(deps), idempotency(deps));
    app.route(path, router);
  };
  secretResource('/v1/program', programRouter(deps));
  secretResource('/v1/customers', customersRouter(deps));
  app.route('/v1/customers', customerDataRouter(deps));
  app.route('/v1/customers', earnActionsRouter(deps));
  secretResource('/v1/automations', automationsRouter(deps));
  secretResource('/v1/orders', ordersRouter(deps));
  app.route('/v1/orders', orderReadsRouter(deps));
  secretResource('/v1/referrals', referralsRouter(deps));
  secretResource('/v1/rewards', rewardsRouter(deps));
  secretResource('/v1/points', pointsRouter(deps));
  secretResource('/v1/coupons', couponsRouter(deps));
  secretResource('/v1/stats', statsRouter(deps));
  secretResource('/v1/feedback', feedbackRouter(deps));
  app.route('/v1/client', clientRouter(deps));
  secretResource('/v1/webhook_endpoints', webhookEndpointsRouter(deps));
  secretResource('/v1/events', eventsRouter(deps));
  secretResource('/v1/experiments', experimentsRouter(deps));
  secretResource('/v1/holdout', holdoutRouter(deps));
  secretResource('/v1/imports', importsRouter(deps));
  // Mixed auth under one prefix: the router authenticates each route itself (secret key or signature).
  app.route('/v1/integrations', integrationsRouter(deps));

  const wrongMethod = methodNotAllowed(routeDocs);
  app.notFound((c) => errorResponse(c, wrongMethod(c.req.method, c.req.path) ?? notFound('route')));
  app.onError((error, c) => errorResponse(c, toApiError(error)));
  return Object.assign(app, { deps });
}

export type FlywheelApp = ReturnType<typeof createApp>;
