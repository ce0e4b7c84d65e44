// Flywheel for the benchmark, in its own process: the Node entry's startServer of the checkout at
// BENCH_ROOT (default: this one), request log and background jobs off, the demo merchant on.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.env.BENCH_ROOT ?? new URL('../../', import.meta.url).pathname);
const { startServer } = (await import(
  pathToFileURL(`${root}/api/src/node.ts`).href
)) as typeof import('../../api/src/node.ts');
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: process.env.BENCH_DATABASE_URL!,
  ...(process.env.BENCH_DATABASE_SCHEMA ? { databaseSchema: process.env.BENCH_DATABASE_SCHEMA } : {}),
  demo: true,
  log: false,
  jobs: false,
});
process.stdout.write(
  `running at ${server.url}\nDemo publishable key ${server.demo!.publishableKey}\nDemo secret key ${server.demo!.secretKey}\n`,
);
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
