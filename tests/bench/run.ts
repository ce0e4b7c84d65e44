// `npm run bench`: Flywheel's hot paths under the pinned protocol — the server under test alone on
// core 0 (`taskset -c 0`), autocannon with 50 connections on core 1 — each printed as a ratio to a
// bare Hono `GET` answering JSON, measured on the same core right before it. Benchmarks report; they
// do not assert: the process fails only if something crashes. See docs/benchmarks.md.
import { fileURLToPath } from 'node:url';
import { bareHonoRequest } from './bare-hono.ts';
import { type Dialect, type FlywheelTarget, type HotPath, startFlywheel } from './flywheel-target.ts';
import { startHttpLoadGenerator } from './http-load.ts';
import type { CaseResult } from './latency-stats.ts';
import { pinningLine } from './pinning.ts';
import { integer, loadLine, machineLine, type PairedRow, summaryLine, table } from './report.ts';
import type { LoadOptions } from './request-spec.ts';
import { startServerProcess } from './server-process.ts';

const options: LoadOptions = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 1),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
};
const dialects: Dialect[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const PLAN: { path: HotPath; name: string }[] = [
  { path: 'click', name: 'bootstrap + click' },
  { path: 'order', name: 'POST /v1/orders, attributed, one referrer' },
];

/** Server CPU µs per answered request over warm-up and window. */
function cpuPerRequest(before: number | undefined, after: number | undefined, result: CaseResult) {
  const answered = result.served + result.warmupServed;
  if (before === undefined || after === undefined || answered === 0) return undefined;
  return ((after - before) * 1000) / answered;
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (what: string) => process.stderr.write(`  … ${what}\n`);

async function main() {
  log(`Flywheel benchmarks — ${new Date().toISOString()}`);
  log(`Machine: ${machineLine()}`);
  log(pinningLine());
  if (process.env.BENCH_ROOT) log(`Flywheel from: ${process.env.BENCH_ROOT}`);
  log(
    `Load: autocannon, ${options.connections} connections; per case ${options.warmupSeconds} s warm-up + ` +
      `${options.seconds} s measured, right after the same for a bare Hono GET (JSON) on the same core.`,
  );
  log(
    "CPU µs/req: the server process's CPU time (/proc) over warm-up and window, per answered request; " +
      'it moves far less than req/s when other processes share the core.',
  );
  if (!process.env.TEST_POSTGRES_URL) log('PostgreSQL: skipped (set TEST_POSTGRES_URL to include it).');
  log(`Before: ${loadLine()}`);
  log();

  const generator = startHttpLoadGenerator();
  const bare = await startServerProcess(fileURLToPath(new URL('./bare-hono.ts', import.meta.url)), {
    cwd: process.cwd(),
  });
  const rows: PairedRow[] = [];
  const checks: string[] = [];
  try {
    for (const dialect of dialects) {
      const target: FlywheelTarget = await startFlywheel(dialect);
      const served = { click: 0, order: 0 };
      try {
        for (const { path, name } of PLAN) {
          const label = dialects.length > 1 ? `${name} [${dialect}]` : name;
          progress(label);
          // The bare server idles on core 0 while Flywheel is measured, and the other way round.
          const bareCpu = bare.cpuMs();
          const baseline: CaseResult = await generator.load(bare.url, bareHonoRequest, options);
          const bareCpuUs = cpuPerRequest(bareCpu, bare.cpuMs(), baseline);
          const targetCpu = target.cpuMs();
          const result = await generator.load(target.url, target.requests[path], options);
          const cpuUs = cpuPerRequest(targetCpu, target.cpuMs(), result);
          served[path] = result.served + result.warmupServed;
          rows.push({ name: label, baseline, result, cpuUs, baselineCpuUs: bareCpuUs });
        }
        const stats = await target.referrerStats();
        const ok = stats.clicks >= served.click && stats.conversions >= served.order;
        checks.push(
          `Check (${dialect}): ${integer.format(stats.clicks)} clicks recorded for ${integer.format(served.click)} ` +
            `click responses; ${integer.format(stats.conversions)} conversions for ` +
            `${integer.format(served.order)} orders answered 201 — ${ok ? 'ok' : 'MISMATCH'}`,
        );
      } finally {
        await target.close();
      }
    }
    log(table('Over HTTP (127.0.0.1; the ratio is to bare Hono in the same run)', rows));
    log();
    log(`After: ${loadLine()}`);
    log();
    log('Summary:');
    for (const row of rows) log(`  ${summaryLine(row)}`);
    log();
    for (const check of checks) log(check);
  } finally {
    await bare.stop();
    generator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark crashed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
