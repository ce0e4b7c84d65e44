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

async function mount(
  state: ClientState,
  view: 'invite' | 'rewards' | 'earn' | 'cards',
  answer: Parameters<typeof recordingFetch>[0] = () => ({ json: {} }),
) {
  const api = recordingFetch((path, body) =>
    path.endsWith('/bootstrap') ? { json: state } : answer(path, body),
  );
  const client = createFlywheel({
    publishableKey: 'pk_1',
    apiUrl: 'https://api.example',
    fetch: api.fetch,
    storage: memoryStorage(),
  });
  const s: WidgetStore = createStore({ client, locale: 'en', loadChunk: testChunks, showLauncher: true });
  s.ui.value = { Cards, Inline, en, css: '' };
  s.state.value = state;
  // The client's own state carries the session that share and redeem send.
  await client.bootstrap();
  api.calls.length = 0;
  container = document.createElement('div');
  document.body.appendChild(container);
  render(view === 'cards' ? <Cards s={s} /> : <Inline s={s} view={view} className="fw" />, container);
  return { s, api, client };
}

const button = (name: string) =>
  [...container.querySelectorAll('button')].find(
    (b) => b.textContent === name || b.getAttribute('aria-label') === name,
  );

afterEach(() => {
  render(null, container);
  container.remove();
});

