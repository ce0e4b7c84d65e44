// `npm run jobs -- once`: one pass of every background job against DATABASE_URL, then exit.
// `npm run jobs`: keep running them (a worker process beside API instances on PostgreSQL).
import { systemClock } from '../clock.ts';
import { configFromEnv } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import { resolveHostWithDns } from '../node-dns.ts';
import { createPinnedFetch } from '../node-pinned-fetch.ts';
import { createMerchantCache } from '../store/merchant-cache.ts';
import { backgroundJobs } from './all.ts';
import { startJobs } from './scheduler.ts';

const db = connectDatabase(process.env.DATABASE_URL);
await migrateToLatest(db);
const deps: Deps = {
  db,
  clock: systemClock,
  config: configFromEnv(process.env, Number(process.env.PORT ?? 8787)),
  cache: createMerchantCache(),
  resolveHost: resolveHostWithDns,
};
deps.webhookFetch = createPinnedFetch({ allowPrivate: deps.config.allowPrivateWebhooks });
const jobs = backgroundJobs(deps);

if (process.argv.includes('once')) {
  for (const job of jobs) {
    const result = await job.run();
    process.stdout.write(`${JSON.stringify({ job: job.name, result })}\n`);
  }
  await db.destroy();
} else {
  const stop = startJobs(jobs, (job, error) => process.stderr.write(`${job} failed: ${String(error)}\n`));
  process.stdout.write(`Running ${jobs.map((j) => j.name).join(', ')}. Ctrl-C stops.\n`);
  const shutdown = async () => {
    await stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
