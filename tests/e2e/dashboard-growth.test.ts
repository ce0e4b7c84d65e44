// The dashboard's Growth and Trends views in Chromium under a strict CSP: critical points, the
// retention heatmap with its CSV export, the alerts list, and the KPI trend charts (uPlot) with their
// keyboard cursor, text alternatives, table and CSV export.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from './support/browser.ts';
import {
  buildDashboard,
  dashboardOrigin,
  enforceDashboardCsp,
  openDashboard,
} from './support/dashboard-session.ts';
import { type Flywheel, startFlywheel } from './support/flywheel.ts';

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

/** Today a friend clicks Ann's link, claims the welcome offer and buys twice: the funnel's story. */
async function seedReferral() {
  const sk = flywheel.demo.secretKey;
  const pk = flywheel.demo.publishableKey;
  const ann = await flywheel.api<{ referral_code: string }>(sk, 'GET', '/v1/customers/gr-ann');
  const client = async (path: string, body: unknown) => {
    const response = await fetch(`${flywheel.url}/v1/client/${path}?key=${pk}`, {
      method: 'POST',
      headers: { Origin: flywheel.url, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as { visitor_id: string };
  };
  const friend = await client('bootstrap', { ref: ann.referral_code, url: `${flywheel.url}/?ref=x` });
  await client('offers/claim', { visitor_id: friend.visitor_id, email: 'gr-fay@example.com' });
  for (const id of ['gr-f1', 'gr-f2'])
    await flywheel.api(sk, 'POST', '/v1/orders', {
      external_id: id,
      amount: 3000,
      currency: 'USD',
      visitor_id: friend.visitor_id,
      customer: { external_id: 'gr-fay', email: 'gr-fay@example.com' },
    });
}

beforeAll(async () => {
  buildDashboard();
  flywheel = await startFlywheel();
  await seedOrders();
  await seedReferral();
  const served = await dashboardOrigin(flywheel);
  front = served.front;
  const { origin } = served;
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 1100 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  page = await context.newPage();
  errors = watchErrors(page);
  await enforceDashboardCsp(page);
  await openDashboard(page, origin, flywheel.demo.secretKey, 'Growth');
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

  it('exports the critical points and the alerts as CSV', async () => {
    const exported = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel().getByRole('button', { name: button }).click(),
      ]);
      return readFileSync((await download.path())!, 'utf8').split('\r\n');
    };
    const points = await exported('Export critical points CSV');
    expect(points[0]).toBe(
      'indicator,currency,reached,since,week_start,new_customers,referred,share,first_month,last_30_days,reduction,days_held',
    );
    // The last four complete weeks of the network effect; the first customers came five weeks ago.
    const weeks = points.filter((line) => line.startsWith('network_effect,'));
    expect(weeks).toHaveLength(4);
    expect(weeks.every((line) => line.startsWith('network_effect,,false,,'))).toBe(true);
    // No alert has fired: the header alone.
    expect(await exported('Export alerts CSV')).toEqual([
      'id,status,metric,op,value,days,triggered_day,resolved_day',
      '',
    ]);
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

const trends = () => page.locator('section#trends');
const today = new Date().toISOString().slice(0, 10);

describe('the dashboard Trends view', () => {
  it('draws a chart for every KPI, each with its total and a text alternative', async () => {
    await page.getByRole('link', { name: 'Trends' }).click();
    const orders = trends().getByRole('figure', { name: 'Orders', exact: true });
    await expect.poll(() => orders.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // One figure per KPI (revenue and its share per currency: here only USD).
    expect(await trends().locator('figure.kpi-chart').count()).toBe(19);
    // Of the last 30 days' orders only today's three count: the two first orders were 35 days ago.
    expect(await orders.locator('.kpi-total').textContent()).toBe('3');
    const summary = await orders.getByRole('slider').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${summary}"]`).textContent()).toMatch(
      new RegExp(
        `^Orders: 3 \\(total\\); per day from 0 \\(.+\\) to 3 \\(${today}\\); latest 3 \\(${today}\\)\\.$`,
      ),
    );
    const revenue = trends().getByRole('figure', { name: 'Revenue (USD)', exact: true });
    expect(await revenue.locator('.kpi-total').textContent()).toBe('$90.00');
  });

  it('reads each point by keyboard', async () => {
    const slider = trends().getByRole('figure', { name: 'Orders', exact: true }).getByRole('slider');
    await slider.focus();
    await page.keyboard.press('End');
    expect(await slider.getAttribute('aria-valuetext')).toBe(`${today}: 3`);
    await page.keyboard.press('ArrowLeft');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^\d{4}-\d\d-\d\d: 0$/);
    expect(await trends().locator('.chart-readout').filter({ hasText: ': 0' }).count()).toBe(1);
    await page.keyboard.press('Home');
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
  });

  it('shows the numbers in a table and exports them as CSV', async () => {
    const footer = await trends().locator('table.trends-table tfoot td').allTextContents();
    const headers = await trends().locator('table.trends-table thead th').allTextContents();
    expect(footer[headers.indexOf('Orders') - 1]).toBe('3');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      trends().getByRole('button', { name: 'Export trends CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    const header = csv[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['start', 'end', 'clicks']);
    expect(header).toContain('revenue_USD');
    expect(csv).toHaveLength(31);
    const last = csv.at(-1)!.split(',');
    expect(last[0]).toBe(`${today}T00:00:00.000Z`);
    expect(last[header.indexOf('orders')]).toBe('3');
    expect(last[header.indexOf('revenue_USD')]).toBe('9000');
  });

  it('shows the period’s funnel from the click to a second order, and exports it', async () => {
    const rows = trends().locator('table.funnel-table tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    const cells = async (i: number) => (await rows.nth(i).locator('th, td').allTextContents()).slice(0, 3);
    expect(await cells(0)).toEqual(['Clicked a referral link', '1', '']);
    expect(await cells(1)).toEqual(['Claimed the friend offer', '1', '100%']);
    expect(await cells(2)).toEqual(['Placed a first order (referred)', '1', '100%']);
    expect(await cells(3)).toEqual(['Ordered again', '1', '100%']);
    expect(await cells(4)).toEqual(['Brought a friend who bought', '0', '0%']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      trends().getByRole('button', { name: 'Export funnel CSV' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8').split('\r\n')).toEqual([
      'stage,count,share_of_previous',
      'clicked,1,',
      'claimed,1,1',
      'first_order,1,1',
      'second_order,1,1',
      'referrer,0,0',
      '',
    ]);
  });

  it('passes an axe scan with no CSP violation or console error', async () => {
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(document.querySelector('section#trends'))).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    mkdirSync('test-results/dashboard', { recursive: true });
    // A viewport taller than the view, so the sticky top bar covers none of it.
    await page.setViewportSize({ width: 1360, height: 4000 });
    await trends().screenshot({ path: 'test-results/dashboard/trends.png' });
    const charts = (await trends().locator('.kpi-charts').boundingBox())!;
    const head = (await trends().locator('.panel-head').first().boundingBox())!;
    await page.screenshot({
      path: 'test-results/dashboard/trends-charts.png',
      clip: { x: charts.x - 16, y: head.y - 16, width: charts.width + 32, height: charts.y - head.y + 740 },
    });
    expect(errors).toEqual([]);
  });
});
