// The API reference at /docs in Chromium: Swagger UI from the install renders every operation of
// /openapi.json under the dashboard's strict CSP, with no violation and no request leaving the server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_CSP } from '../../api/src/http/strict-csp.ts';
import { launchChromium, watchErrors } from './support/browser.ts';
import { type Flywheel, startFlywheel } from './support/flywheel.ts';

let flywheel: Flywheel;
let browser: Browser;
let page: Page;
let errors: string[];
const requests: string[] = [];

beforeAll(async () => {
  flywheel = await startFlywheel();
  browser = await launchChromium();
  page = await browser.newPage();
  errors = watchErrors(page);
  page.on('request', (request) => requests.push(request.url()));
  // Collected in the page itself: every refused script, style, image or connection shows up here.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
});
afterAll(async () => {
  await browser?.close();
  await flywheel?.close();
});

describe('/docs', () => {
  it('is served under the strict CSP', async () => {
    const response = await page.goto(`${flywheel.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  });

  it('renders the operations of /openapi.json, grouped by tag', async () => {
    const document = (await (await fetch(`${flywheel.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.opblock-tag').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Orders'), expect.stringContaining('Referrals')]),
    );
    const listOrders = page.locator('#operations-Orders-listOrders');
    await listOrders.locator('.opblock-summary').click();
    await expect.poll(() => listOrders.locator('.parameters').textContent()).toContain('created_gte');
    await page.screenshot({ path: 'test-results/api-reference.png' });
  });

  it('loads nothing from outside and breaks no CSP rule', async () => {
    expect(requests.every((url) => url.startsWith(flywheel.url))).toBe(true);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
