// The post-purchase survey with the real bundles in Chromium, against the real API: answered with the
// keyboard, skipped, never asked twice for one order, and clean under axe.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.ts';
import { merchantPage, type Scene, startScene } from './support/scene.ts';

let scene: Scene;
let browser: Browser;

const secretCall = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${scene.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${scene.secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(data)}`);
  return data;
};

/** A thank-you page for `orderId`, placed by a signed-in customer whose order the shop already reported. */
async function thankYouPage(customerId: string, orderId: string): Promise<{ page: Page; chunks: string[] }> {
  await secretCall('POST', '/v1/orders', {
    external_id: orderId,
    customer: { external_id: customerId },
    amount: 4999,
    currency: 'USD',
  }).catch(() => undefined); // already reported: the same order's page visited again
  const attributes = await scene.identityAttributes(customerId, 'Erin', `${customerId}@example.com`);
  const path = `/thanks-${orderId}`;
  scene.setPage(path, {
    html: merchantPage({
      apiUrl: scene.apiUrl,
      publishableKey: scene.publishableKey,
      attributes,
      body: `<script>window.flywheel=window.flywheel||function(){(flywheel.q=flywheel.q||[]).push(arguments)};
flywheel('purchase',{order_id:${JSON.stringify(orderId)},amount:4999,currency:'USD'});</script>`,
    }),
  });
  const context =
    browser.contexts()[0] ?? (await browser.newContext({ viewport: { width: 1000, height: 900 } }));
  const page = await context.newPage();
  const chunks: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.js')) chunks.push(name);
  });
  await page.goto(`${scene.pageUrl}${path}`);
  await expect.poll(() => page.locator('flywheel-widget .fw-thanks').count(), { timeout: 10_000 }).toBe(1);
  return { page, chunks };
}

const survey = (page: Page) => page.locator('flywheel-widget form.fw-survey');

beforeAll(async () => {
  scene = await startScene();
  browser = await launchChromium();
  await secretCall('PUT', '/v1/program', { feedback: { enabled: true, every_nth_order: 1 } });
});

afterAll(async () => {
  await browser?.close();
  await scene?.close();
});

describe.skipIf(process.env.FLYWHEEL_E2E_API === 'fake')('the post-purchase survey in Chromium', () => {
  it('is answered with the keyboard alone, stored once, and not asked again for the order', async () => {
    const { page } = await thankYouPage('erin_1', 'E2E-1001');
    await expect.poll(() => survey(page).count(), { timeout: 10_000 }).toBe(1);
    const form = survey(page);
    await form.getByRole('radio', { name: '0', exact: true }).focus();
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Quick delivery');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The packaging was damaged');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Recyclable boxes');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const thanks = page.locator('flywheel-widget .fw-survey-done');
    await expect.poll(() => thanks.textContent(), { timeout: 10_000 }).toContain('Thank you');
    expect(await thanks.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await screenshot(page, 'survey-thanks');

    const stored = (await secretCall('GET', '/v1/feedback?limit=100')).data as Record<string, unknown>[];
    expect(stored.filter((f) => f.order_id === 'E2E-1001')).toEqual([
      expect.objectContaining({
        score: 9,
        liked_most: 'Quick delivery',
        liked_least: 'The packaging was damaged',
        suggestion: 'Recyclable boxes',
        customer: 'erin_1',
      }),
    ]);
    await page.close();

    const again = await thankYouPage('erin_1', 'E2E-1001');
    await again.page.waitForTimeout(500);
    expect(await survey(again.page).count()).toBe(0);
    expect(again.chunks).not.toContain('survey.js');
    await again.page.close();
  });

  it('goes away when skipped and stays away for that order, with nothing stored', async () => {
    const { page } = await thankYouPage('erin_2', 'E2E-1002');
    await expect.poll(() => survey(page).count(), { timeout: 10_000 }).toBe(1);
    await survey(page).getByRole('button', { name: 'No thanks' }).click();
    await expect.poll(() => survey(page).count()).toBe(0);
    expect(await page.locator('flywheel-widget .fw-thanks').count()).toBe(1);
    await page.close();

    const again = await thankYouPage('erin_2', 'E2E-1002');
    await again.page.waitForTimeout(500);
    expect(await survey(again.page).count()).toBe(0);
    await again.page.close();
    const stored = (await secretCall('GET', '/v1/feedback?limit=100')).data as Record<string, unknown>[];
    expect(stored.filter((f) => f.order_id === 'E2E-1002')).toEqual([]);
  });

  it('has no serious or critical accessibility violations, before and after a missing score', async () => {
    const require = createRequire(import.meta.url);
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const { page } = await thankYouPage('erin_3', 'E2E-1003');
    await expect.poll(() => survey(page).count(), { timeout: 10_000 }).toBe(1);
    await page.addScriptTag({ content: axeSource });
    const scan = () =>
      page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(context: unknown): Promise<{ violations: never[] }> } }
        ).axe;
        const result = await axe.run(document.querySelector('flywheel-widget'));
        return (result.violations as { id: string; impact: string | null; nodes: unknown[] }[])
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} ${JSON.stringify(v.nodes)}`);
      });
    expect(await scan()).toEqual([]);
    await survey(page).getByRole('button', { name: 'Send feedback' }).click();
    await expect
      .poll(() => survey(page).getByRole('status').textContent())
      .toBe('Choose a score from 0 to 10 first.');
    expect(await scan()).toEqual([]);
    await screenshot(page, 'survey-open');
    await page.close();
  });
});
