// Edge entry (Cloudflare Workers, or any runtime with `export default { fetch }`): the same app over
// PostgreSQL — a Hyperdrive binding or DATABASE_URL — with `pg` (Workers: the nodejs_compat flag).
// D1 is not offered: it has no interactive transactions, and every write here is one.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createApp, type FlywheelApp } from './app.ts';
import { systemClock } from './clock.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Database } from './db/schema.ts';
import { backgroundJobs } from './jobs/all.ts';

export interface WorkerEnv {
  DATABASE_URL?: string;
  HYPERDRIVE?: { connectionString: string };
  PUBLIC_URL?: string;
  FLYWHEEL_ADMIN_TOKEN?: string;
  FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS?: string;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

let instance: { app: FlywheelApp; ready: Promise<void> } | undefined;

function instanceFor(env: WorkerEnv, origin: string) {
  if (!instance) {
    const connectionString = env.HYPERDRIVE?.connectionString ?? env.DATABASE_URL;
    if (!connectionString)
      throw new Error('Set DATABASE_URL or bind HYPERDRIVE: the edge entry runs on PostgreSQL.');
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 5 }) }),
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
      },
    });
    // Migrations are idempotent and locked by Kysely; the first request of an isolate waits for them.
    instance = { app, ready: migrateToLatest(db) };
  }
  return instance;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx?: WaitUntil): Promise<Response> {
    const { app, ready } = instanceFor(env, new URL(request.url).origin);
    await ready;
    return app.fetch(request, env, ctx as never);
  },
  /** Cron Triggers: one pass of every background job (hold release, webhooks, loyalty, Shopify sync). */
  async scheduled(_event: unknown, env: WorkerEnv, ctx: WaitUntil): Promise<void> {
    const { app, ready } = instanceFor(env, env.PUBLIC_URL ?? 'http://localhost');
    await ready;
    ctx.waitUntil(Promise.allSettled(backgroundJobs(app.deps).map((job) => job.run())));
  },
};
