import type { Context } from 'hono';

/** What the app needs from its surroundings; node.ts reads it from the environment. */
export interface AppConfig {
  /** Base URL the API is reached at (links, the loader URL, webhook URLs). */
  publicUrl: string;
  /** Enables `/admin/v1/*` when set. */
  adminToken: string | undefined;
  /** Allow webhook endpoints on loopback/private networks (refused by default: request forgery). */
  allowPrivateWebhooks: boolean;
  /** Where the one-line-per-request log goes; `false` silences it (tests). */
  log: ((line: string) => void) | false;
  /**
   * The client's address for rate limits and fraud checks, as the runtime knows it: the socket's peer
   * on Node (X-Forwarded-For only from proxies declared in FLYWHEEL_TRUST_PROXY), the platform's
   * CF-Connecting-IP on Workers. Never a header any client could set.
   */
  clientIp?: (c: Context) => string | undefined;
  /** How long an unanswered Idempotency-Key claim holds before a retry may take it over (30 s). */
  idempotencyLeaseMs?: number | undefined;
}

export function configFromEnv(env: Record<string, string | undefined>, port: number): AppConfig {
  const host = env.HOST ?? '127.0.0.1';
  return {
    publicUrl: (env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(
      /\/$/,
      '',
    ),
    adminToken: env.FLYWHEEL_ADMIN_TOKEN || undefined,
    allowPrivateWebhooks: env.FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS === '1',
    log: (line) => process.stdout.write(`${line}\n`),
    idempotencyLeaseMs: env.FLYWHEEL_IDEMPOTENCY_LEASE_MS
      ? Number(env.FLYWHEEL_IDEMPOTENCY_LEASE_MS)
      : undefined,
  };
}
