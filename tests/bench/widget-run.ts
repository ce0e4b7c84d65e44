// `npm run bench:widget` (also run by `npm run bench`): the widget's main-thread cost on a friend's
// first visit, in Debian's Chromium with the CPU slowed 4×, and Lighthouse's mobile profile on the demo
// shop with and without the widget. Reports; asserts nothing. See docs/benchmarks.md.
import { fileURLToPath } from 'node:url';
import { loadLine, machineLine } from './report.ts';
import { launchBenchChromium } from './widget-chromium.ts';
import { traceFriendVisit, type WidgetTask, widgetTasks } from './widget-cpu-time.ts';
import { runLighthouse } from './widget-lighthouse.ts';
import { type LoadResult, longest, measureFriendVisit, median, PHASES } from './widget-long-tasks.ts';
import { type BuildPages, startWidgetScene } from './widget-scene.ts';

const LOADS = Number(process.env.BENCH_WIDGET_LOADS ?? 5);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_WIDGET_LIGHTHOUSE_RUNS ?? 3);
const TRACE_LOADS = Number(process.env.BENCH_WIDGET_TRACE_LOADS ?? 5);
/** Another build's dist directory (e.g. the main branch's) to measure beside this tree's. */
const BASELINE = process.env.BENCH_WIDGET_BASELINE;

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (what: string) => process.stderr.write(`  … ${what}\n`);
const ms = (value: number) => `${Math.round(value)} ms`;

/** Per arm ("no widget", "widget", "widget (baseline)") the results of every load. */
type Arms = Map<string, LoadResult[]>;

