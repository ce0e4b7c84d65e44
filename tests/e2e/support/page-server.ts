// A third-party "merchant" site on its own origin, serving pages with whatever CSP a test wants.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestPage {
  html: string;
  csp?: string;
  type?: string;
}

export async function startPageServer(): Promise<{
  url: string;
  setPage(path: string, page: TestPage): void;
  close(): Promise<void>;
}> {
  const pages = new Map<string, TestPage>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    // A real shop has an icon: without one, Chromium's own favicon request logs a 404 that tests
    // watching the console would blame on the widget, depending on when it lands.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const page = pages.get(path);
    if (!page) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': page.type ?? 'text/html; charset=utf-8',
      ...(page.csp ? { 'Content-Security-Policy': page.csp } : {}),
    });
    response.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPage: (path, page) => pages.set(path, page),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
