// `npx tsx tests/bench/widget-trace.ts [landing|panel|claim]`: what the long tasks of a friend's first
// visit consist of. A Chromium performance trace (CPU 4× slower) of the phase, and for every task over
// `TRACE_MIN_MS` (default 40) that touched the widget: its tree of trace events (timer, script, style
// recalculation, layout, paint…) with their durations, so a long task names its parts. A diagnostic,
// not a figure: `npm run bench:widget` measures. WIDGET_DIST picks another build, TRACE_PAGE=shop the demo shop.
import { fileURLToPath } from 'node:url';
import { launchBenchChromium, throttleCpu } from './widget-chromium.ts';
import { startWidgetScene } from './widget-scene.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time of the thread in the event (µs): unlike `dur`, not stretched by other busy processes. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}
interface Node {
  event: TraceEvent;
  end: number;
  children: Node[];
}

const dist = process.env.WIDGET_DIST ?? fileURLToPath(new URL('../../widget/dist', import.meta.url));
const phase = process.argv[2] ?? 'visit';
const LOADS = Number(process.env.TRACE_LOADS ?? 3);
const MIN_MS = Number(process.env.TRACE_MIN_MS ?? 40);
const log = (line = '') => process.stdout.write(`${line}\n`);
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
].join(',');

function label(event: TraceEvent): string {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  const file = typeof data.url === 'string' ? data.url.replace(/.*\//, '').replace(/\?.*/, '') : '';
  const fn = typeof data.functionName === 'string' ? data.functionName : '';
  const line = typeof data.lineNumber === 'number' ? `:${data.lineNumber}:${data.columnNumber ?? ''}` : '';
  const extra = [file && `${file}${line}`, fn, typeof data.type === 'string' ? data.type : ''].filter(
    Boolean,
  );
  return extra.length ? `${event.name} (${extra.join(' ')})` : event.name;
}

function tree(events: TraceEvent[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  const sorted = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  for (const event of sorted) {
    const node = { event, end: event.ts + (event.dur ?? 0), children: [] };
    while (stack.length && (stack.at(-1) as Node).end <= event.ts) stack.pop();
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  }
  return roots;
}

function print(node: Node, depth: number, min: number) {
  const ms = (node.event.dur ?? 0) / 1000;
  const childMs = node.children.reduce((sum, c) => sum + (c.event.dur ?? 0) / 1000, 0);
  log(
    `${'  '.repeat(depth + 1)}${ms.toFixed(1).padStart(6)} ms (self ${(ms - childMs).toFixed(1)})  ${label(node.event)}`,
  );
  // Children under the threshold are summed by name, so many small ones still show.
  const small = new Map<string, { ms: number; n: number }>();
  for (const child of node.children) {
    const cms = (child.event.dur ?? 0) / 1000;
    if (cms >= min) print(child, depth + 1, min);
    else {
      const entry = small.get(child.event.name) ?? { ms: 0, n: 0 };
      small.set(child.event.name, { ms: entry.ms + cms, n: entry.n + 1 });
    }
  }
  for (const [name, { ms: sms, n }] of small)
    if (sms >= 1)
      log(`${'  '.repeat(depth + 2)}${sms.toFixed(1).padStart(6)} ms  ${n}× ${name} (each < ${min} ms)`);
}

const GENERIC = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'TimerBase::run', 'AsyncTask Run']);
function firstLabel(node: Node): string {
  if (!GENERIC.has(node.event.name) || node.children.length === 0) return label(node.event);
  const biggest = [...node.children].sort((a, b) => (b.event.dur ?? 0) - (a.event.dur ?? 0))[0] as Node;
  return firstLabel(biggest);
}

/** In `visit` mode: the widget's tasks of one load, with their wall and CPU time. */
let summary: { wall: number; cpu: number; what: string }[] = [];

