// Long tasks (over 50 ms) on a friend's first visit, phase by phase: landing with ?ref= until the friend
// banner shows (plus a few idle seconds, when the widget may prepare the panel), claiming the offer,
// opening the panel. Each load is a fresh browser context, so a fresh visitor with empty caches.
import type { Browser, Page } from 'playwright-core';
import { throttleCpu } from './widget-chromium.ts';

export const PHASES = ['landing', 'claim', 'panel'] as const;
export type Phase = (typeof PHASES)[number];

export interface LongTask {
  start: number;
  duration: number;
  /** Whether a script of the widget (…/widget/*.js) ran inside this task. */
  widget: boolean;
  /** The widget's scripts in it, as Long Animation Frames name them: "ui.js TimerHandler 31 ms". */
  scripts: string[];
}

export interface LoadResult {
  /** Per phase: the long tasks that started in it. */
  phases: Record<Phase, LongTask[]>;
}

// Installed before any script of the page runs. `longtask` gives durations; Long Animation Frames
// name the scripts that ran (a long task itself is only attributed to a frame, not a script).
const OBSERVE = `(() => {
  const seen = { tasks: [], scripts: [] };
  Object.defineProperty(window, '__benchLongTasks', { value: seen });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries())
        for (const s of frame.scripts || [])
          seen.scripts.push({
            url: s.sourceURL || '',
            invoker: s.invoker || s.invokerType || '',
            start: s.startTime,
            end: s.startTime + s.duration,
          });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
})();`;

interface Observed {
  tasks: { start: number; duration: number }[];
  scripts: { url: string; invoker: string; start: number; end: number }[];
}

const WIDGET_SCRIPT = /\/widget\/[^?#]+\.js/;
const settle = (page: Page, ms: number) => page.waitForTimeout(ms);

/** Loads `url` once (a friend's link) and walks through banner → claim → panel. */
export async function measureFriendVisit(
  browser: Browser,
  url: string,
  options: { withWidget: boolean; idleMs?: number },
): Promise<LoadResult> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    if (!options.withWidget) await context.route(WIDGET_SCRIPT, (route) => route.abort());
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    await throttleCpu(page);
    const marks: number[] = [0];
    const now = () => page.evaluate(() => performance.now());
    await page.goto(url);
    const banner = page.locator('flywheel-widget section.fw-friend');
    if (options.withWidget) await banner.waitFor({ timeout: 30_000 });
    await settle(page, options.idleMs ?? 3000);
    if (options.withWidget) {
      marks.push(await now());
      await banner.getByRole('textbox').fill(`friend-${Date.now()}-${Math.random()}@example.org`);
      await banner.getByRole('button', { name: 'Claim offer' }).click();
      await banner.locator('input.fw-code').waitFor({ timeout: 30_000 });
      await settle(page, 1000);
      marks.push(await now());
      await page.locator('flywheel-widget .fw-launcher').click();
      await page.locator('flywheel-widget [role="dialog"]').waitFor({ timeout: 30_000 });
      await settle(page, 1000);
    }
    const observed = (await page.evaluate('window.__benchLongTasks')) as Observed;
    const phases = { landing: [], claim: [], panel: [] } as Record<Phase, LongTask[]>;
    for (const task of observed.tasks) {
      const end = task.start + task.duration;
      const scripts = observed.scripts
        .filter((s) => WIDGET_SCRIPT.test(s.url) && s.start < end && s.end > task.start)
        .map((s) => `${s.url.replace(/.*\//, '')} ${s.invoker} ${Math.round(s.end - s.start)} ms`);
      const index = marks.findLastIndex((mark) => mark <= task.start);
      phases[PHASES[Math.max(index, 0)] as Phase].push({ ...task, widget: scripts.length > 0, scripts });
    }
    return { phases };
  } finally {
    await context.close();
  }
}

/** The longest task of a list (0 when there is none), optionally only the widget's. */
export function longest(tasks: LongTask[], onlyWidget = false): number {
  return Math.max(0, ...tasks.filter((t) => !onlyWidget || t.widget).map((t) => t.duration));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
