// `npx tsx tests/bench/latency-trace.ts [order|click]`: where a hot path's latency goes under the
// bench's load, request by request. The server runs as in `npm run bench` (its own process on core
// 0) with latency-trace-probe.mjs loaded; autocannon, in this process (run it on core 1:
// `taskset -c 1 npx tsx …`), tags each request with an id and notes when it sent it. Joined on the
// monotonic clock both processes read, each answer splits into the time its bytes waited in the
// socket before the server parsed them, and the time from parsing to the finished answer.
// TEST_POSTGRES_URL set: PostgreSQL instead of SQLite. BENCH_NEW_CONNECTIONS=1 runs warm-up and window
// as two autocannon runs (new connections at the window's start), as the bench did before
// 30 November 2026. See docs/benchmarks.md, "The order's latency tail".
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startFlywheel } from './flywheel-target.ts';
import { loadLine } from './report.ts';
import { bodyFiller } from './request-spec.ts';

const path = process.argv[2] === 'click' ? 'click' : 'order';
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const newConnections = process.env.BENCH_NEW_CONNECTIONS === '1';

const out = join(mkdtempSync(join(tmpdir(), 'flywheel-trace-')), 'server.json');
const probe = fileURLToPath(new URL('./latency-trace-probe.mjs', import.meta.url));
// The server process inherits this environment (server-process.ts); this process has loaded already.
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${probe}`;
process.env.LATENCY_TRACE_OUT = out;
const target = await startFlywheel(process.env.TEST_POSTGRES_URL ? 'postgres' : 'sqlite');
delete process.env.NODE_OPTIONS;

const spec = target.requests[path];
const fill = bodyFiller('TR');
const now = () => Number(process.hrtime.bigint()) / 1e6;
let nextId = 0;
interface Sent {
  id: number;
  status: number;
  sent: number;
  latency: number;
  /** 0 for a connection's first request. */
  nth: number;
}
const answers: Sent[] = [];

function load(duration: number): Promise<void> {
  const perConnection = new Map<unknown, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections,
        pipelining: 1,
        duration,
        sampleInt: 100,
        timeout: 10,
        requests: [
          {
            method: spec.method,
            path: spec.path,
            headers: spec.headers,
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'x-trace-id': String(nextId++) },
              ...(spec.body === undefined ? {} : { body: fill(spec.body) }),
            }),
          },
        ],
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on('response', (client, status, _bytes, latency) => {
      // The buffer autocannon sent carries the id; the answer is to the one request in flight.
      const buffer = (client as unknown as { requestIterator: { currentRequest: { requestBuffer: Buffer } } })
        .requestIterator.currentRequest.requestBuffer;
      const id = Number(/x-trace-id: (\d+)/i.exec(buffer.toString('latin1'))?.[1]);
      const nth = perConnection.get(client) ?? 0;
      perConnection.set(client, nth + 1);
      answers.push({ id, status, sent: now() - latency, latency, nth });
    });
  });
}

const loadBefore = loadLine();
const windowStart = now() + warmupSeconds * 1000;
if (newConnections) {
  await load(warmupSeconds);
  await load(seconds);
} else {
  await load(warmupSeconds + seconds);
}
const loadAfter = loadLine();
await target.close();

interface ServerTrace {
  requests: { id: number; parsed: number; finished: number }[];
  connections: number[];
  gcs: { at: number; ms: number }[];
  stalls: { at: number; ms: number }[];
}
const server = JSON.parse(readFileSync(out, 'utf8')) as ServerTrace;
const byId = new Map(server.requests.map((r) => [r.id, r]));
const measured = answers.filter((a) => a.sent >= windowStart && a.status === spec.expectStatus);

const percentile = (values: number[], p: number) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : Number.NaN;
};
const ms = (n: number) => n.toFixed(1).padStart(8);
const row = (name: string, values: number[]) =>
  `  ${name.padEnd(44)}${ms(percentile(values, 0.5))}${ms(percentile(values, 0.9))}${ms(percentile(values, 0.99))}${ms(Math.max(...values))}`;

const phases = (subset: Sent[]) => {
  const joined = subset.flatMap((a) => {
    const s = byId.get(a.id);
    return s?.finished ? [{ a, s }] : [];
  });
  return [
    row(
      'in the socket, before the server parsed it',
      joined.map(({ a, s }) => s.parsed - a.sent),
    ),
    row(
      'parsed to answer finished (inside the server)',
      joined.map(({ s }) => s.finished - s.parsed),
    ),
    row(
      'as the load generator saw it',
      joined.map(({ a }) => a.latency),
    ),
  ];
};

const inWindow = <T extends { at: number }>(list: T[]) => list.filter((e) => e.at >= windowStart);
const firsts = measured.filter((a) => a.nth === 0);
const slowest = [...measured]
  .sort((x, y) => y.latency - x.latency)
  .slice(0, Math.ceil(measured.length / 100));
const log = (line = '') => process.stdout.write(`${line}\n`);
log(
  `Latency trace: ${spec.method} ${path} [${target.dialect}], ${connections} connections, ` +
    `${warmupSeconds} s warm-up + ${seconds} s window${newConnections ? ', new connections for the window' : ''}`,
);
log(`Before: ${loadBefore}`);
log(`After: ${loadAfter}`);
log(`${measured.length} answers in the window (${(measured.length / seconds).toFixed(0)}/s)`);
log(`  ${'ms'.padEnd(44)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`);
for (const line of phases(measured)) log(line);
if (firsts.length > 0) {
  log(`A connection's first request in the window (${firsts.length}):`);
  for (const line of phases(firsts)) log(line);
}
log(
  `The slowest 1 % (${slowest.length}): ${slowest.filter((a) => a.nth === 0).length} were a connection's first request`,
);
const stalls = inWindow(server.stalls);
const gcs = inWindow(server.gcs);
log(
  `Event loop: ${stalls.length} stalls over 20 ms in the window, ${stalls.reduce((t, s) => t + s.ms, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...stalls.map((s) => s.ms)).toFixed(0)} ms`,
);
log(
  `GC: ${gcs.length} pauses in the window, ${gcs.reduce((t, g) => t + g.ms, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...gcs.map((g) => g.ms)).toFixed(1)} ms`,
);
log(`Connections accepted in the window: ${inWindow(server.connections.map((at) => ({ at }))).length}`);