function report(events: TraceEvent[]) {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`));
  const tasks = tree(main).filter((n) => (n.event.dur ?? 0) / 1000 >= MIN_MS);
  for (const task of tasks) {
    const flat: Node[] = [];
    const walk = (n: Node) => {
      flat.push(n);
      n.children.forEach(walk);
    };
    walk(task);
    if (!flat.some((n) => /\/widget\//.test(JSON.stringify(n.event.args ?? {})))) continue;
    if (phase === 'visit') {
      summary.push({
        wall: (task.event.dur ?? 0) / 1000,
        cpu: (task.event.tdur ?? 0) / 1000,
        what: firstLabel(task),
      });
      continue;
    }
    log(`— task at ${(task.event.ts / 1000).toFixed(0)} ms`);
    print(task, 0, 1.5);
    // Requests the task started: each costs the main thread a few ms (more with the CPU slowed).
    for (const e of main)
      if (e.name === 'ResourceSendRequest' && e.ts >= task.event.ts && e.ts <= task.end)
        log(
          `    request at +${((e.ts - task.event.ts) / 1000).toFixed(1)} ms: ${String(e.args?.data?.url).replace(/\?.*/, '')}`,
        );
  }
}

async function main() {
  const builds: Record<string, string> = { current: dist };
  if (process.env.WIDGET_BASELINE) builds.baseline = process.env.WIDGET_BASELINE;
  const scene = await startWidgetScene(builds);
  const browser = await launchBenchChromium();
  const worst = new Map<string, number[]>();
  try {
    for (let visit = 0; visit < LOADS * scene.builds.length; visit++) {
      const load = Math.floor(visit / scene.builds.length);
      const build = scene.builds[visit % scene.builds.length] as (typeof scene.builds)[number];
      const url = process.env.TRACE_PAGE === 'shop' ? build.shop : build.merchant;
      {
        log(`=== ${build.build}, load ${load + 1}, ${phase}`);
        summary = [];
        const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
        const page = await context.newPage();
        await throttleCpu(page, Number(process.env.TRACE_CPU_RATE ?? 4));
        if (phase === 'landing' || phase === 'visit')
          await browser.startTracing(page, { categories: CATEGORIES.split(',') });
        await page.goto(url);
        const banner = page.locator('flywheel-widget section.fw-friend');
        await banner.waitFor({ timeout: 30_000 });
        await page.waitForTimeout(3000);
        if (phase === 'claim' || phase === 'visit') {
          if (phase === 'claim') await browser.startTracing(page, { categories: CATEGORIES.split(',') });
          await banner.getByRole('textbox').fill(`friend-${Date.now()}@example.org`);
          await banner.getByRole('button', { name: 'Claim offer' }).click();
          await banner.locator('input.fw-code').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(1000);
        }
        if (phase === 'panel' || phase === 'visit') {
          if (phase === 'panel') await browser.startTracing(page, { categories: CATEGORIES.split(',') });
          await page.locator('flywheel-widget .fw-launcher').click();
          await page.locator('flywheel-widget [role="dialog"]').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(1000);
        }
        const buffer = await browser.stopTracing();
        const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
        report(Array.isArray(trace) ? trace : trace.traceEvents);
        await context.close();
        if (phase === 'visit') {
          summary.sort((a, b) => b.cpu - a.cpu);
          for (const task of summary.slice(0, 4))
            log(`  cpu ${task.cpu.toFixed(1)} ms, wall ${task.wall.toFixed(1)} ms: ${task.what}`);
          worst.set(build.build, [...(worst.get(build.build) ?? []), summary[0]?.cpu ?? 0]);
        }
      }
    }
    for (const [name, values] of worst) {
      const sorted = [...values].sort((a, b) => a - b);
      log(
        `${name}: the widget's longest task in CPU time, per load: ${values.map((x) => x.toFixed(0)).join(', ')} ms (median ${sorted[sorted.length >> 1]?.toFixed(0)} ms)`,
      );
    }
  } finally {
    await browser.close();
    await scene.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
