// The dashboard's Experiments view in Chromium under a strict CSP: the merchant creates a friend-reward
// test and starts it, two visitors see different offers, the results update, the winner is promoted.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../api/src/domain/experiment-assignment.ts';
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

beforeAll(async () => {
  buildDashboard();
  flywheel = await startFlywheel();
  const served = await dashboardOrigin(flywheel);
  front = served.front;
  const { origin } = served;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 1100 }, locale: 'en-US' });
  page = await context.newPage();
  errors = watchErrors(page);
  await enforceDashboardCsp(page);
  await openDashboard(page, origin, flywheel.demo.secretKey, 'Experiments');
});

afterAll(async () => {
  await browser?.close();
  await front?.close();
  await flywheel?.close();
});

const panel = () => page.locator('section#experiments');

/** A visitor's page view, as the widget makes it; answers the friend reward it was shown. */
async function visit(visitorId: string): Promise<number> {
  const response = await fetch(`${flywheel.url}/v1/client/bootstrap`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${flywheel.demo.publishableKey}`,
      'Content-Type': 'application/json',
      Origin: flywheel.url,
    },
    body: JSON.stringify({ visitor_id: visitorId, url: `${flywheel.url}/` }),
  });
  if (response.status !== 200) throw new Error(`bootstrap: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { program: { referral: { friend_reward: { amount?: number } } } };
  return body.program.referral.friend_reward.amount ?? 0;
}

describe('the dashboard Experiments view', () => {
  it('creates and starts a friend-reward test; two visitors see different offers; results update', async () => {
    await panel().getByLabel('Experiment name').fill('Friend gets $25');
    await panel()
      .getByLabel(/New friend reward/)
      .fill('25');
    await panel().getByRole('button', { name: 'Create experiment' }).click();
    await expect.poll(() => panel().locator('#experiment-create-status').textContent()).toContain('Created');
    await panel().getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => panel().locator('.badge').first().textContent()).toBe('running');

    const list = await flywheel.api<{ data: { id: string; variants: { key: string; weight: number }[] }[] }>(
      flywheel.demo.secretKey,
      'GET',
      '/v1/experiments',
    );
    const experiment = list.data[0]!;
    const visitorIn = (key: string) => {
      for (let i = 0; ; i++) {
        const id = `e2e-visitor-${i}`;
        if (assignVariant(experiment.id, id, experiment.variants).key === key) return id;
      }
    };
    const controlOffer = await visit(visitorIn('control'));
    const challengerOffer = await visit(visitorIn('challenger'));
    expect(challengerOffer).toBe(2500);
    expect(controlOffer).not.toBe(challengerOffer);

    await page.getByRole('button', { name: 'Refresh' }).click();
    const visitors = () =>
      panel().locator('.experiment-results tbody td.num:first-of-type').allTextContents();
    await expect.poll(visitors, { timeout: 10_000 }).toEqual(['1', '1']);
    await expect
      .poll(() => panel().locator('.experiment-results').textContent())
      .toContain('Not enough data yet');
    await expect
      .poll(() => panel().locator('.experiment-verdict').textContent())
      .toContain('nobody has converted');
  });

  it('passes an axe scan with no CSP violation, then promotes the challenger into the program', async () => {
    const require = createRequire(import.meta.url);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(document.querySelector('section#experiments'))).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.locator('section#experiments').screenshot({ path: 'test-results/dashboard/experiments.png' });

    await panel().getByRole('button', { name: 'Make challenger the offer' }).click();
    await expect.poll(() => panel().locator('.badge').first().textContent()).toBe('stopped');
    const saved = await flywheel.api<{ referral: { friend_reward: unknown } }>(
      flywheel.demo.secretKey,
      'GET',
      '/v1/program',
    );
    expect(saved.referral.friend_reward).toMatchObject({ type: 'amount_off', amount: 2500 });
    expect(errors).toEqual([]);
  });
});
