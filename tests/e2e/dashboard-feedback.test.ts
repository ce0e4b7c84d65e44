// The dashboard's Feedback view in Chromium under a strict CSP: NPS from /v1/stats, the words of the
// "liked least" answers, the answers filtered by score, and the CSV export.
import { readFileSync } from 'node:fs';
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

let flywheel: Flywheel;
let front: { url: string; close(): Promise<void> } | undefined;
let browser: Browser;
let page: Page;
let errors: string[];

/** Five shoppers answer: 10, 9, 7, 4 and 2, three of them unhappy with the shipping. */
async function seedAnswers() {
  const sk = flywheel.demo.secretKey;
  await flywheel.api(sk, 'PUT', '/v1/program', { feedback: { enabled: true } });
  const answers = [
    { score: 10, liked_most: 'Great quality', liked_least: 'Shipping took a while' },
    { score: 9, liked_most: 'Friendly support', liked_least: null },
    { score: 7, liked_most: 'Price', liked_least: 'Slow shipping' },
    { score: 4, liked_most: null, liked_least: 'Shipping was slow, box damaged' },
    { score: 2, liked_most: null, liked_least: '=HYPERLINK("x") damaged item', suggestion: 'Call me' },
  ];
  for (const [i, answer] of answers.entries()) {
    const visitorId = `dash-visitor-${i}`;
    await flywheel.api(sk, 'POST', '/v1/orders', {
      external_id: `fb-${i}`,
      customer: { external_id: `fb-customer-${i}` },
      amount: 3000,
      currency: 'USD',
      visitor_id: visitorId,
    });
    const response = await fetch(`${flywheel.url}/v1/client/feedback`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${flywheel.demo.publishableKey}`,
        'Content-Type': 'application/json',
        Origin: flywheel.url,
      },
      body: JSON.stringify({ order_id: `fb-${i}`, visitor_id: visitorId, locale: 'en', ...answer }),
    });
    if (response.status !== 201)
      throw new Error(`feedback ${i}: ${response.status} ${await response.text()}`);
  }
}

beforeAll(async () => {
  buildDashboard();
  flywheel = await startFlywheel();
  await seedAnswers();
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
  await openDashboard(page, origin, flywheel.demo.secretKey, 'Feedback');
});

afterAll(async () => {
  await browser?.close();
  await front?.close();
  await flywheel?.close();
});

const panel = () => page.locator('section#feedback');
const kpi = (label: string) =>
  panel()
    .locator('dl.feedback-kpis > div')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('dd');
const shownScores = async () =>
  (await panel().locator('table.feedback-answers tbody tr td.num').allTextContents()).map(Number);

describe('the dashboard Feedback view', () => {
  it('shows the period’s NPS, its trend and the words the unhappy answers share', async () => {
    // Promoters 10 and 9, detractors 4 and 2, of five answers: (2 − 2) / 5 = 0 points.
    await expect.poll(() => kpi('NPS').textContent(), { timeout: 10_000 }).toBe('0');
    expect(await kpi('Responses').textContent()).toBe('5');
    expect(await kpi('Response rate').textContent()).toBe('100%');
    const words = panel().locator('ol.feedback-words li');
    await expect.poll(() => words.first().textContent()).toContain('shipping');
    expect(await words.nth(0).textContent()).toContain('× 3');
    expect(await panel().locator('table.nps-table tbody tr').count()).toBe(1);
    expect(await shownScores()).toEqual([2, 4, 7, 9, 10]);
  });

  it('filters the answers by score and exports them as CSV, formulas defused', async () => {
    await panel().getByLabel('Score').selectOption({ label: 'Detractors (0–6)' });
    await expect.poll(shownScores).toEqual([2, 4]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel().getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'created_at,order_id,customer,score,segment,referred,liked_most,liked_least,suggestion,locale',
    );
    expect(csv.filter(Boolean)).toHaveLength(3);
    expect(csv[1]).toContain(
      `,fb-4,fb-customer-4,2,purchased,false,,"'=HYPERLINK(""x"") damaged item",Call me,en`,
    );
  });

  it('turns the survey off and samples every n-th order from the program setting', async () => {
    await expect.poll(() => panel().getByLabel('Ask after each purchase').isChecked()).toBe(true);
    await panel().getByLabel('Ask every n-th order').fill('0');
    await panel().getByRole('button', { name: 'Save survey settings' }).click();
    await expect
      .poll(() => panel().locator('#feedback-settings-status').textContent())
      .toContain('feedback.every_nth_order');
    await panel().getByLabel('Ask after each purchase').uncheck();
    await panel().getByLabel('Ask every n-th order').fill('3');
    await panel().getByRole('button', { name: 'Save survey settings' }).click();
    await expect.poll(() => panel().locator('#feedback-settings-status').textContent()).toBe('Saved.');
    const saved = await flywheel.api<{ feedback: unknown }>(flywheel.demo.secretKey, 'GET', '/v1/program');
    expect(saved.feedback).toEqual({ enabled: false, every_nth_order: 3 });
  });

  it('passes an axe scan with no CSP violation', async () => {
    const require = createRequire(import.meta.url);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(document.querySelector('section#feedback'))).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.locator('section#feedback').screenshot({ path: 'test-results/dashboard/feedback.png' });
    // The one failed request is the setting the API refused on purpose (a 400).
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
