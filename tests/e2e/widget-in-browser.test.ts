// The real bundles in Debian Chromium on a third-party origin: friend and advocate flows, a hostile
// strict-CSP page, right-to-left Arabic, consent, and an axe scan of the open panel.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { around, launchChromium, screenshot, watchErrors } from './support/browser.ts';
import { merchantPage, type Scene, STRICT_CSP, startScene } from './support/scene.ts';

const HOSTILE_CSS = `* { all: unset !important; } div { display: none !important; }
flywheel-widget { display: none !important; visibility: hidden !important; }
html, body { font-size: 2px !important; color: red !important; direction: rtl !important; }`;

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

async function openPage(path: string, options: { locale?: string; initScript?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 760 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scene.pageUrl });
  // Share intents must not leave the test machine.
  await context.route(/^https:\/\/(wa\.me|x\.com|www\.facebook\.com|line\.me)\//, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<p>share intent</p>' }),
  );
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  await page.goto(`${scene.pageUrl}${path}`);
  return page;
}

const launcher = (page: Page) => page.locator('flywheel-widget .fw-launcher');

describe('the widget on a merchant page', () => {
  it("shows the friend's offer from a ?ref link and reveals the coupon once the email is claimed", async () => {
    const code = await scene.referrerCode('ann_1', 'Ann');
    scene.setPage('/friend', {
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey }),
    });
    const page = await openPage(`/friend?ref=${encodeURIComponent(code)}`);
    const banner = page.locator('flywheel-widget section.fw-card');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Ann sent you');
    // Clipped to the widget: this one illustrates docs/widget.md (docs/img/friend-banner.png).
    await screenshot(page, 'friend-banner', { clip: await around(page, [banner, launcher(page)]) });
    await banner.getByLabel('Email address').fill(`friend-${Date.now()}@example.org`);
    await banner.getByRole('button', { name: 'Claim offer' }).click();
    const coupon = banner.locator('input.fw-code');
    await expect.poll(() => coupon.inputValue(), { timeout: 10_000 }).toMatch(/\S{4,}/);
    await screenshot(page, 'friend-coupon');
    await page.context().close();
  });

  it('gives an identified customer an invite link to copy and a share that is recorded', async () => {
    const attributes = await scene.identityAttributes('bob_1', 'Bob', 'bob@example.com');
    scene.setPage('/advocate', {
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey, attributes }),
    });
    const page = await openPage('/advocate');
    await launcher(page).click();
    const dialog = page.getByRole('dialog');
    const link = dialog.getByLabel('Your invite link');
    await expect.poll(() => link.inputValue(), { timeout: 10_000 }).toContain('ref=');
    const url = await link.inputValue();
    await dialog.getByRole('button', { name: 'Copy invite link' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toBe('Copied!');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // Clipped to the widget: this one illustrates docs/widget.md (docs/img/widget-invite.png).
    await screenshot(page, 'advocate-invite', { clip: await around(page, [dialog, launcher(page)]) });

    const shareRecorded = page.waitForRequest((request) => request.url().includes('/v1/client/shares'));
    const popup = page.waitForEvent('popup');
    await dialog.getByRole('link', { name: 'Share on WhatsApp' }).click();
    expect((await popup).url()).toMatch(/^https:\/\/wa\.me\/\?text=.*fw_ch%3Dwhatsapp/);
    expect(JSON.parse((await shareRecorded).postData() ?? '{}')).toMatchObject({ channel: 'whatsapp' });

    await dialog.getByRole('button', { name: 'Share on WeChat' }).click();
    await expect.poll(() => dialog.getByRole('img', { name: 'QR code of your invite link' }).count()).toBe(1);
    await screenshot(page, 'advocate-wechat-qr');
    await page.context().close();
  });

  it('follows a single-page app: a pushed ?ref route shows the offer, an inserted placement renders', async () => {
    const code = await scene.referrerCode('erin_1', 'Erin');
    scene.setPage('/spa', {
      csp: STRICT_CSP(scene.apiUrl),
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey }),
    });
    const page = await openPage('/spa');
    const errors = watchErrors(page);
    await expect.poll(() => launcher(page).isVisible(), { timeout: 10_000 }).toBe(true);
    // Chromium has the Navigation API, so the page's history methods stay untouched.
    expect(await page.evaluate(() => String(history.pushState).includes('[native code]'))).toBe(true);

    const bootstrapped = page.waitForRequest((r) => r.url().includes('/v1/client/bootstrap'));
    await page.evaluate((ref) => {
      // What a router does on a client-side route change: push the address, then render the new view.
      history.pushState({}, '', `/spa/account?ref=${encodeURIComponent(ref)}`);
      document.querySelector('main')?.insertAdjacentHTML('beforeend', '<div data-flywheel="earn"></div>');
    }, code);
    expect(JSON.parse((await bootstrapped).postData() ?? '{}')).toMatchObject({ ref: code });
    const banner = page.locator('flywheel-widget section.fw-card');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Erin sent you');
    const earn = page.locator('[data-flywheel="earn"] .fw-inline');
    await expect.poll(() => earn.textContent(), { timeout: 10_000 }).toContain('Ways to earn');
    // Loyalty's default of 1 point per unit spent reads in the singular, 100 sign-up points in the plural.
    const earnText = (await earn.textContent()) ?? '';
    expect(earnText).toContain('1 point per 1 spent');
    expect(earnText).toContain('100 points');
    expect(earnText).not.toMatch(/\b1 points/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('wraps history.pushState where the browser has no Navigation API, passing calls through', async () => {
    const code = await scene.referrerCode('fay_1', 'Fay');
    scene.setPage('/old-browser', {
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey }),
    });
    const page = await openPage('/old-browser', {
      initScript: "Object.defineProperty(window, 'navigation', { value: undefined });",
    });
    await expect.poll(() => launcher(page).isVisible(), { timeout: 10_000 }).toBe(true);
    const after = await page.evaluate((ref) => {
      history.pushState({ step: 2 }, '', `/old-browser/next?ref=${encodeURIComponent(ref)}`);
      return {
        state: history.state,
        path: location.pathname,
        native: String(history.pushState).includes('[native code]'),
      };
    }, code);
    expect(after).toEqual({ state: { step: 2 }, path: '/old-browser/next', native: false });
    const banner = page.locator('flywheel-widget section.fw-card');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Fay sent you');
    await page.context().close();
  });

  it('keeps working on a strict-CSP page whose CSS tries to hide and restyle everything', async () => {
    const csp = STRICT_CSP(scene.apiUrl);
    scene.setPage('/hostile.css', { html: HOSTILE_CSS, type: 'text/css' });
    const head = '<link rel="stylesheet" href="/hostile.css">';
    scene.setPage('/hostile', {
      csp,
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey, head }),
    });
    scene.setPage('/baseline', {
      csp,
      html: merchantPage({ apiUrl: 'http://127.0.0.1:9', publishableKey: 'none', head }),
    });

    const baseline = await openPage('/baseline');
    const baseGlobals: string[] = await baseline.evaluate(() => Object.getOwnPropertyNames(window));
    await baseline.context().close();

    const page = await openPage('/hostile');
    const errors = watchErrors(page);
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    await expect.poll(() => launcher(page).isVisible(), { timeout: 10_000 }).toBe(true);
    const box = await launcher(page).boundingBox();
    expect(box?.width).toBeGreaterThan(60);
    await launcher(page).click();
    await expect.poll(() => page.getByRole('dialog').isVisible(), { timeout: 10_000 }).toBe(true);
    // Tabs work by keyboard, and Escape closes. Focus lands on the selected tab once the panel has
    // opened; pressing a key before that would go to the page.
    const selectedTab = () => page.getByRole('tab', { selected: true });
    await expect
      .poll(() => selectedTab().evaluate((tab) => tab === (tab.getRootNode() as ShadowRoot).activeElement), {
        timeout: 10_000,
      })
      .toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => selectedTab().textContent(), { timeout: 10_000 }).toBe('Rewards');
    await screenshot(page, 'hostile-csp-panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    const globals: string[] = await page.evaluate(() => Object.getOwnPropertyNames(window));
    expect(globals.filter((name) => !baseGlobals.includes(name))).toEqual(['flywheel']);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lays the panel out right to left in Arabic', async () => {
    const attributes = `data-locale="ar" ${await scene.identityAttributes('carla_1', 'Carla', 'carla@example.com')}`;
    scene.setPage('/ar', {
      html: merchantPage({
        apiUrl: scene.apiUrl,
        publishableKey: scene.publishableKey,
        attributes,
        lang: 'ar',
      }),
    });
    const page = await openPage('/ar');
    await launcher(page).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.getByRole('heading').first().textContent(), { timeout: 10_000 })
      .toBe('المكافآت والإحالات');
    expect(await page.locator('flywheel-widget .fw').getAttribute('dir')).toBe('rtl');
    const tabs = dialog.getByRole('tab');
    const first = await tabs.first().boundingBox();
    const last = await tabs.last().boundingBox();
    // In right-to-left the first tab sits on the right.
    expect(first!.x).toBeGreaterThan(last!.x);
    await screenshot(page, 'rtl-arabic-panel');
    await page.context().close();
  });

  it('stores no visitor id until the page grants consent', async () => {
    scene.setPage('/consent', {
      html: merchantPage({
        apiUrl: scene.apiUrl,
        publishableKey: scene.publishableKey,
        attributes: 'data-consent="required"',
      }),
    });
    const page = await openPage('/consent');
    await expect.poll(() => launcher(page).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => ({ ...localStorage }))).toEqual({});
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.evaluate(() =>
      (window as unknown as { flywheel(...a: unknown[]): void }).flywheel('consent', true),
    );
    expect(await page.evaluate(() => localStorage.getItem('flywheel_vid'))).toMatch(/^vis_/);
    await page.context().close();
  });

  it('has no serious or critical accessibility violations in the open panel', async () => {
    const require = createRequire(import.meta.url);
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const attributes = await scene.identityAttributes('dana_1', 'Dana', 'dana@example.com');
    // No CSP here: axe is injected as an inline script.
    scene.setPage('/a11y', {
      html: merchantPage({ apiUrl: scene.apiUrl, publishableKey: scene.publishableKey, attributes }),
    });
    const page = await openPage('/a11y');
    await launcher(page).click();
    await expect
      .poll(() => page.getByRole('dialog').getByLabel('Your invite link').count(), { timeout: 10_000 })
      .toBe(1);
    await page.addScriptTag({ content: axeSource });
    const problems: string[] = [];
    for (const tab of ['Invite', 'Rewards', 'Earn']) {
      await page.getByRole('tab', { name: tab }).click();
      const found: { id: string; impact: string | null; nodes: unknown[] }[] = await page.evaluate(
        async () => {
          const axe = (
            window as unknown as { axe: { run(context: unknown): Promise<{ violations: never[] }> } }
          ).axe;
          const result = await axe.run(document.querySelector('flywheel-widget'));
          return result.violations;
        },
      );
      for (const v of found) {
        if (v.impact === 'serious' || v.impact === 'critical')
          problems.push(`${tab}: ${v.id} ${JSON.stringify(v.nodes)}`);
      }
    }
    await screenshot(page, 'a11y-earn-tab');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
