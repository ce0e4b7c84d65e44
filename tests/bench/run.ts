// `npm run bench`: Flywheel's hot paths (DESIGN.md §6) under a fixed load, each printed as a ratio to
// a bare Hono JSON route measured in the same run, right before it. Benchmarks report; they do not
// assert — the process fails only if something crashes. See docs/benchmarks.md.
import { bareHonoApp, bareHonoRequest, startBareHono } from './bare-hono.ts';
import { type Dialect, type FlywheelTarget, type HotPath, startFlywheel } from './flywheel-target.ts';
import { startHttpLoadGenerator } from './http-load.ts';
import { loadInProcess } from './in-process-load.ts';
import type { CaseResult } from './latency-stats.ts';
import { integer, loadLine, machineLine, type PairedRow, summaryLine, table } from './report.ts';
import type { LoadOptions } from './request-spec.ts';

const options: LoadOptions = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 1),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
};
// The baseline's code is tiny and stays hot between its runs: a shorter warm-up does.
const baselineOptions: LoadOptions = { ...options, warmupSeconds: options.warmupSeconds / 2 };
const dialects: Dialect[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * The order runs add a customer per order, and reading a customer costs more the more customers the
 * shop has (the top-decile spend is computed per request), so its label says how many there were.
 */
const PLAN: { path: HotPath; name: string }[] = [
  { path: 'click', name: 'bootstrap + click' },
  { path: 'pageView', name: 'bootstrap (page view)' },
  { path: 'order', name: 'POST /v1/orders' },
  { path: 'customer', name: 'GET /v1/customers/{id}' },
];

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (what: string) => process.stderr.write(`  … ${what}\n`);

/**
 * The baseline runs right before each case rather than once per run: on a shared machine the load
 * from other processes drifts over a minute, and a ratio of two runs seconds apart drifts less.
 */
async function paired(
  name: string,
  measureBaseline: () => Promise<CaseResult>,
  measureCase: () => Promise<CaseResult>,
): Promise<PairedRow> {
  progress(name);
  const baseline = await measureBaseline();
  return { name, baseline, result: await measureCase() };
}

async function main() {
  log(`Flywheel benchmarks — ${new Date().toISOString()}`);
  log(`Machine: ${machineLine()}`);
  log(
    `Load: ${options.connections} concurrent requests; per case ${options.warmupSeconds} s warm-up + ` +
      `${options.seconds} s measured, after a bare Hono run (${baselineOptions.warmupSeconds} s + ` +
      `${options.seconds} s). HTTP load comes from a separate process (autocannon).`,
  );
  if (!process.env.TEST_POSTGRES_URL) log('PostgreSQL: skipped (set TEST_POSTGRES_URL to include it).');
  log(`Before: ${loadLine()}`);
  log();

  const generator = startHttpLoadGenerator();
  const bare = await startBareHono();
  const bareInProcess = bareHonoApp();
  const targets: FlywheelTarget[] = [];
  const rows: { http: PairedRow[]; inProcess: PairedRow[] } = { http: [], inProcess: [] };
  /** Per dialect: click responses served and click requests sent, warm-up included. */
  const clicks = new Map<Dialect, { served: number; sent: number }>();
  const countClicks = (dialect: Dialect, result: CaseResult) => {
    const seen = clicks.get(dialect) ?? { served: 0, sent: 0 };
    clicks.set(dialect, {
      served: seen.served + result.served + result.warmupServed,
      sent: seen.sent + result.sent,
    });
  };

  try {
    for (const dialect of dialects) {
      const target = await startFlywheel(dialect);
      targets.push(target);
      for (const { path, name } of PLAN) {
        const spec = target.requests[path];
        let label = dialects.length > 1 ? `${name} [${dialect}]` : name;
        if (path === 'customer') label += `, ${integer.format(await target.customerCount())} customers`;
        const http = await paired(
          label,
          () => generator.load(bare.url, bareHonoRequest, baselineOptions),
          () => generator.load(target.url, spec, options),
        );
        rows.http.push(http);
        if (path === 'click') countClicks(dialect, http.result);
        // In-process right after, so that both see the same database (SQLite only: it is the default).
        if (dialect !== 'sqlite') continue;
        const inProcess = await paired(
          `${label} (in-process)`,
          () => loadInProcess(bareInProcess, bareHonoRequest, baselineOptions),
          () => loadInProcess(target.app, spec, options),
        );
        rows.inProcess.push({ ...inProcess, name: label });
        if (path === 'click') countClicks(dialect, inProcess.result);
      }
    }

    log(table('Over HTTP (127.0.0.1, @hono/node-server; the ratio is to bare Hono over HTTP)', rows.http));
    log();
    log(
      table(
        'In-process (app.request, no sockets; SQLite; the ratio is to bare Hono in-process)',
        rows.inProcess,
      ),
    );
    log();
    log(`After: ${loadLine()}`);
    log();
    log('Summary (over HTTP):');
    for (const row of rows.http) log(`  ${summaryLine(row)}`);
    log();

    // A click endpoint that answered 200 without recording the click must not look fast. Requests
    // still in flight when a phase stopped were recorded but never answered, hence a range.
    for (const target of targets) {
      const recorded = await target.recordedClicks();
      const { served, sent } = clicks.get(target.dialect) ?? { served: 0, sent: 0 };
      const verdict = recorded >= served && recorded <= sent ? 'ok' : 'MISMATCH';
      log(
        `Check (${target.dialect}): ${integer.format(recorded)} clicks recorded for ` +
          `${integer.format(served)} click responses and ${integer.format(sent)} click requests — ${verdict}`,
      );
    }
  } finally {
    for (const target of targets) await target.close();
    await bare.close();
    generator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark crashed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
