// Measures the analytics reads on a seeded shop (tests/bench/analytics-seed.ts): the p50 of each read,
// the server's CPU time per read (median; on SQLite it includes the reader threads' queries, a figure
// the load on a shared machine moves less), and how long a /healthz sent while one of them runs waits
// (the event loop is what they share).
//
//   npx tsx tests/bench/analytics-run.ts /tmp/flywheel-analytics.db
//   npx tsx tests/bench/analytics-run.ts postgres://… bench_analytics   (after analytics-seed-postgres.ts)
//
// The server is the real Node entry in its own process (tests/bench/flywheel-server.ts).
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { startServerProcess } from './server-process.ts';

const path = process.argv[2] ?? '/tmp/flywheel-analytics.db';
// A PostgreSQL URL (and schema) instead of a SQLite file: the same reads on the other dialect.
const database = path.startsWith('postgres')
  ? { BENCH_DATABASE_URL: path, BENCH_DATABASE_SCHEMA: process.argv[3] ?? 'bench_analytics' }
  : { BENCH_DATABASE_URL: `file:${path}` };
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DAY = 86_400_000;
const root = resolve(new URL('../../', import.meta.url).pathname);

// Unpinned by default, as `npm start` runs: the analytics reads run on reader threads (SQLite) or
// PostgreSQL backends beside the event loop, and pinning the server to one core would make those
// threads share it with the loop they exist to keep free. BENCH_PIN=1 pins it to core 0 anyway.
const pin = process.env.BENCH_PIN === '1';
const server = await startServerProcess('tests/bench/flywheel-server.ts', {
  cwd: root,
  pin,
  env: database,
  waitFor: /Demo secret key/,
});
const secret = /Demo secret key (\S+)/.exec(server.output())![1]!;
const now = Date.now();
const since = (days: number) => new Date(now - days * DAY).toISOString();

const reads: [string, string][] = [
  ['stats 30 days', `/v1/stats?from=${since(30)}`],
  ['stats 90 days', `/v1/stats?from=${since(90)}`],
  ['series 30 days by day', `/v1/stats/series?interval=day&from=${since(30)}`],
  ['series 90 days by week', `/v1/stats/series?interval=week&from=${since(90)}`],
  ['cohorts 6 months by month', `/v1/stats/cohorts?period=month&from=${since(183)}`],
  ['cohorts 12 weeks by week', `/v1/stats/cohorts?period=week&from=${since(84)}`],
  ['funnel 30 days', `/v1/stats/funnel?from=${since(30)}`],
  ['critical points', '/v1/stats/critical-points'],
];

// A fresh connection per request: a keep-alive socket the server closes while its event loop is
// blocked would reset the next request and measure nothing.
const timed = (url: string, key?: string) =>
  new Promise<number>((done, fail) => {
    const t = performance.now();
    const req = get(
      server.url + url,
      { agent: false, headers: key ? { Authorization: `Bearer ${key}` } : {} },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? done(performance.now() - t) : fail(new Error(`${url}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', fail);
  });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const results: Record<string, { p50_ms: number; cpu_ms: number; healthz_max_wait_ms: number }> = {};
try {
  for (const [name, url] of reads) {
    await timed(url, secret); // warm-up: the first read pays for the page cache.
    const times: number[] = [];
    const cpu: number[] = [];
    const healthz: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cpuBefore = server.cpuMs() ?? 0;
      const read = timed(url, secret);
      // A probe every 20 ms while the read runs: what any other request of any shop would wait.
      let running = true;
      const probes = (async () => {
        while (running) {
          healthz.push(await timed('/healthz'));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      times.push(await read);
      running = false;
      await probes;
      cpu.push((server.cpuMs() ?? 0) - cpuBefore);
    }
    results[name] = {
      p50_ms: Math.round(median(times)),
      cpu_ms: Math.round(median(cpu)),
      healthz_max_wait_ms: Math.round(Math.max(...healthz)),
    };
    process.stdout.write(
      `${name.padEnd(28)} p50 ${results[name].p50_ms} ms   server CPU ${results[name].cpu_ms} ms   /healthz waited up to ${results[name].healthz_max_wait_ms} ms\n`,
    );
  }
} catch (error) {
  process.stderr.write(`${String(error)}\nserver output:\n${server.output().slice(-3000)}\n`);
  throw error;
} finally {
  await server.stop();
}
process.stdout.write(
  `${JSON.stringify({ database: path.startsWith('postgres') ? 'postgres' : 'sqlite', runs: RUNS, pinned: pin, cores: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 10) / 10), results })}\n`,
);
