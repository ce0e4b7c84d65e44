// Node entry: `npm start`. Picks SQLite or PostgreSQL from DATABASE_URL, migrates, serves the API, the
// widget bundles and (on loopback, or with FLYWHEEL_DEMO=1) the demo shop, and prints where everything is.
import { existsSync } from 'node:fs';
import { type AddressInfo, Server as NetServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { type Clock, systemClock } from './clock.ts';
import { type AppConfig, configFromEnv } from './config.ts';
import { connectDatabase, isPostgresUrl, sqlitePathFromUrl } from './db/connect.ts';
import { drainGroupCommits } from './db/group-commit.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db } from './db/schema.ts';
import { readWorkerFor } from './db/sqlite-read-worker.ts';
import { demoFromEnv, isLoopbackHost } from './demo-switch.ts';
import { STRICT_CSP } from './http/strict-csp.ts';
import { backgroundJobs } from './jobs/all.ts';
import { startJobs } from './jobs/scheduler.ts';
import { mountApiReference } from './node-api-reference.ts';
import { nodeClientAddress } from './node-client-address.ts';
import { resolveHostWithDns } from './node-dns.ts';
import { headAsGet } from './node-head-requests.ts';
import { createPinnedFetch } from './node-pinned-fetch.ts';
import { ensureDemoMerchant } from './store/demo.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const widgetDist = `${repoRoot}widget/dist`;
const dashboardDist = `${repoRoot}api/dashboard/dist`;
const DASHBOARD_CSP = STRICT_CSP;
/** How long a shutdown waits for requests in flight before cutting their connections. */
const DRAIN_MS = 10_000;
/** PostgreSQL connections for the analytics reads (see analyticsConnection). */
const ANALYTICS_POOL_SIZE = 2;
/** No request running for this long: the sockets still open are idle keep-alives, safe to close. */
const QUIET_MS = 250;

export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  /** Run the background jobs (hold release, webhook delivery) on intervals; default true. */
  jobs?: boolean;
  /** PostgreSQL schema to use (tests). */
  databaseSchema?: string;
  /** Run the demo merchant and shop; by default only when `host` is loopback (see demo-switch.ts). */
  demo?: boolean;
  log?: boolean;
  publicUrl?: string;
  adminToken?: string;
  allowPrivateWebhooks?: boolean;
  /** FLYWHEEL_TRUST_PROXY: proxies whose X-Forwarded-For names the client (see node-client-address.ts). */
  trustProxy?: string;
  idempotencyLeaseMs?: number | undefined;
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  demo: { merchantId: string; publishableKey: string; secretKey: string } | null;
  app: ReturnType<typeof createApp>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const db = connectDatabase(options.databaseUrl, {
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    checkpointInBackground: true,
  });
  await migrateToLatest(db);

  // The port is known only once listening (port 0 picks a free one), and links need it.
  const config: AppConfig = {
    publicUrl: options.publicUrl ?? '',
    adminToken: options.adminToken,
    allowPrivateWebhooks: options.allowPrivateWebhooks ?? false,
    log: options.log === false ? false : (line) => process.stdout.write(`${line}\n`),
    clientIp: nodeClientAddress(options.trustProxy),
    idempotencyLeaseMs: options.idempotencyLeaseMs,
  };
  const clock = options.clock ?? systemClock;
  const analyticsDb = analyticsConnection(options);
  const app = createApp({
    db,
    ...(analyticsDb ? { analyticsDb } : {}),
    clock,
    config,
    resolveHost: resolveHostWithDns,
    webhookFetch: createPinnedFetch({ allowPrivate: config.allowPrivateWebhooks }),
  });

  app.use('/widget/*', async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=300');
  });
  app.get(
    '/widget/*',
    serveStatic({ root: widgetDist, rewriteRequestPath: (path) => path.replace(/^\/widget/, '') }),
  );

  // The merchant dashboard: a static Preact app under a strict CSP; assets are content-hashed.
  app.use('/dashboard*', async (c, next) => {
    await next();
    if (!c.res.ok) return;
    const asset = c.req.path.startsWith('/dashboard/assets/');
    c.res.headers.set('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (!asset) c.res.headers.set('Content-Security-Policy', DASHBOARD_CSP);
  });
  const dashboardIndex = serveStatic({ path: `${dashboardDist}/index.html` });
  app.get('/dashboard', dashboardIndex);
  app.get('/dashboard/', dashboardIndex);
  app.get(
    '/dashboard/assets/*',
    serveStatic({ root: dashboardDist, rewriteRequestPath: (path) => path.replace(/^\/dashboard/, '') }),
  );

  mountApiReference(app);

  // Until the demo shop is mounted (it needs the real port), answer 503 rather than build Hono's
  // router early: routes cannot be added once it has served a request.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('{"error":{"type":"internal","code":"starting","message":"Starting up."}}', { status: 503 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: headAsGet((request, env) => handle(request, env)),
        port: options.port ?? 8787,
        hostname: host,
      },
      () => resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  config.publicUrl = (options.publicUrl ?? url).replace(/\/$/, '');

  let demo: RunningServer['demo'] = null;
  if (options.demo ?? isLoopbackHost(host)) {
    const origins = [
      ...new Set([config.publicUrl, url, `http://localhost:${port}`, `http://127.0.0.1:${port}`]),
      // Any page served from this machine may try the demo widget (a shop on another port, a test page).
      'http://localhost:*',
      'http://127.0.0.1:*',
    ];
    const merchant = await ensureDemoMerchant(db, origins, clock.now());
    demo = {
      merchantId: merchant.id,
      publishableKey: merchant.publishable_key,
      secretKey: merchant.secret_key,
    };
    await mountDemoShop(app, { apiUrl: url, publishableKey: demo.publishableKey, secretKey: demo.secretKey });
  }

  handle = (request, env) => app.fetch(request, env);
  const requests = trackRequests(server);
  const stopJobs =
    options.jobs === false
      ? async () => {}
      : startJobs(backgroundJobs(app.deps), (job, error) =>
          process.stderr.write(`${JSON.stringify({ level: 'error', job, error: String(error) })}\n`),
        );

  return {
    url,
    demo,
    app,
    /**
     * Graceful: stop accepting connections, let every request in flight finish and be answered (up
     * to DRAIN_MS, then cut the rest), stop the jobs, commit what the SQLite commit queue holds, and only
     * then close the database.
     */
    close: async () => {
      // Connections the kernel has already completed are in the listen backlog, and closing the
      // listener would reset them: keep accepting (answers now close their socket) until none has
      // arrived for a moment, then stop.
      requests.draining = true;
      const deadline = Date.now() + DRAIN_MS;
      while (Date.now() - requests.lastConnectionAt < QUIET_MS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      let done = false;
      // net.Server's close, not http.Server's: the latter also drops every socket without a request
      // in progress, including those just accepted whose request has not been read yet.
      const closed = new Promise<void>((resolve) =>
        NetServer.prototype.close.call(server, () => {
          done = true;
          resolve();
        }),
      );
      // A keep-alive socket with no request would hold close() open until it timed out. Close idle
      // sockets only once no request has been running for a moment: a socket just accepted is
      // "idle" too until its request has been read.
      let quietSince: number | undefined;
      while (!done && Date.now() < deadline) {
        if (requests.active > 0) quietSince = undefined;
        else {
          quietSince ??= Date.now();
          if (Date.now() - quietSince >= QUIET_MS) closeIdleConnections(server);
        }
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      if (!done) closeAllConnections(server);
      await closed;
      await stopJobs();
      // Every answered request has committed; a job's transaction may still sit in the SQLite commit
      // queue: let it commit before the connection closes.
      await drainGroupCommits(app.deps.db);
      await analyticsDb?.destroy();
      await db.destroy();
    },
  };
}

type NodeServer = ReturnType<typeof serve>;

/**
 * Where the analytics reads run. SQLite: a read-only worker thread. PostgreSQL: a pool of its own,
 * two connections. A stats read issues some thirty queries at once; on the app's pool they took every
 * connection, so orders and clicks queued behind a dashboard, and they kept every core busy, so a
 * `/healthz` beside `/v1/stats` waited up to 106 ms on 2 cores. Two at a time leaves the app a core
 * (docs/analytics.md, "Never in the way").
 */
function analyticsConnection(options: StartOptions): Db | undefined {
  if (!isPostgresUrl(options.databaseUrl)) return readWorkerFor(options.databaseUrl);
  return connectDatabase(options.databaseUrl, {
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    poolSize: ANALYTICS_POOL_SIZE,
  });
}

/**
 * Counts requests from arrival to their answer's last byte and notes when the last connection came;
 * while draining, answers close their socket.
 */
function trackRequests(server: NodeServer) {
  const state = { active: 0, draining: false, lastConnectionAt: 0 };
  server.on('connection', () => {
    state.lastConnectionAt = Date.now();
  });
  server.on('request', (_req: unknown, res: import('node:http').ServerResponse) => {
    state.active++;
    if (state.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      state.active--;
    });
  });
  return state;
}
const closeIdleConnections = (server: NodeServer) =>
  'closeIdleConnections' in server ? server.closeIdleConnections() : undefined;
