// Test doubles for component tests: a recorded fetch answering like the client routes, a chunk loader
// that imports the chunks' sources directly, and a bootstrap answer to start from.
import { encode } from 'uqr';
import type { ClientState } from '../../sdk/src/browser/types.ts';
import { Cards, Inline } from '../../widget/src/components/cards.tsx';
import { Survey, surveyCss } from '../../widget/src/components/survey.tsx';
import { uiCss } from '../../widget/src/components/ui-styles.ts';
import { catalogs } from '../../widget/src/i18n/catalog.ts';
import { en } from '../../widget/src/i18n/en.ts';

export interface Call {
  url: string;
  path: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

export function recordingFetch(
  answer: (path: string, body: Record<string, unknown>) => { status?: number; json: unknown },
) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const path = new URL(url).pathname;
    const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
    calls.push({ url, path, init, body });
    const { status = 200, json } = answer(path, body);
    return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

export async function testChunks(name: string): Promise<unknown> {
  if (name === 'ui') return { Cards, Inline, en, css: uiCss };
  if (name === 'survey') return { Survey, css: surveyCss };
  if (name === 'qr') return (text: string) => encode(text).data;
  const locale = name.replace('i18n/', '');
  if (catalogs[locale]) return catalogs[locale];
  throw new Error(`no chunk ${name}`);
}

export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

export const money = (amount: number) => ({ type: 'amount_off' as const, amount, currency: 'USD' });

export function bootstrapAnswer(overrides: Partial<ClientState> = {}): ClientState {
  return {
    visitor_id: 'vis_1',
    program: {
      texts: {},
      theme: { brand_color: '#4f46e5', position: 'bottom-right', radius: 12, color_scheme: 'auto' },
      referral: {
        enabled: true,
        referrer_reward: money(1000),
        friend_reward: { type: 'percent_off', percent: 15 },
      },
      share_to_earn: { enabled: true, reward: { type: 'points', points: 50 }, daily_cap: 3 },
      loyalty: {
        enabled: true,
        points_per_unit: 1,
        signup_points: 100,
        birthday_points: 200,
        tiers: [{ name: 'Silver', threshold_points: 1000, multiplier: 1.25 }],
        redemption_options: [
          { id: '5off', points: 500, reward: money(500) },
          { id: '20off', points: 2000, reward: money(2000) },
        ],
      },
      new_customer_offer: {
        enabled: true,
        reward: { type: 'percent_off', percent: 15 },
        requires_email: true,
      },
    },
    customer: null,
    friend_offer: null,
    ...overrides,
  };
}

export function customer(
  overrides: Partial<NonNullable<ClientState['customer']>> = {},
): NonNullable<ClientState['customer']> {
  return {
    id: 'cus_1',
    external_id: 'u_42',
    name: 'Ann',
    email: 'ann@example.com',
    referral_code: 'ANN-7K2Q',
    referral_url: 'https://shop.example/?ref=ANN-7K2Q',
    points_balance: 600,
    tier: null,
    next_tier: { name: 'Silver', threshold_points: 1000 },
    stats: { clicks: 12, referrals: 3, conversions: 2 },
    rewards: [
      {
        id: 'rwd_1',
        object: 'reward',
        customer: 'cus_1',
        kind: 'coupon',
        source: 'referral_referrer',
        status: 'issued',
        reward: money(1000),
        coupon_code: 'FLY-ABC123',
        order: 'ord_1',
        flags: [],
        available_at: '2026-01-01T00:00:00Z',
        created_at: '2026-01-01T00:00:00Z',
      },
    ],
    ledger: [
      {
        id: 'led_1',
        object: 'ledger_entry',
        customer: 'cus_1',
        account: 'points',
        delta: 100,
        reason: 'signup',
        balance_after: 100,
        created_at: '2026-01-02T10:00:00Z',
      },
    ],
    ...overrides,
  };
}

/** Waits until `check` stops throwing (renders and fetches settle over a few ticks). */
export async function eventually(check: () => void, timeout = 2000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeout) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
