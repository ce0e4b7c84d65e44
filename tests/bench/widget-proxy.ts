// Serves one build of the widget in front of the real server: `/widget/*` from a dist directory, every
// other request forwarded. Two builds (this tree's and a baseline's) can then be measured side by side
// on the same server, pages and database, each load alternating between them.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

const DROPPED = new Set(['host', 'connection', 'content-length', 'content-encoding', 'transfer-encoding']);

async function bodyOf(request: IncomingMessage): Promise<Buffer | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startWidgetProxy(
  upstream: string,
  dist: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    try {
      const path = new URL(request.url ?? '/', 'http://proxy').pathname;
      if (path.startsWith('/widget/')) {
        const file = normalize(join(dist, path.slice('/widget/'.length)));
        if (!file.startsWith(dist)) throw new Error(`outside ${dist}: ${path}`);
        response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        response.end(await readFile(file));
        return;
      }
      const headers = Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !DROPPED.has(entry[0]),
      );
      const body = await bodyOf(request);
      const answer = await fetch(`${upstream}${request.url}`, {
        method: request.method ?? 'GET',
        headers,
        redirect: 'manual',
        ...(body ? { body: new Uint8Array(body) } : {}),
      });
      response.writeHead(answer.status, [...answer.headers].filter(([name]) => !DROPPED.has(name)).flat());
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      response.writeHead(404).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
