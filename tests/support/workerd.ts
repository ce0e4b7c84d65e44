// The built Workers entry (examples/cloudflare/build.ts) running in workerd through Miniflare, with
// the settings of examples/cloudflare/wrangler.jsonc and a Hyperdrive binding to the test PostgreSQL.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Miniflare, type WorkerOptions } from 'miniflare';
import pg from 'pg';
import { buildWorker } from '../../examples/cloudflare/build.ts';

const exampleDir = fileURLToPath(new URL('../../examples/cloudflare/', import.meta.url));

export interface WranglerConfig {
  name: string;
  compatibility_date: string;
  compatibility_flags: string[];
  hyperdrive: { binding: string; localConnectionString: string }[];
  assets: { binding: string; run_worker_first: boolean; html_handling: string; not_found_handling: string };
  triggers: { crons: string[] };
  vars: Record<string, string>;
}

/** wrangler.jsonc as JSON (it holds whole-line comments only). */
export function readWranglerConfig(): WranglerConfig {
  const text = readFileSync(`${exampleDir}wrangler.jsonc`, 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as WranglerConfig;
}

/**
 * A login role whose default search_path is the test's schema. Hyperdrive pools connections, so
 * per-session settings do not survive between queries: on Workers the schema comes from the role,
 * and so it does here.
 */
export async function createSchemaRole(postgresUrl: string, schema: string) {
  const role = `${schema}_edge`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  // Superuser keeps the test to the app's behaviour rather than to grants; trust auth on loopback.
  await admin.query(`create role ${role} login superuser`);
  await admin.query(`alter role ${role} set search_path = ${schema}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.username = role;
  url.password = 'unused'; // Miniflare wants a password in a Hyperdrive URL; trust auth ignores it.
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop role if exists ${role}`);
      await client.end();
    },
  };
}

export interface EdgeWorkers {
  mf: Miniflare;
  config: WranglerConfig;
  /** The worker as configured in wrangler.jsonc, and beside it the same worker with extra vars. */
  names: { configured: string; variant: string };
  /** The host each answers at through Miniflare's entry (dispatchFetch): the variant has a route. */
  hosts: { configured: string; variant: string };
}

/**
 * Builds the worker and runs it twice in one workerd: as wrangler.jsonc configures it, and a variant
 * with `variantVars` on top (e.g. private webhooks allowed, to reach a loopback receiver).
 */
export async function startEdgeWorkers(options: {
  hyperdriveUrl: string;
  outDir: string;
  secrets: Record<string, string>;
  variantVars: Record<string, string>;
}): Promise<EdgeWorkers> {
  const config = readWranglerConfig();
  const { script, assets } = await buildWorker(options.outDir);
  const [hyperdrive] = config.hyperdrive;
  if (!hyperdrive) throw new Error('wrangler.jsonc binds no Hyperdrive');
  const worker = (name: string, vars: Record<string, string>, routes: string[]): WorkerOptions => ({
    name,
    routes,
    modules: [{ type: 'ESModule', path: script }],
    modulesRoot: options.outDir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    hyperdrives: { [hyperdrive.binding]: options.hyperdriveUrl },
    bindings: { ...config.vars, ...options.secrets, ...vars },
    assets: {
      directory: assets,
      binding: config.assets.binding,
      routerConfig: {
        has_user_worker: true,
        invoke_user_worker_ahead_of_assets: config.assets.run_worker_first,
      },
      assetConfig: {
        html_handling: config.assets.html_handling as 'none',
        not_found_handling: config.assets.not_found_handling as 'none',
      },
    },
  });
  const names = { configured: config.name, variant: `${config.name}-variant` };
  // Host names only route inside Miniflare (dispatchFetch talks to its loopback socket): no lookup.
  const hosts = { configured: '127.0.0.1:8787', variant: 'variant.flywheel.test' };
  const mf = new Miniflare({
    host: '127.0.0.1',
    // The request log (one line per request) is noise here; errors still show.
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume();
      stderr.pipe(process.stderr);
    },
    workers: [
      worker(names.configured, {}, []),
      worker(names.variant, options.variantVars, [`${hosts.variant}/*`]),
    ],
  });
  await mf.ready;
  return { mf, config, names, hosts };
}

/** One Cron Trigger of a worker, as Cloudflare fires it (the first cron in wrangler.jsonc). */
export async function runCron(edge: EdgeWorkers, which: keyof EdgeWorkers['names']): Promise<void> {
  // Miniflare types its handles with @cloudflare/workers-types, which this repository does not install.
  const worker = (await edge.mf.getWorker(edge.names[which])) as unknown as {
    scheduled(options: { cron: string }): Promise<unknown>;
  };
  await worker.scheduled({ cron: edge.config.triggers.crons[0] ?? '* * * * *' });
}
