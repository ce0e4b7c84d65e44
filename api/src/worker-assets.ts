// The widget and the dashboard on Workers: files from the static-assets binding (see
// examples/cloudflare), with the same cache and CSP headers the Node entry sets. The build lays the
// files out under the paths they are served at (widget/…, dashboard/…), so paths pass unchanged.
import type { Context } from 'hono';
import type { FlywheelApp } from './app.ts';
import { STRICT_CSP } from './http/strict-csp.ts';

export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

export function mountWorkerAssets(app: FlywheelApp, assets: AssetsBinding): void {
  const serve =
    (headers: Record<string, string>, path?: string) =>
    async (c: Context): Promise<Response> => {
      const url = new URL(path ?? c.req.path, c.req.url);
      const found = await assets.fetch(
        new Request(url, { method: c.req.method, headers: c.req.raw.headers }),
      );
      // A missing file answers the API's JSON 404, as on Node.
      if (found.status === 404) return c.notFound();
      // The binding's headers are immutable: copy the answer to add ours.
      const response = new Response(found.body, found);
      if (response.ok) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    };

  app.get('/widget/*', serve({ 'Cache-Control': 'public, max-age=300' }));
  const dashboardPage = serve(
    { 'Cache-Control': 'no-cache', 'Content-Security-Policy': STRICT_CSP },
    '/dashboard/index.html',
  );
  app.get('/dashboard', dashboardPage);
  app.get('/dashboard/', dashboardPage);
  app.get('/dashboard/assets/*', serve({ 'Cache-Control': 'public, max-age=31536000, immutable' }));
}
