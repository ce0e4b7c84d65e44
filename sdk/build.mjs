// Builds dist/: ESM JavaScript (esbuild, bundled per entry, no Node built-ins) and one .d.ts per
// entry (rollup-plugin-dts). The types come from the API's valibot schemas; `respectExternal` inlines
// the valibot types they use, so the package depends on neither api/ nor valibot.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const entries = { server: here('src/server.ts'), browser: here('src/browser.ts') };
const outdir = here('dist');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  logLevel: 'warning',
});
const types = await rollup({
  input: entries,
  plugins: [
    dts({
      respectExternal: true,
      tsconfig: here('../tsconfig.json'),
      compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true },
    }),
  ],
  onwarn(warning, warn) {
    // The shared chunk's valibot and schema types are reachable only through the entries' own
    // exported types; consumers name those (Customer, Order…), never the chunk's internals.
    if (warning.plugin === 'dts' && /private shared type exports/.test(warning.message)) return;
    warn(warning);
  },
});
await types.write({ dir: outdir, format: 'es', chunkFileNames: 'shared-[hash].d.ts' });
await types.close();
