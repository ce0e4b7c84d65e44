// Plain-text output of a benchmark run: the machine, then one table per section in which every case
// stands beside the baseline measured just before it.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { CaseResult } from './latency-stats.ts';

export interface PairedRow {
  name: string;
  result: CaseResult;
  /** The bare Hono baseline, measured right before this case. */
  baseline: CaseResult;
  /** Server CPU time per answered request, µs (warm-up and window), where /proc tells it. */
  cpuUs?: number | undefined;
  baselineCpuUs?: number | undefined;
}

/** Bare Hono's CPU per request over the case's: what the ratio would be with the core to itself. */
export function cpuRatio(row: PairedRow): number | undefined {
  return row.cpuUs && row.baselineCpuUs ? row.baselineCpuUs / row.cpuUs : undefined;
}

export function machineLine(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `${cores.length} cores (${model}), ${memory}, ${platform()} ${release()}, Node ${process.version}`;
}

/** Other processes compete for the same cores; the load average says how much they did. */
export function loadLine(): string {
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${cpus().length} cores`;
}

export const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (value: number | null) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(2));
const times = (value: number) => `${value.toFixed(2)}×`;

export function ratio(row: PairedRow): number {
  return row.result.requestsPerSecond / row.baseline.requestsPerSecond;
}

export function table(title: string, rows: PairedRow[]): string {
  const header = [
    'case',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'bare Hono req/s',
    'ratio',
    'CPU µs/req',
    'bare CPU µs/req',
    'CPU ratio',
  ];
  const optional = (value: number | undefined, format: (n: number) => string) =>
    value === undefined ? '—' : format(value);
  const cells = rows.map((row) => [
    row.name,
    integer.format(row.result.requestsPerSecond),
    ms(row.result.p50),
    ms(row.result.p99),
    integer.format(row.result.non2xx),
    integer.format(row.result.errors),
    integer.format(row.baseline.requestsPerSecond),
    times(ratio(row)),
    optional(row.cpuUs, integer.format),
    optional(row.baselineCpuUs, integer.format),
    optional(cpuRatio(row), times),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((cell) => cell[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');

  const baselines = rows.map((row) => row.baseline);
  const range = (pick: (r: CaseResult) => number, format: (n: number) => string) => {
    const values = baselines.map(pick);
    return `${format(Math.min(...values))}–${format(Math.max(...values))}`;
  };
  const notes = [
    `  bare Hono across its ${rows.length} runs: ${range((r) => r.requestsPerSecond, integer.format)} req/s, ` +
      `p50 ${range((r) => r.p50, ms)} ms, p99 ${range((r) => r.p99, ms)} ms (that spread is the noise floor)`,
    ...[
      ...rows,
      ...rows.map((row) => ({ ...row, name: `bare Hono before ${row.name}`, result: row.baseline })),
    ]
      .filter((row) => row.result.errors > 0 || Object.keys(row.result.unexpected).length > 0)
      .map(({ name, result }) => {
        const statuses = Object.entries(result.unexpected).map(([s, n]) => `${s} ×${integer.format(n)}`);
        if (result.errors > 0) statuses.push(`socket errors/timeouts ×${integer.format(result.errors)}`);
        return `  ! ${name}: ${statuses.join(', ')} — not counted in req/s or latency`;
      }),
  ];
  return [title, `  ${line(header)}`, ...cells.map((row) => `  ${line(row)}`), ...notes].join('\n');
}

/** The one-line form, e.g. "bootstrap + click: 2,950 req/s = 0.21× bare Hono". */
export function summaryLine(row: PairedRow): string {
  const cpu = cpuRatio(row);
  return (
    `${row.name}: ${integer.format(row.result.requestsPerSecond)} req/s = ${times(ratio(row))} bare Hono` +
    (cpu === undefined
      ? ''
      : `; ${integer.format(row.cpuUs!)} µs of server CPU a request = ${times(cpu)} bare Hono's`)
  );
}
