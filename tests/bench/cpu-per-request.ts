// `npx tsx tests/bench/cpu-per-request.ts [click|order]`: the CPU one hot-path request costs inside
// the app (app.fetch, no sockets), 50 in flight, after a warm-up: the figure to compare two
// checkouts by on a shared machine, where requests per second move with the neighbours and this
// barely does. BENCH_ROOT measures another checkout's app with the same requests. Run it pinned
// (`taskset -c 0`) and alternate the checkouts. SQLite (a temp file) only. BENCH_STATEMENT_TIMES=1
// adds what each SQL statement took (statement-times.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { startCounting, statementReport, timeStatements } from './statement-times.ts';

const timing = process.env.BENCH_STATEMENT_TIMES === '1';
if (timing) timeStatements();

type Module = Record<string, (...args: never[]) => unknown>;
const root = resolve(process.env.BENCH_ROOT ?? new URL('../../', import.meta.url).pathname);
const load = async (path: string) => (await import(pathToFileURL(`${root}/${path}`).href)) as Module;
const { createApp } = (await load('api/src/app.ts')) as unknown as typeof import('../../api/src/app.ts');
const { connectDatabase } = (await load(
  'api/src/db/connect.ts',
)) as unknown as typeof import('../../api/src/db/connect.ts');
const { migrateToLatest } = (await load(
  'api/src/db/migrate.ts',
)) as unknown as typeof import('../../api/src/db/migrate.ts');
const { ensureDemoMerchant } = (await load(
  'api/src/store/demo.ts',
)) as unknown as typeof import('../../api/src/store/demo.ts');
const { systemClock } = (await load(
  'api/src/clock.ts',
)) as unknown as typeof import('../../api/src/clock.ts');

const path = process.argv[2] === 'order' ? 'order' : 'click';
const IN_FLIGHT = 50;
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 1000);
const MEASURED = Number(process.env.BENCH_REQUESTS ?? (path === 'click' ? 4000 : 1500));

const dir = mkdtempSync(join(tmpdir(), 'flywheel-cpu-'));
// As the server opens it (api/src/node.ts).
const db = connectDatabase(`file:${join(dir, 'flywheel.db')}`, { checkpointInBackground: true });
await migrateToLatest(db);
const origin = 'http://127.0.0.1:9';
const merchant = await ensureDemoMerchant(db, [origin], new Date());
const app = createApp({
  db,
  clock: systemClock,
  config: {
    publicUrl: origin,
    adminToken: undefined,
    allowPrivateWebhooks: false,
    log: false,
    clientIp: () => '127.0.0.1',
  },
});
const secret = { Authorization: `Bearer ${merchant.secret_key}`, 'Content-Type': 'application/json' };
const seeded = await app.fetch(
  new Request(`${origin}/v1/customers`, {
    method: 'POST',
    headers: secret,
    body: JSON.stringify({ external_id: 'bench_referrer', name: 'Ann Lee', email: 'ann@shop.example' }),
  }),
);
const { referral_code: code } = (await seeded.json()) as { referral_code: string };

let n = 0;
function nextRequest(): Request {
  const u = n++;
  const body =
    path === 'click'
      ? JSON.stringify({ visitor_id: `vis_${u}_bench`, ref: code, url: `${origin}/?ref=${code}` })
      : JSON.stringify({
          external_id: `order_${u}`,
          customer: { external_id: `friend_${u}`, email: `friend_${u}@example.com` },
          amount: 5000,
          currency: 'USD',
          referral_code: code,
        });
  const headers =
    path === 'click' ? { 'Content-Type': 'application/json', Origin: origin, 'User-Agent': 'bench' } : secret;
  const url =
    path === 'click'
      ? `${origin}/v1/client/bootstrap?key=${merchant.publishable_key}`
      : `${origin}/v1/orders`;
  return new Request(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    body,
  });
}

async function run(count: number) {
  let left = count;
  const expected = path === 'click' ? 200 : 201;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) {
        const res = await app.fetch(nextRequest());
        if (res.status !== expected) throw new Error(`${res.status} ${await res.text()}`);
        await res.text();
      }
    }),
  );
}

await run(WARMUP);
if (timing) startCounting();
const io = writesSoFar();
const started = process.cpuUsage();
const wall = performance.now();
await run(MEASURED);
const cpu = process.cpuUsage(started);
const seconds = (performance.now() - wall) / 1000;
process.stdout.write(
  `${path} (${root}): ${Math.round((cpu.user + cpu.system) / MEASURED)} µs CPU a request, ` +
    `${Math.round(MEASURED / seconds)} req/s wall, ${MEASURED} requests after ${WARMUP} warm-up\n`,
);
const written = writesSoFar();
if (io && written) {
  process.stdout.write(
    `writes a request: ${((written.calls - io.calls) / MEASURED).toFixed(1)} system calls, ` +
      `${((written.bytes - io.bytes) / MEASURED / 1024).toFixed(1)} KiB (all threads)\n`,
  );
}
if (timing) process.stdout.write(`${statementReport(MEASURED)}\n`);
await db.destroy();
rmSync(dir, { recursive: true, force: true });

/** The process's write system calls and bytes so far (Linux); SQLite's log and journals are most. */
function writesSoFar(): { calls: number; bytes: number } | undefined {
  try {
    const fields = Object.fromEntries(
      readFileSync('/proc/self/io', 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(': ')),
    );
    return { calls: Number(fields.syscw), bytes: Number(fields.wchar) };
  } catch {
    return undefined;
  }
}
