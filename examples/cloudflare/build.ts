// Builds what `wrangler deploy` uploads from this folder (see README.md): the Workers entry bundled
// into dist/worker.js, and the widget and dashboard laid out in dist/assets under the paths they are
// served at. The workerd test (tests/api/workerd.test.ts) runs exactly this output.
//   npm run build && npx tsx examples/cloudflare/build.ts
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const DEFAULT_OUT_DIR = here('./dist');

/** esbuild as for workerd with nodejs_compat: an ES module, Node built-ins left to the runtime. */
export async function bundleForWorkers(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // `workerd` picks pg-cloudflare, pg's socket over `cloudflare:sockets`.
    conditions: ['workerd', 'worker'],
    mainFields: ['module', 'main'],
    // Node's built-ins come from workerd's nodejs_compat; pg's CommonJS requires them through
    // createRequire, which workerd provides (workerd has no import.meta.url: any absolute path does).
    external: ['cloudflare:*', 'node:*', ...builtinModules],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire('/');" },
    minify: process.env.EDGE_MINIFY !== '0',
    sourcemap: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

export async function buildWorker(outDir = DEFAULT_OUT_DIR): Promise<{ script: string; assets: string }> {
  const sources = { widget: here('../../widget/dist'), dashboard: here('../../api/dashboard/dist') };
  for (const [name, dir] of Object.entries(sources))
    if (!existsSync(dir)) throw new Error(`${name} not built (${dir}): run \`npm run build\` first.`);
  rmSync(outDir, { recursive: true, force: true });
  const assets = `${outDir}/assets`;
  mkdirSync(assets, { recursive: true });
  for (const [name, dir] of Object.entries(sources)) cpSync(dir, `${assets}/${name}`, { recursive: true });

  const script = `${outDir}/worker.js`;
  await bundleForWorkers(here('../../api/src/worker.ts'), script);
  return { script, assets };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { script, assets } = await buildWorker();
  process.stdout.write(`Built ${script} and ${assets}\n`);
}
