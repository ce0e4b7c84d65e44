// Lighthouse's mobile profile (simulated 4× CPU slowdown and slow 4G, a Moto G Power-sized screen) on
// the demo shop, with the script tag and with the widget's scripts blocked: the difference in total
// blocking time is what the widget adds, and its layout shift must stay 0.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './widget-chromium.ts';

export interface LighthouseRun {
  totalBlockingTime: number;
  cumulativeLayoutShift: number;
  /** Main-thread time Lighthouse charges to the widget's scripts (its "bootup-time" audit). */
  widgetScriptMs: number;
}

interface BootupItem {
  url: string;
  total: number;
}

/** One fresh Chromium per run: no run inherits another's caches, storage or compiled code. */
export async function runLighthouse(url: string, options: { withWidget: boolean }): Promise<LighthouseRun> {
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      ...(options.withWidget ? {} : { blockedUrlPatterns: ['*/widget/*'] }),
    });
    const audits = result?.lhr.audits;
    if (!audits) throw new Error(`Lighthouse gave no result for ${url}`);
    const runtimeError = result.lhr.runtimeError;
    if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
    const bootup = (audits['bootup-time']?.details as { items?: BootupItem[] } | undefined)?.items ?? [];
    return {
      totalBlockingTime: audits['total-blocking-time']?.numericValue ?? Number.NaN,
      cumulativeLayoutShift: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
      widgetScriptMs: bootup
        .filter((item) => /\/widget\/[^/]+\.js/.test(item.url))
        .reduce((sum, item) => sum + item.total, 0),
    };
  } finally {
    chrome.kill();
  }
}
