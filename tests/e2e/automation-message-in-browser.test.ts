// An automation's on-site message with the real bundles in Chromium, under the strict CSP: a shopper
// visits, the automations pass fires a rule for them, and on their next visit the Earn tab shows the
// message with its coupon code — and the Automations page counts it as shown.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutomations } from '../../api/src/jobs/automations.ts';
import { launchChromium, screenshot, watchErrors } from './support/browser.ts';
import { merchantPage, type Scene, STRICT_CSP, startScene } from './support/scene.ts';

let scene: Scene;
let browser: Browser;

beforeAll(async () => {
  scene = await startScene();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await scene?.close();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function earnTabText(path: string) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${scene.pageUrl}${path}`);
  const errors = watchErrors(page);
  await page.locator('flywheel-widget .fw-launcher').click();
  await page.getByRole('tab', { name: 'Earn' }).click();
  const dialog = page.getByRole('dialog');
  await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Ways to earn');
  return { page, context, dialog, errors };
}

describe('an automation’s message in a browser', () => {
  it('appears in the Earn tab on the shopper’s next visit, with its coupon', async () => {
    const response = await fetch(`${scene.apiUrl}/v1/program`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${scene.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        automations: {
          rules: [
            {
              id: 'spring-hello',
              // A one-off window around today, so the pass fires for every customer now.
              trigger: { type: 'date', start: day(-1), end: day(1) },
              reward: { type: 'free_shipping' },
              message: { title: 'Spring hello from the shop', body: 'Shipping is on us this week.' },
            },
          ],
        },
      }),
    });
    expect(response.status).toBe(200);
    const attributes = await scene.identityAttributes('mia_1', 'Mia', 'mia@example.com');
    scene.setPage('/visit', {
      csp: STRICT_CSP(scene.apiUrl),
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey, attributes }),
    });

    // First visit: Mia becomes a customer; nothing has fired for her yet.
    const first = await earnTabText('/visit');
    expect(await first.dialog.textContent()).not.toContain('Spring hello');
    expect(first.errors).toEqual([]);
    await first.context.close();

    // The hourly pass runs between her visits.
    expect((await runAutomations(scene.deps)).fired).toBeGreaterThanOrEqual(1);

    // Next visit: the message and its free-shipping code are there.
    const next = await earnTabText('/visit');
    await expect
      .poll(() => next.dialog.textContent(), { timeout: 10_000 })
      .toContain('Spring hello from the shop');
    expect(await next.dialog.textContent()).toContain('Shipping is on us this week.');
    const codes = await next.dialog
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(codes.some((code) => /^FLY-/.test(code))).toBe(true);
    await screenshot(next.page, 'earn-tab-automation-message');
    expect(next.errors).toEqual([]);
    await next.context.close();

    // The merchant sees it counted as shown.
    const list = await fetch(`${scene.apiUrl}/v1/automations`, {
      headers: { Authorization: `Bearer ${scene.secretKey}` },
    }).then((r) => r.json() as Promise<{ data: { id: string; fired: number; shown: number }[] }>);
    expect(list.data.find((rule) => rule.id === 'spring-hello')).toMatchObject({ fired: 1, shown: 1 });
  });
});
