// The Earn tab's lifecycle parts with the real bundles in Chromium: a campaign running now shows its
// end date and its doubled referral reward, and the merchant's own ways to earn are listed.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('the Earn tab in a browser', () => {
  it('shows a running campaign with its end date and the merchant’s own ways to earn', async () => {
    const ends = new Date(Date.now() + 3 * 86_400_000);
    ends.setUTCHours(12, 0, 0, 0);
    const response = await fetch(`${scene.apiUrl}/v1/program`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${scene.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        earn_actions: [{ type: 'review', label: 'Write a review', points: 50 }],
        campaigns: [
          {
            id: 'now',
            name: 'Double rewards week',
            starts_at: new Date(Date.now() - 3_600_000).toISOString(),
            ends_at: ends.toISOString(),
            referral_multiplier: 2,
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const attributes = await scene.identityAttributes('earl_1', 'Earl', 'earl@example.com');
    scene.setPage('/earn', {
      csp: STRICT_CSP(scene.apiUrl),
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey, attributes }),
    });
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${scene.pageUrl}/earn`);
    // Watched from here, as in widget-in-browser.test.ts: the page's own favicon 404 is not the widget's.
    const errors = watchErrors(page);
    await page.locator('flywheel-widget .fw-launcher').click();
    await page.getByRole('tab', { name: 'Earn' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Double rewards week');
    const text = (await dialog.textContent()) ?? '';
    const endDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(ends);
    expect(text).toContain(`Until ${endDate}`);
    expect(text).toContain('Write a review');
    expect(text).toContain('50 points');
    // The referrer reward as the campaign makes it: $10 doubled.
    expect(text).toContain('Refer a friend who buys$20 off');
    await screenshot(page, 'earn-tab-campaign');
    expect(errors).toEqual([]);

    await context.close();
  });
});
