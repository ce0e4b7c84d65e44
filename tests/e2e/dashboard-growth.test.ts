// The dashboard's Growth view in Chromium under a strict CSP: critical points, the retention heatmap
// with its CSV export, and the alerts list.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from './support/browser.ts';
import { startDashboardFront } from './support/dashboard-server.ts';
import { type Flywheel, startFlywheel } from './support/flywheel.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const DAY = 86_400_000;

let flywheel: Flywheel;
let front: { url: string; close(): Promise<void> } | undefined;
let browser: Browser;
let page: Page;
let errors: string[];
// Two customers first bought 35 days ago; one came back today.
const firstOrderAt = new Date(Date.now() - 35 * DAY);
const cohortLabel = firstOrderAt.toISOString().slice(0, 7);

async function seedOrders() {
  const sk = flywheel.demo.secretKey;
  const orders = [
    { external_id: 'gr-1', customer: { external_id: 'gr-ann' }, created_at: firstOrderAt.toISOString() },
    { external_id: 'gr-2', customer: { external_id: 'gr-bob' }, created_at: firstOrderAt.toISOString() },
    { external_id: 'gr-3', customer: { external_id: 'gr-ann' } },
  ];
  for (const order of orders) {
    await flywheel.api(sk, 'POST', '/v1/orders', { amount: 3000, currency: 'USD', ...order });
  }
}

beforeAll(async () => {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'api/dashboard/vite.config.ts'],
    {
      cwd: root,
      stdio: 'pipe',
      env: Object.fromEntries(
        Object.entries({ ...process.env, NODE_ENV: 'production' }).filter(
          ([name]) => !name.startsWith('VITEST'),
        ),
      ),
    },
  );
  flywheel = await startFlywheel();
  await seedOrders();
  const served = await fetch(`${flywheel.url}/dashboard/`);
  let origin = flywheel.url;
  if (!(served.ok && (await served.text()).includes('/dashboard/assets/'))) {
    front = await startDashboardFront(flywheel.url, `${root}api/dashboard/dist`);
    origin = front.url;
  }
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 1100 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  page = await context.newPage();
  errors = watchErrors(page);
  await page.route(/\/dashboard\/?$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': STRICT_CSP },
    });
  });
  await page.goto(`${origin}/dashboard`);
  await page.getByLabel('Secret key').fill(flywheel.demo.secretKey);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await page.getByRole('link', { name: 'Growth' }).click();
});

afterAll(async () => {
  await browser?.close();
  await front?.close();
  await flywheel?.close();
});

const panel = () => page.locator('section#growth');
const cohortRow = () =>
  panel()
    .locator('table.cohorts tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: cohortLabel }) });

describe('the dashboard Growth view', () => {
  it('shows the critical points and how the month’s new customers came back', async () => {
    await expect
      .poll(() => panel().locator('dl.critical-points').textContent(), { timeout: 10_000 })
      .toContain('Network effect');
    expect(await panel().locator('dl.critical-points').textContent()).toContain('Not yet');
    await expect
      .poll(() => cohortRow().locator('td').allTextContents())
      .toEqual(expect.arrayContaining(['2', '100%']));
    const cells = await cohortRow().locator('td').allTextContents();
    // Customers, then month 0 (all of them) … and the month Ann came back: one of two.
    expect(cells[0]).toBe('2');
    expect(cells[1]).toBe('100%');
    expect(cells.slice(2)).toContain('50%');
    expect(await panel().getByText('No alert has fired.').count()).toBe(1);
  });

  it('exports the cohorts as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel().getByRole('button', { name: 'Export cohorts CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^cohort_start,customers,period_0/);
    expect(csv.find((line) => line.startsWith(cohortLabel))).toMatch(/,2,1,/);
  });

  it('works by keyboard and passes an axe scan with no CSP violation', async () => {
    await panel().getByRole('button', { name: 'Export cohorts CSV' }).focus();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Export cohorts CSV');
    const require = createRequire(import.meta.url);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(document.querySelector('section#growth'))).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.locator('section#growth').screenshot({ path: 'test-results/dashboard/growth.png' });
    expect(errors).toEqual([]);
  });
});
