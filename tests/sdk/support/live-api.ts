// A real Flywheel (Node entry, SQLite in a temp dir, demo merchant) on an ephemeral port for SDK tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../api/src/node.ts';
import { Flywheel, type FlywheelOptions } from '../../../sdk/src/server.ts';

export interface LiveApi {
  url: string;
  secretKey: string;
  publishableKey: string;
  merchantId: string;
  /** A client for the demo merchant; options override the defaults. */
  client(options?: Partial<FlywheelOptions>): Flywheel;
  close(): Promise<void>;
}

export async function startLiveApi(): Promise<LiveApi> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-sdk-'));
  const server = await startServer({
    port: 0,
    databaseUrl: `file:${join(dir, 'flywheel.db')}`,
    demo: true,
    log: false,
    adminToken: 'x',
    allowPrivateWebhooks: true,
  });
  const demo = server.demo!;
  return {
    url: server.url,
    secretKey: demo.secretKey,
    publishableKey: demo.publishableKey,
    merchantId: demo.merchantId,
    client: (options = {}) => new Flywheel({ secretKey: demo.secretKey, baseUrl: server.url, ...options }),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fetch that records every request the SDK sends, then sends it. */
export function recordingFetch() {
  const requests: { method: string; url: URL; headers: Headers; body: string | null }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: init?.body === undefined ? null : String(init.body),
    });
    return fetch(request);
  };
  return { fetch: fetcher, requests };
}
