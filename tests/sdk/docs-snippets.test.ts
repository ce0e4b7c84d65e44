// Every ```ts snippet in docs/sdk.md, run in document order against a real API, the way a reader would
// copy them: a snippet starting with `// name.ts` is saved under that name for the others to import.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Flywheel } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

const docs = readFileSync(new URL('../../docs/sdk.md', import.meta.url), 'utf8');
const sdkEntry = fileURLToPath(new URL('../../sdk/src/server.ts', import.meta.url));
const snippets = [...docs.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => {
  const source = match[1]!;
  const name = /^\/\/ ([\w-]+\.ts)\n/.exec(source)?.[1] ?? `snippet-${index}.ts`;
  return { name, source: source.replaceAll("'@flywheel/sdk/server'", JSON.stringify(sdkEntry)) };
});

const webhookSecret = `whsec_${btoa('docs-snippet-webhook-secret!')}`;
let api: LiveApi;
let dir: string;
const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  api = await startLiveApi();
  dir = mkdtempSync(join(tmpdir(), 'flywheel-docs-'));
  for (const snippet of snippets) writeFileSync(join(dir, snippet.name), snippet.source);
  vi.stubEnv('FLYWHEEL_API_URL', api.url);
  vi.stubEnv('FLYWHEEL_SECRET_KEY', api.secretKey);
  vi.stubEnv('FLYWHEEL_WEBHOOK_SECRET', webhookSecret);
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/sdk.md', () => {
  it('has the snippets this test expects', () => {
    expect(snippets.map((s) => s.name)).toContain('flywheel.ts');
    expect(snippets.map((s) => s.name)).toContain('webhook.ts');
    expect(snippets.length).toBeGreaterThanOrEqual(10);
  });

  it('runs every snippet, in order, without an error', async () => {
    for (const snippet of snippets) {
      try {
        modules.set(snippet.name, await import(pathToFileURL(join(dir, snippet.name)).href));
      } catch (error) {
        throw new Error(`${snippet.name} failed:\n${snippet.source}\n${String(error)}`);
      }
    }
    // What the order and refund snippets did, seen from the API.
    const customer = await api.client().customers.get('u_42');
    expect(customer.orders_count).toBe(1);
    const log = vi.mocked(console.log).mock.calls.map((call) => call.join(' '));
    expect(log).toContain('refunded 4999');
    expect(log).toContain('204');
  });

  it('has a fetch-style webhook handler that accepts signed events and refuses forged ones', async () => {
    const { handleFlywheelWebhook } = modules.get('webhook.ts') as {
      handleFlywheelWebhook(request: Request): Promise<Response>;
    };
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'reward.issued',
      created_at: '2026-03-01T00:00:00Z',
      data: {},
    });
    const headers = await Flywheel.webhooks.sign({ secret: webhookSecret, id: 'evt_1', body });
    const send = (payload: string) =>
      handleFlywheelWebhook(new Request('http://x/webhooks', { method: 'POST', headers, body: payload }));
    expect((await send(body)).status).toBe(204);
    const forged = await send(body.replace('evt_1', 'evt_2'));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toBe('invalid_signature');
  });

  it('has a node:http webhook server that accepts signed events and refuses forged ones', async () => {
    const snippet = snippets.find((s) => s.source.includes('createServer'))!;
    const { server } = modules.get(snippet.name) as { server: Server };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const body = JSON.stringify({
        id: 'evt_3',
        type: 'points.changed',
        created_at: '2026-03-01T00:00:00Z',
        data: {},
      });
      const headers = await Flywheel.webhooks.sign({ secret: webhookSecret, id: 'evt_3', body });
      expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(204);
      expect((await fetch(url, { method: 'POST', headers, body: `${body} ` })).status).toBe(400);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
