// The Earn tab's lifecycle parts in happy-dom: a campaign banner with its end date, the merchant's own
// ways to earn, and an automation's message with its coupon.
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlywheel } from '../../sdk/src/browser/client.ts';
import type { ClientState } from '../../sdk/src/browser/types.ts';
import { Cards, Inline } from '../../widget/src/components/cards.tsx';
import { en } from '../../widget/src/i18n/en.ts';
import { createStore, type WidgetStore } from '../../widget/src/store.ts';
import {
  bootstrapAnswer,
  customer,
  eventually,
  memoryStorage,
  recordingFetch,
  testChunks,
} from './helpers.ts';

let container: HTMLElement;

let current: WidgetStore | undefined;

async function mountEarn(state: ClientState, answer: () => { json: unknown } = () => ({ json: state })) {
  const api = recordingFetch((path) => (path.endsWith('/bootstrap') ? { json: state } : answer()));
  const client = createFlywheel({
    publishableKey: 'pk_1',
    apiUrl: 'https://api.example',
    fetch: api.fetch,
    storage: memoryStorage(),
  });
  const s: WidgetStore = createStore({ client, locale: 'en', loadChunk: testChunks, showLauncher: true });
  s.ui.value = { Cards, Inline, en, css: '' };
  s.state.value = state;
  current = s;
  // The client's own state carries the session that redeem sends.
  await client.bootstrap();
  container = document.createElement('div');
  document.body.appendChild(container);
  render(<Inline s={s} view="earn" className="fw" />, container);
  return api;
}

afterEach(() => {
  render(null, container);
  container.remove();
});

const lifecycle = {
  campaigns: [
    {
      id: 'may',
      name: 'Double points week',
      ends_at: '2026-05-17T00:00:00.000Z',
      referral_multiplier: 1,
      points_multiplier: 2,
    },
  ],
  earn_actions: [{ type: 'review', label: 'Write a review', points: 50, limit: 'once' as const, per_day: 1 }],
  any_amount: null,
  messages: [
    {
      id: 'afr_1',
      automation: 'default.win_back',
      title: 'We miss you',
      body: 'Here is something to welcome you back.',
      coupon_code: 'FLY-BACK15',
      fired_at: '2026-05-01T09:00:00.000Z',
    },
  ],
};

describe('Earn tab: campaigns, ways to earn and messages', () => {
  it('shows a running campaign with its end, the merchant’s ways to earn and the automation’s coupon', async () => {
    await mountEarn(bootstrapAnswer({ customer: customer(), session: 'ses_1', lifecycle }));
    const text = container.textContent ?? '';
    expect(text).toContain('Double points week');
    expect(text).toContain('Until May 17, 2026');
    expect(text).toContain('Write a review');
    expect(text).toContain('50 points');
    expect(text).toContain('We miss you');
    expect([...container.querySelectorAll('input')].map((i) => i.value)).toContain('FLY-BACK15');
  });

  it('shows none of it when the answer has no lifecycle part', async () => {
    await mountEarn(bootstrapAnswer({ customer: customer(), session: 'ses_1' }));
    const text = container.textContent ?? '';
    expect(text).not.toContain('Until');
    expect(container.querySelectorAll('input')).toHaveLength(0);
  });
});

describe('Earn tab: free shipping', () => {
  it('names a free-shipping redemption option and its cost', async () => {
    const state = bootstrapAnswer({ customer: customer(), session: 'ses_1', lifecycle });
    state.program.loyalty!.redemption_options = [
      { id: 'ship', points: 300, reward: { type: 'free_shipping' } },
    ];
    await mountEarn(state);
    const redeem = container.querySelector<HTMLButtonElement>('button[aria-label="Redeem: Free shipping"]');
    expect(redeem?.disabled).toBe(false);
    expect(redeem?.closest('li')?.textContent).toContain('300 points');
  });
});

describe('Earn tab: loyalty standing', () => {
  const standing = {
    ...lifecycle,
    any_amount: { points: 100, amount: 100, currency: 'USD', min_points: 500 },
    points_expiring: { points: 150, at: '2026-07-01T09:00:00.000Z', mode: 'batch' as const },
    tier_progress: {
      basis: 'spend' as const,
      amount: 12_000,
      currency: 'USD',
      window_months: 12,
      next: { name: 'Gold', threshold: 50_000 },
    },
  };

  it('measures tier progress in spend over the window, and tells which points expire when', async () => {
    await mountEarn(bootstrapAnswer({ customer: customer(), session: 'ses_1', lifecycle: standing }));
    const text = container.textContent ?? '';
    expect(text).toContain('Spend $380 more to reach Gold');
    expect(text).toContain('Counts the last 12 months');
    const bar = container.querySelector('progress');
    expect([bar?.value, bar?.max]).toEqual([12_000, 50_000]);
    expect(text).toContain('150 points expire on Jul 1, 2026');
    expect(text).toContain('$1 off for every 100 points, from 500 points');
  });

  it('turns the points the shopper types into an amount off, charging whole steps of the rate', async () => {
    const reward = {
      ...customer().rewards[0]!,
      id: 'rwd_any',
      source: 'redemption' as const,
      reward: { type: 'amount_off' as const, amount: 500, currency: 'USD' },
      coupon_code: 'FLY-ANY500',
    };
    const api = await mountEarn(
      bootstrapAnswer({ customer: customer({ points_balance: 600 }), session: 'ses_1', lifecycle: standing }),
      () => ({ json: reward }),
    );
    const input = container.querySelector<HTMLInputElement>('#fw-any-amount')!;
    const button = [...container.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.closest('.fw-box')?.contains(input) && b.textContent === 'Redeem',
    )!;
    // Below the minimum: not offered.
    input.value = '400';
    input.dispatchEvent(new Event('input'));
    await eventually(() => expect(button.disabled).toBe(true));
    input.value = '550';
    input.dispatchEvent(new Event('input'));
    await eventually(() => expect(button.disabled).toBe(false));
    button.click();
    await eventually(() =>
      expect([...container.querySelectorAll('input')].map((i) => i.value)).toContain('FLY-ANY500'),
    );
    expect(api.calls.at(-1)?.body).toEqual({ option_id: 'any_amount', session: 'ses_1', points: 550 });
    expect(current?.state.value?.customer?.points_balance).toBe(100);
  });

  it('says an idle balance expires unless the shopper comes back, and counts points earned for the tier', async () => {
    await mountEarn(
      bootstrapAnswer({
        customer: customer(),
        session: 'ses_1',
        lifecycle: {
          ...standing,
          any_amount: null,
          points_expiring: { points: 600, at: '2027-05-01T09:00:00.000Z', mode: 'idle' },
          tier_progress: {
            basis: 'points',
            amount: 800,
            currency: null,
            window_months: null,
            next: { name: 'Silver', threshold: 1000 },
          },
        },
      }),
    );
    const text = container.textContent ?? '';
    expect(text).toContain('600 points expire on May 1, 2027 unless you come back or earn');
    expect(text).toContain('200 more points to Silver');
    expect(text).not.toContain('Counts the last');
    expect(text).not.toContain('off for every');
  });
});
