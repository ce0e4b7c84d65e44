// The widget's tasks on a friend's visit by CPU time: a Chromium trace of the whole visit (landing, claim,
// panel; CPU 4× slower) and, for every main-thread task that ran widget code, its thread time next to
// its wall time. With throttling on, the throttled work counts as thread time, but time spent waiting
// for a core does not: unlike wall-clock long tasks, the figure holds on a machine shared with other
// busy processes. Used by `npm run bench:widget` and `tests/bench/widget-trace.ts visit`.
import type { Browser, Page } from 'playwright-core';
import { throttleCpu } from './widget-chromium.ts';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time of the thread in the event (µs). */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

export interface TraceNode {
  event: TraceEvent;
  end: number;
  children: TraceNode[];
}

export interface WidgetTask {
  wall: number;
  cpu: number;
  /** The task's biggest named part: "TimerFire", "EventDispatch (click)", "Layout"… */
  what: string;
  node: TraceNode;
}

export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
];

export function label(event: TraceEvent): string {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  const file = typeof data.url === 'string' ? data.url.replace(/.*\//, '').replace(/\?.*/, '') : '';
  const fn = typeof data.functionName === 'string' ? data.functionName : '';
  const line = typeof data.lineNumber === 'number' ? `:${data.lineNumber}:${data.columnNumber ?? ''}` : '';
  const extra = [file && `${file}${line}`, fn, typeof data.type === 'string' ? data.type : ''].filter(
    Boolean,
  );
  return extra.length ? `${event.name} (${extra.join(' ')})` : event.name;
}

/** Complete events nested by time: each top-level node is one task of the thread. */
export function tree(events: TraceEvent[]): TraceNode[] {
  const roots: TraceNode[] = [];
  const stack: TraceNode[] = [];
  const sorted = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  for (const event of sorted) {
    const node = { event, end: event.ts + (event.dur ?? 0), children: [] };
    while (stack.length && (stack.at(-1) as TraceNode).end <= event.ts) stack.pop();
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  }
  return roots;
}

const GENERIC = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'TimerBase::run', 'AsyncTask Run']);
function firstLabel(node: TraceNode): string {
  if (!GENERIC.has(node.event.name) || node.children.length === 0) return label(node.event);
  const biggest = [...node.children].sort((a, b) => (b.event.dur ?? 0) - (a.event.dur ?? 0))[0] as TraceNode;
  return firstLabel(biggest);
}

/** The page's main-thread events. */
export function rendererMain(events: TraceEvent[]): TraceEvent[] {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events.filter((e) => mains.has(`${e.pid}:${e.tid}`));
}

/** Tasks of at least `minMs` (wall) in which any widget script (…/widget/*.js) appears. */
export function widgetTasks(events: TraceEvent[], minMs = 5): WidgetTask[] {
  const tasks: WidgetTask[] = [];
  for (const node of tree(rendererMain(events))) {
    if ((node.event.dur ?? 0) / 1000 < minMs) continue;
    const flat: TraceNode[] = [];
    const walk = (n: TraceNode) => {
      flat.push(n);
      n.children.forEach(walk);
    };
    walk(node);
    if (!flat.some((n) => /\/widget\//.test(JSON.stringify(n.event.args ?? {})))) continue;
    tasks.push({
      wall: (node.event.dur ?? 0) / 1000,
      cpu: (node.event.tdur ?? 0) / 1000,
      what: firstLabel(node),
      node,
    });
  }
  return tasks.sort((a, b) => b.cpu - a.cpu);
}

/** The visit's steps, as the long-task benchmark walks them. */
async function walkFriendVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const banner = page.locator('flywheel-widget section.fw-friend');
  await banner.waitFor({ timeout: 30_000 });
  await page.waitForTimeout(3000);
  await banner.getByRole('textbox').fill(`friend-${Date.now()}-${Math.random()}@example.org`);
  await banner.getByRole('button', { name: 'Claim offer' }).click();
  await banner.locator('input.fw-code').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.locator('flywheel-widget .fw-launcher').click();
  await page.locator('flywheel-widget [role="dialog"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
}

/** One traced friend's visit in a fresh context: landing with ?ref=, claiming the offer, opening the panel. */
export async function traceFriendVisit(
  browser: Browser,
  url: string,
  cpuRate?: number,
): Promise<TraceEvent[]> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    const page = await context.newPage();
    await throttleCpu(page, cpuRate);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    // The trace is stopped whatever happened, so a failed step does not leave tracing on for the next load.
    const failure = await walkFriendVisit(page, url).then(
      () => undefined,
      (error: unknown) => error ?? new Error('the visit failed'),
    );
    const buffer = await browser.stopTracing();
    if (failure) throw failure;
    const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return Array.isArray(trace) ? trace : trace.traceEvents;
  } finally {
    await context.close();
  }
}
