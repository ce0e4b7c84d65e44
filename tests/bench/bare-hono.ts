// The baseline, run as its own process (pinned like Flywheel): a bare Hono `GET` answering JSON,
// served by @hono/node-server as Flywheel is. A ratio to it is Flywheel's own cost per request.
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RequestSpec } from './request-spec.ts';

export const bareHonoRequest: RequestSpec = {
  method: 'GET',
  path: '/json',
  headers: {},
  expectStatus: 200,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = new Hono().get('/json', (c) => c.json({ ok: true, service: 'bare-hono' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`running at http://127.0.0.1:${port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
