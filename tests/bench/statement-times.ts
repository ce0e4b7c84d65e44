// With BENCH_STATEMENT_TIMES=1, cpu-per-request.ts also times every better-sqlite3 call by its SQL:
// what SQLite itself costs a request, before any JavaScript of ours. Patches the Statement class of
// the better-sqlite3 this file resolves (this checkout's), so under BENCH_ROOT it times that
// checkout only if both share one node_modules.
import Database from 'better-sqlite3';

type Timed = { calls: number; micros: number };
const times = new Map<string, Timed>();
let counting = false;

export function timeStatements(): void {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all'] as const) {
    const original = statement[method] as (this: { source: string }, ...args: unknown[]) => unknown;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!counting) return original.apply(this, args);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = times.get(this.source) ?? { calls: 0, micros: 0 };
        entry.calls++;
        entry.micros += (performance.now() - started) * 1000;
        times.set(this.source, entry);
      }
    };
  }
}

export function startCounting(): void {
  times.clear();
  counting = true;
}

/** The statements by total time, and their sum per request. */
export function statementReport(requests: number): string {
  const rows = [...times].sort((a, b) => b[1].micros - a[1].micros);
  const total = rows.reduce((sum, [, t]) => sum + t.micros, 0);
  const lines = rows
    .slice(0, 20)
    .map(
      ([sql, t]) =>
        `${(t.micros / requests).toFixed(1).padStart(8)} µs a request  ${(t.calls / requests).toFixed(2).padStart(5)} calls  ${sql.replace(/\s+/g, ' ').slice(0, 100)}`,
    );
  return [
    `SQLite (better-sqlite3 calls, wall time on the calling thread): ${(total / requests).toFixed(0)} µs a request`,
    ...lines,
  ].join('\n');
}
