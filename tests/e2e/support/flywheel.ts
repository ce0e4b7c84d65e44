// Starts the real Flywheel server (api/src/node.ts) on a throwaway SQLite file, with helpers for the
// secret-key and admin calls tests need to set a scene.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_TOKEN = 'e2e-admin-token';

export interface Flywheel {
  url: string;
  demo: { merchantId: string; publishableKey: string; secretKey: string };
  /** A merchant whose allowed origins are `origins` (a third-party shop on another origin). */
  createMerchant(origins: string[]): Promise<{ publishableKey: string; secretKey: string }>;
  api<T = Record<string, unknown>>(
    secretKey: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T>;
  close(): Promise<void>;
  /** The running server's dependencies, to run a background job now instead of on its interval. */
  deps: RunningDeps;
}

type RunningDeps = Awaited<ReturnType<typeof import('../../../api/src/node.ts').startServer>>['app']['deps'];

export async function startFlywheel(): Promise<Flywheel> {
  const file = join(tmpdir(), `flywheel-e2e-${process.pid}-${Date.now()}.db`);
  const { startServer } = await import('../../../api/src/node.ts');
  const server = await startServer({
    port: 0,
    databaseUrl: `file:${file}`,
    demo: true,
    log: false,
    adminToken: ADMIN_TOKEN,
    allowPrivateWebhooks: true,
  });
  if (!server.demo) throw new Error('the demo merchant was not created');
  const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(data)}`);
    return data;
  };
  return {
    url: server.url,
    demo: server.demo,
    async createMerchant(origins) {
      const merchant = await call<{ publishable_key: string; secret_key: string }>(
        ADMIN_TOKEN,
        'POST',
        '/admin/v1/merchants',
        { name: 'Third-party shop', allowed_origins: origins },
      );
      return { publishableKey: merchant.publishable_key, secretKey: merchant.secret_key };
    },
    api: call,
    deps: server.app.deps,
    async close() {
      await server.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}