describe('Invite view', () => {
  it('gives an identified customer their link, code, share channels and counts', async () => {
    await mount(bootstrapAnswer({ customer: customer(), session: 'ses_1' }), 'invite');
    const text = container.textContent ?? '';
    expect(text).toContain('Give 15% off, get $10 off');
    const values = [...container.querySelectorAll('input')].map((i) => i.value);
    expect(values).toEqual(['https://shop.example/?ref=ANN-7K2Q', 'ANN-7K2Q']);
    const labels = [...container.querySelectorAll('a')].map((a) => a.getAttribute('aria-label'));
    expect(labels).toEqual([
      'Share on WhatsApp',
      'Share on X',
      'Share on Facebook',
      'Share on Email',
      'Share on SMS',
      'Share on LINE',
    ]);
    expect(button('Share on WeChat')).toBeDefined();
    expect([...container.querySelectorAll('.fw-stats b')].map((b) => b.textContent)).toEqual([
      '12',
      '3',
      '1',
    ]);
  });

  it('asks an anonymous visitor to sign in instead of showing a link', async () => {
    await mount(bootstrapAnswer(), 'invite');
    expect(container.textContent).toContain(en.join_prompt);
    expect(container.querySelector('input')).toBeNull();
  });

  it("renders the merchant's texts as text, never as markup", async () => {
    const state = bootstrapAnswer({ customer: customer() });
    state.program.texts = { invite_title: '<img src=x onerror=alert(1)>Invite' };
    await mount(state, 'invite');
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>Invite');
  });

  it('draws the WeChat QR code of the tagged link on demand', async () => {
    await mount(bootstrapAnswer({ customer: customer(), session: 'ses_1' }), 'invite', () => ({
      json: { share_url: 'x' },
    }));
    button('Share on WeChat')?.click();
    await eventually(() =>
      expect(container.querySelector('svg[role=img] path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/),
    );
  });
});

describe('Rewards view', () => {
  it('lists coupons with their codes and the points history', async () => {
    await mount(bootstrapAnswer({ customer: customer() }), 'rewards');
    expect(container.textContent).toContain('600 points');
    expect([...container.querySelectorAll('input')].map((i) => i.value)).toEqual(['FLY-ABC123']);
    expect(container.textContent).toContain('Joined');
    expect(container.textContent).toContain('+100');
  });
});

describe('Earn view', () => {
  it('shows ways to earn, tier progress and redeems an affordable option into a code', async () => {
    const reward = {
      ...customer().rewards[0]!,
      id: 'rwd_2',
      source: 'redemption',
      reward: { type: 'amount_off', amount: 500, currency: 'USD' },
      coupon_code: 'FLY-5OFF',
    };
    const { api, s } = await mount(
      bootstrapAnswer({ customer: customer(), session: 'ses_1' }),
      'earn',
      () => ({ json: reward }),
    );
    const text = container.textContent ?? '';
    expect(text).toContain('Refer a friend who buys');
    expect(text).toContain('400 more points to Silver');
    // points_per_unit is 1, signup_points 100: singular and plural read right.
    expect(text).toContain('1 point per 1 spent');
    expect(text).toContain('100 points');
    expect(text).not.toMatch(/\b1 points/);
    expect(container.querySelector('progress')?.getAttribute('max')).toBe('1000');
    const [cheap, dear] = [...container.querySelectorAll<HTMLButtonElement>('li button')];
    expect(dear?.disabled).toBe(true);
    cheap?.click();
    await eventually(() =>
      expect([...container.querySelectorAll('input')].map((i) => i.value)).toContain('FLY-5OFF'),
    );
    expect(api.calls[0]?.body).toEqual({ option_id: '5off', session: 'ses_1' });
    expect(s.state.value?.customer?.points_balance).toBe(100);
  });
});

describe('Friend banner', () => {
  const friend = () =>
    bootstrapAnswer({
      friend_offer: { referrer_name: 'Ann', reward: { type: 'percent_off', percent: 15 }, code: 'ANN-7K2Q' },
    });

  it("shows the friend's offer and reveals the coupon once the email is claimed", async () => {
    const { api, client } = await mount(friend(), 'cards', () => ({
      json: { reward: { type: 'percent_off', percent: 15 }, coupon_code: 'FLY-WELCOME' },
    }));
    const claimed: unknown[] = [];
    client.on('offer_claimed', (payload) => claimed.push(payload));
    expect(container.textContent).toContain('Ann sent you 15% off');
    const email = container.querySelector<HTMLInputElement>('input[type=email]')!;
    email.value = 'friend@example.org';
    email.dispatchEvent(new Event('input'));
    container.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await eventually(() =>
      expect(container.querySelector<HTMLInputElement>('input.fw-code')?.value).toBe('FLY-WELCOME'),
    );
    expect(api.calls[0]?.path).toBe('/v1/client/offers/claim');
    expect(api.calls[0]?.body).toMatchObject({ email: 'friend@example.org' });
    expect(claimed).toEqual([
      {
        email: 'friend@example.org',
        reward: { type: 'percent_off', percent: 15 },
        coupon_code: 'FLY-WELCOME',
      },
    ]);
  });

  it('explains that the offer is for new customers when the email already ordered', async () => {
    await mount(friend(), 'cards', () => ({
      status: 409,
      json: { error: { type: 'conflict', code: 'existing_customer', message: 'no' } },
    }));
    const email = container.querySelector<HTMLInputElement>('input[type=email]')!;
    email.value = 'old@example.org';
    email.dispatchEvent(new Event('input'));
    container.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await eventually(() =>
      expect(container.querySelector('[role=alert]')?.textContent).toBe(en.error_existing),
    );
  });
});

describe('Panel', () => {
  it('is a labelled modal dialog whose tabs move with the arrow keys and which Escape closes', async () => {
    const { s } = await mount(bootstrapAnswer({ customer: customer() }), 'cards');
    s.open.value = true;
    await eventually(() => expect(container.querySelector('[role=dialog]')).not.toBeNull());
    const dialog = container.querySelector('[role=dialog]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(container.querySelector(`#${dialog.getAttribute('aria-labelledby')}`)?.textContent).toBe(en.title);
    container
      .querySelector('[role=tablist]')
      ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await eventually(() =>
      expect(container.querySelector('[aria-selected=true]')?.textContent).toBe('Rewards'),
    );
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(s.open.value).toBe(false);
  });
});
