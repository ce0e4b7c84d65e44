// `npx tsx tests/bench/widget-trace.ts [visit|landing|claim|panel]`: what the widget's tasks on a friend's
// visit consist of (docs/widget.md). `visit` (the default) traces the whole visit and lists the widget's
// tasks by CPU time beside wall time; a phase prints, for each task over TRACE_MIN_MS (40) that ran
// widget code, its tree of trace events (timer, script, microtasks, style, layout, paint) and the
// requests it started. WIDGET_DIST / WIDGET_BASELINE pick builds, TRACE_PAGE=shop the demo shop,
// TRACE_LOADS the loads, TRACE_CPU_RATE the slowdown (4). A diagnostic: `npm run bench:widget` measures.
import { fileURLToPath } from 'node:url';
import { launchBenchChromium, throttleCpu } from './widget-chromium.ts';
import {
  label,
  rendererMain,
  TRACE_CATEGORIES,
  type TraceEvent,
  type TraceNode,
  traceFriendVisit,
  widgetTasks,
} from './widget-cpu-time.ts';
import { median } from './widget-long-tasks.ts';
import { startWidgetScene } from './widget-scene.ts';

const dist = process.env.WIDGET_DIST ?? fileURLToPath(new URL('../../widget/dist', import.meta.url));
const phase = process.argv[2] ?? 'visit';
const LOADS = Number(process.env.TRACE_LOADS ?? 3);
const MIN_MS = Number(process.env.TRACE_MIN_MS ?? 40);
const RATE = Number(process.env.TRACE_CPU_RATE ?? 4);
const log = (line = '') => process.stdout.write(`${line}\n`);

function print(node: TraceNode, depth: number, min: number) {
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

function printTrees(events: TraceEvent[]) {
  const main = rendererMain(events);
  for (const task of widgetTasks(events, MIN_MS).sort((a, b) => a.node.event.ts - b.node.event.ts)) {
    log(`— task at ${(task.node.event.ts / 1000).toFixed(0)} ms, CPU ${task.cpu.toFixed(1)} ms`);
    print(task.node, 0, 1.5);
    // Requests the task started: each costs the main thread a few ms (more with the CPU slowed).
    for (const e of main)
      if (e.name === 'ResourceSendRequest' && e.ts >= task.node.event.ts && e.ts <= task.node.end)
        log(
          `    request at +${((e.ts - task.node.event.ts) / 1000).toFixed(1)} ms: ${String(e.args?.data?.url).replace(/\?.*/, '')}`,
        );
  }
}

async function tracePhase(browser: Awaited<ReturnType<typeof launchBenchChromium>>, url: string) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    const page = await context.newPage();
    await throttleCpu(page, RATE);
    const start = () => browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (phase === 'landing') await start();
    await page.goto(url);
    const banner = page.locator('flywheel-widget section.fw-friend');
    await banner.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    if (phase === 'claim') {
      await start();
      await banner.getByRole('textbox').fill(`friend-${Date.now()}@example.org`);
      await banner.getByRole('button', { name: 'Claim offer' }).click();
      await banner.locator('input.fw-code').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
    }
    if (phase === 'panel') {
      await start();
      await page.locator('flywheel-widget .fw-launcher').click();
      await page.locator('flywheel-widget [role="dialog"]').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
    }
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as
      | { traceEvents: TraceEvent[] }
      | TraceEvent[];
    printTrees(Array.isArray(trace) ? trace : trace.traceEvents);
  } finally {
    await context.close();
  }
}

async function main() {
  const builds: Record<string, string> = { current: dist };
  if (process.env.WIDGET_BASELINE) builds.baseline = process.env.WIDGET_BASELINE;
  const scene = await startWidgetScene(builds);
  const browser = await launchBenchChromium();
  const worst = new Map<string, number[]>();
  try {
    for (let load = 0; load < LOADS; load++) {
      for (const build of scene.builds) {
        const url = process.env.TRACE_PAGE === 'shop' ? build.shop : build.merchant;
        log(`=== ${build.build}, load ${load + 1}, ${phase}`);
        if (phase !== 'visit') {
          await tracePhase(browser, url);
          continue;
        }
        const tasks = widgetTasks(await traceFriendVisit(browser, url, RATE));
        for (const task of tasks.slice(0, 4))
          log(`  CPU ${task.cpu.toFixed(1)} ms, wall ${task.wall.toFixed(1)} ms: ${task.what}`);
        worst.set(build.build, [...(worst.get(build.build) ?? []), tasks[0]?.cpu ?? 0]);
      }
    }
    for (const [name, values] of worst)
      log(
        `${name}: the widget's longest task by CPU time, per load ${values.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(values).toFixed(0)} ms)`,
      );
  } finally {
    await browser.close();
    await scene.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
