// The baseline: the least a Hono JSON endpoint on Node can cost — parse a JSON body, answer JSON —
// served the way Flywheel is served (@hono/node-server), so a ratio to it is Flywheel's own cost.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RequestSpec } from './request-spec.ts';

export function bareHonoApp() {
  return new Hono().post('/echo', async (c) => {
    const body = await c.req.json<Record<string, unknown>>();
    return c.json({ ok: true, received: body });
  });
}

export async function startBareHono(): Promise<{ url: string; app: Hono; close(): Promise<void> }> {
  const app = bareHonoApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A body the size and shape of a widget page view, so the parse costs about the same. */
export const bareHonoRequest: RequestSpec = {
  method: 'POST',
  path: '/echo',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    visitor_id: 'vis_01HZX3Q8W4S5V6B7N8M9K0J1H2',
    url: 'https://shop.example/products/blue-mug',
    locale: 'en',
  }),
  expectStatus: 200,
};
