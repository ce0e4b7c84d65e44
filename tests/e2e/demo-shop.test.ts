// The loop a newcomer plays alone on `npm start`: sign in, copy the invite link, open it as a friend in
// a private window, claim the offer, buy, and watch the referrer's reward appear.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, watchErrors } from './support/browser.ts';
import { type Flywheel, startFlywheel } from './support/flywheel.ts';

let flywheel: Flywheel;
let browser: Browser;

beforeAll(async () => {
  flywheel = await startFlywheel();
  // Rewards are issued at once so the referrer sees theirs in the same test.
  await flywheel.api(flywheel.demo.secretKey, 'PUT', '/v1/program', { referral: { hold_days: 0 } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await flywheel?.close();
});

async function newWindow(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: flywheel.url });
  return { context, page: await context.newPage() };
}

describe('the demo shop', () => {
  it('rewards the referrer when the friend they invited buys', async () => {
    const referrer = await newWindow();
    const errors = watchErrors(referrer.page);
    await referrer.page.goto(flywheel.url);
    await referrer.page.getByLabel('Name').fill('Ann');
    await referrer.page.getByLabel('Email').first().fill(`ann-${Date.now()}@example.com`);
    await referrer.page.getByRole('button', { name: 'Sign in' }).click();
    await referrer.page.waitForLoadState('load');
    await referrer.page.locator('flywheel-widget .fw-launcher').click();
    const link = referrer.page.getByRole('dialog').getByLabel('Your invite link');
    await expect.poll(() => link.inputValue(), { timeout: 15_000 }).toContain('ref=');
    const inviteUrl = await link.inputValue();
    await screenshot(referrer.page, 'demo-referrer-invite');

    // The friend, in a private window of their own.
    const friend = await newWindow();
    await friend.page.goto(inviteUrl);
    const banner = friend.page.locator('flywheel-widget section.fw-card');
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toContain('Ann sent you');
    await banner.getByLabel('Email address').fill(`friend-${Date.now()}@example.org`);
    await banner.getByRole('button', { name: 'Claim offer' }).click();
    await expect.poll(() => banner.locator('input.fw-code').count(), { timeout: 15_000 }).toBe(1);
    await friend.page.getByRole('button', { name: 'Add to cart' }).click();
    await friend.page.goto(`${flywheel.url}/checkout`);
    await expect.poll(() => friend.page.getByLabel('Coupon code').inputValue()).not.toBe('');
    await friend.page.getByRole('button', { name: 'Place order' }).click();
    await friend.page.waitForURL('**/thank-you');
    await expect
      .poll(() => friend.page.locator('#order-attribution').textContent(), { timeout: 15_000 })
      .toContain('Referred');
    await screenshot(friend.page, 'demo-friend-thank-you');

    // Back to the referrer: the reward is there after a reload.
    await referrer.page.reload();
    await referrer.page.locator('flywheel-widget .fw-launcher').click();
    await referrer.page.getByRole('tab', { name: 'Rewards' }).click();
    const coupons = referrer.page.getByRole('dialog').locator('ul.fw-list').first();
    await expect.poll(() => coupons.locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(referrer.page, 'demo-referrer-rewarded');
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    await referrer.context.close();
    await friend.context.close();
  });

  it('signs a demo identity — id, email and name — with HMAC-SHA256 under the secret key', async () => {
    const response = await fetch(`${flywheel.url}/shop/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Zoe', email: 'Zoe@Example.com' }),
    });
    const identity = (await response.json()) as {
      id: string;
      email: string;
      name: string;
      signature: string;
    };
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(flywheel.demo.secretKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign(
        'HMAC',
        key,
        new TextEncoder().encode([identity.id, identity.email, identity.name].join('\0')),
      ),
    );
    expect(identity.id).toBe('shopper_zoe@example.com');
    expect(identity.signature).toBe([...mac].map((b) => b.toString(16).padStart(2, '0')).join(''));
  });
});
