// Edge entry (Cloudflare Workers, or any runtime with `export default { fetch, scheduled }`): the same
// app over PostgreSQL — a Hyperdrive binding or DATABASE_URL — with `pg` (Workers: nodejs_compat).
// D1 and Durable Objects are not offered: docs/deploy.md has the measurements and the reasons.
//
// Workers refuse to let one request use an I/O object another request created (a socket, a pg
// client, a promise still waiting on one): the request hangs until the runtime cancels it. So every
// request and every cron run opens its own connections and its own app (the app's merchant cache
// holds promises of queries), and closes them once answered. Hyperdrive keeps the real pool to
// PostgreSQL near the database, which is why its docs recommend a new client per request.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createApp } from './app.ts';
import { systemClock } from './clock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { readPostgresNumbersAsNumbers } from './db/pg-number-types.ts';
import type { Database } from './db/schema.ts';
import { backgroundJobs } from './jobs/all.ts';
import { type AssetsBinding, mountWorkerAssets } from './worker-assets.ts';

export interface WorkerEnv {
  DATABASE_URL?: string;
  HYPERDRIVE?: { connectionString: string };
  /** The static-assets binding holding widget/ and dashboard/ (examples/cloudflare/build.ts). */
  ASSETS?: AssetsBinding;
  PUBLIC_URL?: string;
  FLYWHEEL_ADMIN_TOKEN?: string;
  FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS?: string;
  FLYWHEEL_IDEMPOTENCY_LEASE_MS?: string;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/** Connections per request: Workers allow six open at once per invocation. */
const CONNECTIONS_PER_REQUEST = 5;

readPostgresNumbersAsNumbers();

// Plain data may outlive a request: which databases this isolate has already brought up to date.
const migrated = new Set<string>();

function openScope(env: WorkerEnv, origin: string) {
  const connectionString = env.HYPERDRIVE?.connectionString ?? env.DATABASE_URL;
  if (!connectionString)
    throw new Error('Set DATABASE_URL or bind HYPERDRIVE: the edge entry runs on PostgreSQL.');
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString, max: CONNECTIONS_PER_REQUEST }),
    }),
  });
  const app = createApp({
    db,
    clock: systemClock,
    config: {
      publicUrl: (env.PUBLIC_URL ?? origin).replace(/\/$/, ''),
      adminToken: env.FLYWHEEL_ADMIN_TOKEN || undefined,
      allowPrivateWebhooks: env.FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS === '1',
      log: (line) => console.log(line),
      // Cloudflare sets CF-Connecting-IP itself and overwrites any a client sent: trusted here only.
      clientIp: (c) => c.req.header('CF-Connecting-IP'),
      idempotencyLeaseMs: env.FLYWHEEL_IDEMPOTENCY_LEASE_MS
        ? Number(env.FLYWHEEL_IDEMPOTENCY_LEASE_MS)
        : undefined,
    },
  });
  if (env.ASSETS) mountWorkerAssets(app, env.ASSETS);
  // Migrations are idempotent and locked by Kysely; an isolate checks once per database.
  const ready = migrated.has(connectionString)
    ? Promise.resolve()
    : migrateToLatest(db).then(() => {
        migrated.add(connectionString);
      });
  return { app, db, ready };
}

/** Closes the request's connections after the answer is sent (or now, where there is no context). */
async function close(db: Kysely<Database>, ctx: WaitUntil | undefined): Promise<void> {
  const closing = db.destroy().catch(() => {});
  if (ctx) ctx.waitUntil(closing);
  else await closing;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx?: WaitUntil): Promise<Response> {
    const { app, db, ready } = openScope(env, new URL(request.url).origin);
    try {
      await ready;
      return await app.fetch(request, env, ctx as never);
    } finally {
      await close(db, ctx);
    }
  },
  /** Cron Triggers: one pass of every background job (hold release, webhooks, loyalty, Shopify sync). */
  async scheduled(_event: unknown, env: WorkerEnv, ctx?: WaitUntil): Promise<void> {
    const { app, db, ready } = openScope(env, env.PUBLIC_URL ?? 'http://localhost');
    try {
      await ready;
      const jobs = backgroundJobs(app.deps);
      const results = await Promise.allSettled(jobs.map((job) => job.run()));
      results.forEach((result, i) => {
        if (result.status === 'rejected')
          console.error(JSON.stringify({ level: 'error', job: jobs[i]?.name, error: String(result.reason) }));
      });
    } finally {
      await close(db, ctx);
    }
  },
};
