// A year in a shop, one day at a time on the injected clock: the automations job and the loyalty
// calendar run every morning at 09:00, shoppers order at noon. Each rule must fire exactly once per
// occurrence, silence must follow each customer's own rhythm, and what an email tool receives must
// verify as a Standard Webhooks delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutomations } from '../../api/src/jobs/automations.ts';
import { runLoyaltyCalendar } from '../../api/src/jobs/loyalty-calendar.ts';
import { runWebhookDeliveries } from '../../api/src/jobs/webhook-delivery.ts';
import { type Receiver, startReceiver, verifyDelivery } from '../fixtures/webhook-receiver.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00.000Z');
const dayAt = (day: number, hour: number) => new Date(YEAR_START + day * DAY + hour * 3_600_000);

interface Fired {
  automation: string;
  occurrence: string;
  customer: { external_id: string; email: string | null; segment: string; tier: string | null };
  reward: { coupon_code: string | null; reward: { type: string } } | null;
}

describe.each(DIALECTS)('a year of lifecycle automations on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let receiver: Receiver;
  let hookSecret: string;
  const firedOn = new Map<string, number[]>();
  const apiSegmentOfSlowpoke = new Map<number, string>();
  let lapsingMessages: { automation: string; title: string; coupon_code: string | null }[] = [];
  let winBackCoupon: string | null = null;

  const allFired = async (): Promise<(Fired & { created_at: string })[]> => {
    const out: (Fired & { created_at: string })[] = [];
    let after = '';
    for (;;) {
      const res = await h.request(
        'GET',
        `/v1/events?type=automation.fired&limit=100${after ? `&starting_after=${after}` : ''}`,
        { key: shop.secret_key },
      );
      for (const e of res.body.data) out.push({ ...e.data, created_at: e.created_at });
      if (!res.body.has_more) return out;
      after = res.body.data.at(-1).id;
    }
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    // The shop, and its email tool's webhook, exist before anything in the story happens.
    h.clock.set(dayAt(-300, 0));
    shop = await h.createMerchant('Rhythm Shop');
    story = storyOf(h, shop);
    receiver = await startReceiver();
    const hook = await h.request('POST', '/v1/webhook_endpoints', {
      key: shop.secret_key,
      body: { url: receiver.url, events: ['automation.fired'] },
    });
    hookSecret = hook.body.secret;
    await story.setProgram({
      automations: {
        rules: [
          {
            id: 'second-order',
            trigger: { type: 'order.nth', n: 2 },
            reward: { type: 'points', points: 100 },
          },
          {
            id: 'birthday-note',
            trigger: { type: 'customer.birthday' },
            message: { title: 'Happy birthday!' },
          },
          { id: 'points-expiring', trigger: { type: 'points.expiring', days_before: 14 } },
          { id: 'tier-up', trigger: { type: 'tier.changed' }, message: { title: 'New tier unlocked' } },
          {
            id: 'black-friday',
            trigger: { type: 'date', start: '11-27', end: '11-30' },
            segment: 'high_value',
            reward: { type: 'amount_off', amount: 500, currency: 'USD' },
            message: { title: 'Black Friday: $5 off for our best customers' },
          },
        ],
      },
    });

    // Before the year: a shopper who orders every 100 days, like clockwork.
    let n = 0;
    const order = async (customer: string, email: string, coupon?: string) => {
      const res = await story.order({
        external_id: `o-${++n}`,
        customer: { external_id: customer, email },
        ...(coupon ? { coupon_codes: [coupon] } : {}),
      });
      expect(res.status).toBe(201);
    };
    for (const day of [-200, -100]) {
      h.clock.set(dayAt(day, 12));
      await order('slowpoke', 'slow@example.com');
    }

    const plan: Record<number, (() => Promise<void>)[]> = {};
    const on = (day: number, act: () => Promise<void>) => {
      plan[day] ??= [];
      plan[day]!.push(act);
    };
    on(0, () => story.customer('newbie', { email: 'new@example.com' }).then(() => undefined));
    on(0, () =>
      story.customer('bday', { email: 'b@example.com', birthday: '1990-03-15' }).then(() => undefined),
    );
    for (let d = 0; d <= 340; d += 20) on(d, () => order('regular', 'reg@example.com'));
    for (const d of [0, 10, 20]) on(d, () => order('lapsing', 'lap@example.com'));
    // The comeback, with the win-back coupon the automation sent.
    on(150, async () => {
      expect(winBackCoupon).toMatch(/^FLY-/);
      await order('lapsing', 'lap@example.com', winBackCoupon!);
    });
    for (const d of [0, 100, 250]) on(d, () => order('slowpoke', 'slow@example.com'));
    // The shopper back on the site the day after the win-back fired sees it in the widget.
    on(112, async () => {
      const res = await story.identify('lapsing');
      lapsingMessages = res.body.lifecycle.messages;
    });

    for (let day = 0; day <= 366; day++) {
      h.clock.set(dayAt(day, 9));
      await runAutomations(h.app.deps);
      await runLoyaltyCalendar(h.app.deps);
      if (day === 111) {
        const winBack = (await allFired()).find(
          (f) => f.customer.external_id === 'lapsing' && f.automation === 'default.win_back',
        );
        winBackCoupon = winBack?.reward?.coupon_code ?? null;
      }
      if (day === 190 || day === 240) {
        apiSegmentOfSlowpoke.set(day, (await story.getCustomer('slowpoke')).segment);
      }
      h.clock.set(dayAt(day, 12));
      for (const act of plan[day] ?? []) await act();
      const today = (x: { created_at: string }) =>
        Date.parse(x.created_at) >= dayAt(day, 0).getTime() &&
        Date.parse(x.created_at) < dayAt(day + 1, 0).getTime();
      for (const f of (await allFired()).filter(today)) {
        const key = `${f.customer.external_id}/${f.automation}`;
        firedOn.set(key, [...(firedOn.get(key) ?? []), day]);
      }
    }
  }, 600_000);
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  it('nudges a sign-up who has not ordered on day 7, once', () => {
    // Signed up at noon on day 0: a week later is noon on day 7, so the morning run of day 8.
    expect(firedOn.get('newbie/default.day7_nudge')).toEqual([8]);
    expect(firedOn.get('bday/default.day7_nudge')).toEqual([8]);
  });

  it('celebrates a birthday on the day, once', () => {
    expect(firedOn.get('bday/birthday-note')).toEqual([73]);
  });

  it('rewards the second order once per customer, and not for a second order long before the rule', async () => {
    expect(firedOn.get('regular/second-order')).toEqual([21]);
    expect(firedOn.get('lapsing/second-order')).toEqual([11]);
    expect(firedOn.get('slowpoke/second-order')).toBeUndefined();
  });

  it('gives the VIP perk on entering high value, again only after leaving and coming back', () => {
    expect(firedOn.get('regular/default.vip_perk')).toEqual([41]);
    expect(firedOn.get('slowpoke/default.vip_perk')).toEqual([1]);
    expect(firedOn.get('lapsing/default.vip_perk')).toEqual([21, 151]);
  });

  it('wins back a silent customer each time they fall silent, and the coupon brings them back', async () => {
    expect(firedOn.get('lapsing/default.win_back')).toEqual([111, 241]);
    expect(lapsingMessages.map((m) => m.automation)).toContain('default.win_back');
    expect(lapsingMessages.find((m) => m.automation === 'default.win_back')).toMatchObject({
      title: 'We miss you',
      coupon_code: winBackCoupon,
    });
    const list = await h.request('GET', '/v1/automations', { key: shop.secret_key });
    expect(list.status).toBe(200);
    const winBack = list.body.data.find((r: { id: string }) => r.id === 'default.win_back');
    expect(winBack).toMatchObject({ default: true, active: true, fired: 2, shown: 1, converted: 1 });
  });

  it('measures silence against each customer’s own rhythm', () => {
    // The shop-wide segment calls the 100-day buyer silent after 90 days; their own rhythm does not.
    expect(apiSegmentOfSlowpoke.get(240)).toBe('silent');
    expect(firedOn.get('slowpoke/default.win_back')).toBeUndefined();
  });

  it('reminds at the customer’s usual interval after their last order, once per order', () => {
    // Every 10 days: due on day 30 (reminded on the next morning), and after the comeback on day 160.
    expect(firedOn.get('lapsing/default.repurchase_reminder')).toEqual([31, 161]);
    // Every 100 days: the order due on day 200 did not come until day 250.
    expect(firedOn.get('slowpoke/default.repurchase_reminder')).toEqual([201, 351]);
    // Every 20 days, each order placed before a reminder was due — until the last one, on day 340.
    expect(firedOn.get('regular/default.repurchase_reminder')).toEqual([361]);
  });

  it('follows a tier change once', async () => {
    expect(firedOn.get('regular/tier-up')).toHaveLength(1);
    const fired = (await allFired()).find((f) => f.automation === 'tier-up');
    expect(fired?.customer.tier).toBe('Silver');
  });

  it('runs a holiday window once per eligible customer, whatever the days it spans', () => {
    expect(firedOn.get('regular/black-friday')).toEqual([330]);
    expect(firedOn.get('slowpoke/black-friday')).toEqual([330]);
    expect(firedOn.get('lapsing/black-friday')).toBeUndefined();
  });

  it('warns 14 days before idle points expire, then they expire', async () => {
    expect(firedOn.get('newbie/points-expiring')).toEqual([352]);
    // The built-in warning too, with its message for the widget.
    expect(firedOn.get('newbie/default.points_expiring')).toEqual([352]);
    expect((await story.getCustomer('newbie')).points_balance).toBe(0);
    expect((await story.ledger('newbie'))[0]).toMatchObject({ reason: 'expiry', delta: -100 });
  });

  it('fires nothing it was not asked to', async () => {
    const total = [...firedOn.values()].reduce((n, days) => n + days.length, 0);
    expect((await allFired()).length).toBe(total);
    expect(total).toBe(21);
  });

  it('delivers automation.fired with the profile an email tool needs, verified as Standard Webhooks', async () => {
    for (let i = 0; i < 20; i++) {
      const pass = await runWebhookDeliveries(h.app.deps);
      if (pass.attempted === 0) break;
    }
    expect(receiver.requests).toHaveLength(21);
    const payloads = receiver.requests.map(
      (r) => verifyDelivery(hookSecret, r) as { type: string; data: Fired },
    );
    const winBack = payloads.find((p) => p.data.automation === 'default.win_back')!;
    expect(winBack.type).toBe('automation.fired');
    expect(winBack.data.customer).toMatchObject({
      external_id: 'lapsing',
      email: 'lap@example.com',
      segment: 'silent',
      referral_url: expect.stringMatching(/^https:\/\/shop\.example\/\?ref=/),
      points_balance: expect.any(Number),
    });
    expect(winBack.data.reward).toMatchObject({
      kind: 'coupon',
      coupon_code: expect.stringMatching(/^FLY-/),
    });
  });
});
