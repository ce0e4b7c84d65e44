// Serves the built dashboard (api/dashboard/dist) at /dashboard and passes every other path to the API,
// so the page and the API share one origin exactly as `npm start` serves them. Used while the API
// itself does not serve /dashboard.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function bodyOf(request: IncomingMessage): Promise<Buffer | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDashboardFront(
  apiUrl: string,
  distDir: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://front').pathname;
    try {
      if (path === '/dashboard' || path === '/dashboard/' || path.startsWith('/dashboard/assets/')) {
        const relative = path.startsWith('/dashboard/assets/')
          ? path.slice('/dashboard/'.length)
          : 'index.html';
        const file = normalize(join(distDir, relative));
        if (!file.startsWith(normalize(distDir))) {
          response.writeHead(404).end();
          return;
        }
        const content = await readFile(file);
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(content);
        return;
      }
      const headers = new Headers();
      for (const name of ['authorization', 'content-type', 'accept', 'idempotency-key']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const body = await bodyOf(request);
      const upstream = await fetch(`${apiUrl}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        ...(body ? { body: new Uint8Array(body) } : {}),
      });
      response.writeHead(upstream.status, {
        'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