const closeAllConnections = (server: NodeServer) =>
  'closeAllConnections' in server ? server.closeAllConnections() : undefined;

async function mountDemoShop(
  app: Hono<never> | ReturnType<typeof createApp>,
  keys: { apiUrl: string; publishableKey: string; secretKey: string },
) {
  const shopModule = `${repoRoot}examples/shop/server.ts`;
  if (!existsSync(shopModule)) return;
  const { createShopApp } = (await import(pathToFileURL(shopModule).href)) as {
    createShopApp(options: typeof keys): Hono;
  };
  app.route('/', createShopApp(keys) as never);
}

async function main() {
  const env = process.env;
  const port = Number(env.PORT ?? 8787);
  const fromEnv = configFromEnv(env, port);
  const running = await startServer({
    port,
    host: env.HOST ?? '127.0.0.1',
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    demo: demoFromEnv(env),
    ...(env.PUBLIC_URL ? { publicUrl: fromEnv.publicUrl } : {}),
    ...(fromEnv.adminToken ? { adminToken: fromEnv.adminToken } : {}),
    allowPrivateWebhooks: fromEnv.allowPrivateWebhooks,
    ...(env.FLYWHEEL_TRUST_PROXY ? { trustProxy: env.FLYWHEEL_TRUST_PROXY } : {}),
    idempotencyLeaseMs: fromEnv.idempotencyLeaseMs,
  });
  const where = isPostgresUrl(env.DATABASE_URL)
    ? 'PostgreSQL'
    : `SQLite ${sqlitePathFromUrl(env.DATABASE_URL)}`;
  const lines = [
    '',
    `  Flywheel is running at ${running.url}  (database: ${where})`,
    '',
    `  API            ${running.url}/v1   (OpenAPI: ${running.url}/openapi.json)`,
    `  Widget loader  ${running.url}/widget/loader.js`,
    `  Dashboard      ${running.url}/dashboard`,
  ];
  if (running.demo) {
    lines.push(
      `  Demo shop      ${running.url}/`,
      '',
      `  Demo publishable key  ${running.demo.publishableKey}`,
      `  Demo secret key       ${running.demo.secretKey}`,
      '',
      `  Try: curl -H "Authorization: Bearer ${running.demo.secretKey}" ${running.url}/v1/program`,
    );
  }
  if (running.demo && !isLoopbackHost(env.HOST ?? '127.0.0.1')) {
    lines.push(
      '',
      '  WARNING: the demo shop is reachable from other machines (FLYWHEEL_DEMO=1). Its sign-in',
      '  signs in ANY email: never run it next to real shoppers.',
    );
  } else if (!running.demo && env.FLYWHEEL_DEMO !== '0') {
    lines.push('', '  Demo shop is off: HOST is not loopback (FLYWHEEL_DEMO=1 turns it on anyway).');
  }
  if (!existsSync(widgetDist)) lines.push('', '  (widget not built: run `npm run build:widget`)');
  if (!fromEnv.adminToken)
    lines.push('', '  /admin/v1 is off: set FLYWHEEL_ADMIN_TOKEN to create merchants.');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const stop = async () => {
    process.stdout.write('  Stopping: finishing requests in flight, then closing the database.\n');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Flywheel failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
