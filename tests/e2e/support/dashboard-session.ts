// What every dashboard browser suite does before its story: a production build of the dashboard, the
// origin that serves it beside the API, the strict CSP the page must work under, and signing in.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startDashboardFront } from './dashboard-server.ts';
import type { Flywheel } from './flywheel.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const DASHBOARD_DIST = `${root}api/dashboard/dist`;

export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A production build of the dashboard from the current sources. */
export function buildDashboard(): void {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'api/dashboard/vite.config.ts'],
    {
      cwd: root,
      stdio: 'pipe',
      // A production build, not one shaped by the test runner's environment (NODE_ENV=test, VITEST…).
      env: Object.fromEntries(
        Object.entries({ ...process.env, NODE_ENV: 'production' }).filter(
          ([name]) => !name.startsWith('VITEST'),
        ),
      ),
    },
  );
}

/** The API serves /dashboard once node.ts is wired; until then a front server does, on one origin. */
export async function dashboardOrigin(
  flywheel: Flywheel,
): Promise<{ origin: string; front?: { url: string; close(): Promise<void> } }> {
  const response = await fetch(`${flywheel.url}/dashboard/`);
  if (response.ok && (await response.text()).includes('/dashboard/assets/')) return { origin: flywheel.url };
  const front = await startDashboardFront(flywheel.url, DASHBOARD_DIST);
  return { origin: front.url, front };
}

/** Whoever serves the page, it must work under a strict CSP: no inline script, no inline style. */
export async function enforceDashboardCsp(page: Page): Promise<void> {
  await page.route(/\/dashboard\/?$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': DASHBOARD_CSP },
    });
  });
}

/** Opens the dashboard signed in with the secret key, on the view named by its navigation link. */
export async function openDashboard(
  page: Page,
  origin: string,
  secretKey: string,
  view: string,
): Promise<void> {
  await page.goto(`${origin}/dashboard`);
  await page.getByLabel('Secret key').fill(secretKey);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await page.getByRole('link', { name: view }).click();
}
