// Debian's Chromium, driven by playwright-core: never a downloaded browser.
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const SCREENSHOTS = 'test-results/widget';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

type Clip = { x: number; y: number; width: number; height: number };

/**
 * Saves a screenshot with animations run to their end (a card caught fading in looks washed out),
 * optionally clipped to a region such as {@link around}'s.
 */
export async function screenshot(page: Page, name: string, options: { clip?: Clip } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  await page.screenshot({ path, animations: 'disabled', ...options });
  return path;
}

/** The smallest region holding every element, plus a margin, kept inside the viewport. */
export async function around(page: Page, elements: Locator[], margin = 24): Promise<Clip> {
  const boxes = (await Promise.all(elements.map((element) => element.boundingBox()))).filter(
    (box) => box !== null,
  );
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const x = Math.max(Math.min(...boxes.map((b) => b.x)) - margin, 0);
  const y = Math.max(Math.min(...boxes.map((b) => b.y)) - margin, 0);
  const right = Math.min(Math.max(...boxes.map((b) => b.x + b.width)) + margin, viewport.width);
  const bottom = Math.min(Math.max(...boxes.map((b) => b.y + b.height)) + margin, viewport.height);
  return { x, y, width: right - x, height: bottom - y };
}

/** Collects errors the page reports, so a test can assert the widget broke nothing. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
