// Builds the merchant dashboard into api/dashboard/dist, served by the API at /dashboard.
// `vite --config api/dashboard/vite.config.ts` serves it in development against `npm start` on :8787.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Every browser that runs ES2020 modules supports <link rel=modulepreload>; no polyfill to ship.
    modulePreload: { polyfill: false },
    // Files, never data: URIs, so the page needs no more than `'self'` in its CSP.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8787' } },
});
