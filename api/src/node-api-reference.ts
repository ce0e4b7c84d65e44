// GET /docs: the interactive API reference (Swagger UI) for /openapi.json, served from the install —
// no CDN — under the same strict CSP as the dashboard. Node only: it reads swagger-ui-dist's files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { STRICT_CSP } from './http/strict-csp.ts';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flywheel API reference</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api-reference"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to an outside validator for a badge.
const START = `SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api-reference', validatorUrl: null, deepLinking: true });
`;

function assets(): Record<string, { body: string | Uint8Array<ArrayBuffer>; type: string }> {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  // Its stylesheet draws a few icons as data: URIs, which `img-src 'self'` refuses; they are dropped
  // rather than loosening the policy (the controls keep their text).
  const css = readFileSync(join(dist, 'swagger-ui.css'), 'utf8').replace(
    /url\(("data:(?:[^"\\]|\\.)*"|data:[^)]*)\)/g,
    'none',
  );
  return {
    'swagger-ui.css': { body: css, type: 'text/css; charset=utf-8' },
    'swagger-ui-bundle.js': {
      body: readFileSync(join(dist, 'swagger-ui-bundle.js'), 'utf8').replace(
        /\n\/\/# sourceMappingURL=.*$/,
        '',
      ),
      type: 'text/javascript; charset=utf-8',
    },
    'start.js': { body: START, type: 'text/javascript; charset=utf-8' },
    'favicon-32x32.png': {
      body: new Uint8Array(readFileSync(join(dist, 'favicon-32x32.png'))),
      type: 'image/png',
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: mounted on the app whatever its env.
export function mountApiReference(app: Hono<any>) {
  let files: ReturnType<typeof assets> | undefined;
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', STRICT_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(PAGE);
  });
  app.get('/docs/assets/:file', (c) => {
    files ??= assets();
    const file = files[c.req.param('file')];
    if (!file) return c.notFound();
    c.header('Content-Type', file.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(file.body);
  });
}