function longTaskTable(page: string, arms: Arms): string[] {
  const lines = [
    `Long tasks on a friend's first visit (${page}), median of ${LOADS} fresh loads, CPU 4× slower:`,
  ];
  const header = ['', ...PHASES.map((phase) => `${phase}: widget's longest`), 'any longest (all phases)'];
  const rows = [...arms].map(([arm, loads]) => [
    arm,
    ...PHASES.map((phase) => ms(median(loads.map((load) => longest(load.phases[phase], true))))),
    ms(median(loads.map((load) => longest(PHASES.flatMap((phase) => load.phases[phase]))))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  lines.push(`  ${line(header)}`, ...rows.map((row) => `  ${line(row)}`));
  // What ran in the widget's longest tasks, so a regression names its script and entry point.
  for (const [arm, loads] of arms) {
    const tasks = loads.flatMap((load) =>
      PHASES.flatMap((phase) => load.phases[phase].map((t) => ({ ...t, phase }))),
    );
    const worst = tasks
      .filter((t) => t.widget)
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 3);
    if (worst.length)
      lines.push(
        `  ${arm}, its longest: ${worst.map((t) => `${ms(t.duration)} in ${t.phase} (${t.scripts.join(', ')})`).join('; ')}`,
      );
  }
  return lines;
}

async function longTasks(builds: BuildPages[]): Promise<void> {
  const browser = await launchBenchChromium();
  try {
    for (const page of ['merchant', 'shop'] as const) {
      const arms: Arms = new Map();
      const record = (arm: string, result: LoadResult) => arms.set(arm, [...(arms.get(arm) ?? []), result]);
      // Loads alternate between the arms, so that a burst of load from other processes hits them alike.
      for (let load = 0; load < LOADS; load++) {
        progress(`${page} page, load ${load + 1} of ${LOADS}`);
        const first = builds[0] as BuildPages;
        record('no widget', await measureFriendVisit(browser, first[page], { withWidget: false }));
        for (const build of builds) {
          record(
            `widget (${build.build})`,
            await measureFriendVisit(browser, build[page], { withWidget: true }),
          );
        }
      }
      const title = page === 'shop' ? 'demo shop' : 'bare third-party page';
      for (const line of longTaskTable(title, arms)) log(line);
      log();
    }
  } finally {
    await browser.close();
  }
}

/** The widget's longest task by CPU time per traced visit: what wall-clock figures show on an idle machine. */
async function cpuTimes(builds: BuildPages[]): Promise<void> {
  const browser = await launchBenchChromium();
  try {
    for (const page of ['merchant', 'shop'] as const) {
      const arms = new Map<string, WidgetTask[]>();
      for (let load = 0; load < TRACE_LOADS; load++) {
        progress(`${page} page, traced visit ${load + 1} of ${TRACE_LOADS}`);
        for (const build of builds) {
          const [longestTask] = widgetTasks(await traceFriendVisit(browser, build[page]));
          const arm = `widget (${build.build})`;
          if (longestTask) arms.set(arm, [...(arms.get(arm) ?? []), longestTask]);
        }
      }
      const title = page === 'shop' ? 'demo shop' : 'bare third-party page';
      log(
        `The widget's longest task by CPU time (trace thread time, CPU 4× slower; not stretched by other processes), whole visit, ${title}, ${TRACE_LOADS} traced loads:`,
      );
      for (const [arm, tasks] of arms) {
        const worst = [...tasks].sort((a, b) => b.cpu - a.cpu)[0] as WidgetTask;
        log(
          `  ${arm}: median ${ms(median(tasks.map((t) => t.cpu)))}, max ${ms(worst.cpu)} (${worst.what}; wall ${ms(worst.wall)}); per load ${tasks.map((t) => Math.round(t.cpu)).join(', ')} ms`,
        );
      }
      log();
    }
  } finally {
    await browser.close();
  }
}

async function lighthouseRuns(builds: BuildPages[]): Promise<void> {
  const runs = new Map<string, Awaited<ReturnType<typeof runLighthouse>>[]>();
  const record = (arm: string, run: Awaited<ReturnType<typeof runLighthouse>>) =>
    runs.set(arm, [...(runs.get(arm) ?? []), run]);
  for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
    progress(`Lighthouse, run ${run + 1} of ${LIGHTHOUSE_RUNS}`);
    const first = builds[0] as BuildPages;
    record('no widget', await runLighthouse(first.shop, { withWidget: false }));
    for (const build of builds)
      record(`widget (${build.build})`, await runLighthouse(build.shop, { withWidget: true }));
  }
  log(`Lighthouse ${'mobile'} profile on the demo shop with ?ref=, median of ${LIGHTHOUSE_RUNS} runs:`);
  const none = median((runs.get('no widget') ?? []).map((r) => r.totalBlockingTime));
  for (const [arm, results] of runs) {
    const tbt = median(results.map((r) => r.totalBlockingTime));
    const cls = median(results.map((r) => r.cumulativeLayoutShift));
    const added = arm === 'no widget' ? '' : `, added by the widget ${ms(tbt - none)}`;
    const scripts =
      arm === 'no widget'
        ? ''
        : `, widget scripts ${ms(median(results.map((r) => r.widgetScriptMs)))} main thread`;
    log(
      `  ${arm}: TBT ${ms(tbt)}${added}, CLS ${cls.toFixed(3)}${scripts} (TBT per run: ${results.map((r) => Math.round(r.totalBlockingTime)).join(', ')})`,
    );
  }
}

async function main() {
  log(`Widget benchmark — ${new Date().toISOString()}`);
  log(`Machine: ${machineLine()}`);
  log(`Before: ${loadLine()}`);
  log();
  const builds: Record<string, string> = {
    current: fileURLToPath(new URL('../../widget/dist', import.meta.url)),
  };
  if (BASELINE) builds.baseline = BASELINE;
  const scene = await startWidgetScene(builds);
  try {
    await longTasks(scene.builds);
    await cpuTimes(scene.builds);
    await lighthouseRuns(scene.builds);
  } finally {
    await scene.close();
  }
  log();
  log(`After: ${loadLine()}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`widget benchmark crashed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
