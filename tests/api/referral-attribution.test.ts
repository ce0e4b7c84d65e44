import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseHeldRewards } from '../../api/src/jobs/release-held-rewards.ts';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('referral attribution on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Attribution Shop', ['https://shop.example']);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  async function referrer(name = 'Ann') {
    const id = uid('ref');
    const c = await story.customer(id, { email: `${id}@example.com`, name });
    return { id, code: c.referral_code as string, cus: c.id as string };
  }

  it('credits the referrer when a friend who clicked the link places a first order, holding both rewards', async () => {
    const ann = await referrer();
    const { visitor_id, friend_offer } = await story.click(ann.code);
    expect(friend_offer).toMatchObject({
      referrer_name: 'Ann',
      code: ann.code,
      reward: { type: 'amount_off', amount: 1000 },
    });
    const friend = uid('friend');
    const res = await story.order({
      external_id: uid('o'),
      customer: { external_id: friend, email: `${friend}@example.org` },
      visitor_id,
    });
    expect(res.status).toBe(201);
    expect(res.body.attribution).toMatchObject({ referrer: ann.cus, method: 'link' });
    expect(res.body.attribution.referral).toMatch(/^ref_/);
    const sources = res.body.rewards.map((r: { source: string }) => r.source).sort();
    expect(sources).toEqual(['referral_friend', 'referral_referrer']);
    for (const r of res.body.rewards) {
      expect(r.status).toBe('pending');
      expect(Date.parse(r.available_at) - h.clock.now().getTime()).toBe(14 * DAY);
      expect(r.coupon_code).toBeNull();
    }
    const after = await story.getCustomer(ann.id);
    expect(after.stats).toMatchObject({ clicks: 1, referrals: 1, conversions: 1 });
    expect((await story.getCustomer(friend)).referred_by).toBe(ann.cus);
  });

  it('issues held rewards once the hold has passed, with a coupon code each', async () => {
    const ann = await referrer();
    const { visitor_id } = await story.click(ann.code);
    await story.order({ external_id: uid('o'), customer: { external_id: uid('f') }, visitor_id });
    h.clock.advance(13 * DAY);
    await releaseHeldRewards(h.app.deps);
    expect((await story.rewards(ann.id))[0]).toMatchObject({ status: 'pending' });
    h.clock.advance(1 * DAY + 1000);
    await releaseHeldRewards(h.app.deps);
    const [reward] = await story.rewards(ann.id);
    expect(reward).toMatchObject({ status: 'issued', source: 'referral_referrer' });
    expect(reward!.coupon_code).toMatch(/^FLY-[2-9A-Z]{6}$/);
  });

  describe('with rewards issued at once (hold_days 0)', () => {
    beforeAll(() => story.setProgram({ referral: { hold_days: 0 } }));

    it('prefers a coupon over a code over a link, and records the method', async () => {
      const [a, b, c] = [await referrer('Ann'), await referrer('Bo'), await referrer('Cy')];
      const { visitor_id } = await story.click(c.code);
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        visitor_id,
        referral_code: b.code,
        coupon_codes: [a.code.toLowerCase()],
      });
      expect(res.body.attribution).toMatchObject({ referrer: a.cus, method: 'coupon' });
      const byCode = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        referral_code: b.code,
      });
      expect(byCode.body.attribution).toMatchObject({ referrer: b.cus, method: 'code' });
      expect(byCode.body.rewards.every((r: { status: string }) => r.status === 'issued')).toBe(true);
    });

    it('attributes by the email that claimed the friend offer when nothing else links the order', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      const email = `${uid('claimer')}@example.net`;
      const claim = await story.claim(visitor_id, email);
      expect(claim.status).toBe(200);
      const res = await story.order({ external_id: uid('o'), customer: { external_id: uid('f'), email } });
      expect(res.body.attribution).toMatchObject({ referrer: ann.cus, method: 'email' });
    });

    it('attributes by the claimed offer coupon used at checkout', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      const claim = await story.claim(visitor_id, `${uid('c')}@example.net`);
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        coupon_codes: [claim.body.coupon_code],
      });
      expect(res.body.attribution).toMatchObject({ referrer: ann.cus, method: 'coupon' });
    });

    it('rewards a friend once: a second order attributes nothing and adds no reward', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      const friend = uid('f');
      await story.order({ external_id: uid('o'), customer: { external_id: friend }, visitor_id });
      const second = await story.order({
        external_id: uid('o'),
        customer: { external_id: friend },
        visitor_id,
      });
      expect(second.status).toBe(201);
      expect(second.body.attribution).toBeNull();
      expect(second.body.rewards).toEqual([]);
      expect(await story.rewards(ann.id)).toHaveLength(1);
    });

    it('returns the stored order with 200 when an external_id is posted again, changing nothing', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      const body = { external_id: uid('o'), customer: { external_id: uid('f') }, visitor_id };
      const first = await story.order(body);
      const before = await snapshot(h.database);
      const again = await story.order({ ...body, amount: 999999 });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await snapshot(h.database)).toEqual(before);
    });

    it('ignores clicks older than the attribution window', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      h.clock.advance(31 * DAY);
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        visitor_id,
      });
      expect(res.body.attribution).toBeNull();
    });

    it('refuses an order below min_order_amount, with the reason', async () => {
      await story.setProgram({ referral: { min_order_amount: 3000 } });
      try {
        const ann = await referrer();
        const res = await story.order({
          external_id: uid('o'),
          customer: { external_id: uid('f') },
          referral_code: ann.code,
          amount: 2999,
        });
        expect(res.body.attribution).toEqual(
          expect.objectContaining({ rejected: true, reasons: ['below_min_order_amount'] }),
        );
        expect(res.body.rewards).toEqual([]);
      } finally {
        await story.setProgram({ referral: { min_order_amount: 0 } });
      }
    });

    it('rejects self-referral: the same customer, or the same inbox under another address', async () => {
      const ann = await referrer();
      const own = await story.order({
        external_id: uid('o'),
        customer: { external_id: ann.id },
        referral_code: ann.code,
      });
      expect(own.body.attribution).toMatchObject({ rejected: true, reasons: ['self_referral'] });
      const gmail = uid('g');
      const owner = await story.customer(gmail, { email: 'Jane.Doe@gmail.com', name: 'Jane' });
      const twin = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('twin'), email: 'janedoe+deals@googlemail.com' },
        referral_code: owner.referral_code,
      });
      expect(twin.body.attribution).toMatchObject({ rejected: true, reasons: ['same_email'] });
      expect(await story.rewards(gmail)).toEqual([]);
    });

    it('rejects a friend who already ordered before the click', async () => {
      const ann = await referrer();
      const friend = uid('f');
      await story.order({ external_id: uid('o'), customer: { external_id: friend } });
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: friend },
        referral_code: ann.code,
      });
      expect(res.body.attribution).toMatchObject({ rejected: true, reasons: ['existing_customer'] });
    });

    it('rejects a second referrer for a friend someone else already referred', async () => {
      const [ann, bo] = [await referrer('Ann'), await referrer('Bo')];
      const friend = uid('f');
      await story.customer(friend, { referral_code_used: bo.code });
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: friend },
        coupon_codes: [ann.code],
      });
      expect(res.body.attribution).toMatchObject({ rejected: true, reasons: ['already_referred'] });
      const byBo = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f2') },
        referral_code: bo.code,
      });
      expect(byBo.body.attribution).toMatchObject({ method: 'code', referrer: bo.cus });
    });

    it('writes the referral.rejected event with its reasons', async () => {
      const ann = await referrer();
      await story.order({
        external_id: uid('o'),
        customer: { external_id: ann.id },
        referral_code: ann.code,
      });
      const events = await h.database.db
        .selectFrom('events')
        .select(['type', 'data'])
        .where('type', '=', 'referral.rejected')
        .execute();
      expect(events.some((e) => JSON.parse(e.data).reasons.includes('self_referral'))).toBe(true);
    });

    it('holds a disposable-email friend for review until approved', async () => {
      const ann = await referrer();
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f'), email: 'temp@mailinator.com' },
        referral_code: ann.code,
      });
      const mine = res.body.rewards.find((r: { source: string }) => r.source === 'referral_referrer');
      expect(mine).toMatchObject({ status: 'pending', flags: ['disposable_email'] });
      h.clock.advance(DAY);
      await releaseHeldRewards(h.app.deps);
      expect((await story.rewards(ann.id))[0]).toMatchObject({ status: 'pending' });
      const approved = await h.request('POST', `/v1/rewards/${mine.id}/approve`, { key: shop.secret_key });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'issued' });
      expect(approved.body.coupon_code).toMatch(/^FLY-/);
    });

    it('flags a friend on the referrer’s own device (same IP and browser)', async () => {
      const ann = await referrer();
      await story.identify(ann.id, { ip: '192.0.2.50', ua: 'SameBrowser/9' });
      const { visitor_id } = await story.click(ann.code, { ip: '192.0.2.50', ua: 'SameBrowser/9' });
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        visitor_id,
      });
      expect(res.body.attribution).toMatchObject({ method: 'link' });
      expect(res.body.rewards[0].flags).toContain('same_device_as_referrer');
      expect(res.body.rewards[0].status).toBe('pending');
    });

    it('flags referred orders from one IP beyond the daily cap', async () => {
      await story.setProgram({ fraud: { max_referred_orders_per_ip_per_day: 1 } });
      try {
        const ann = await referrer();
        const first = await story.order({
          external_id: uid('o'),
          customer: { external_id: uid('f') },
          referral_code: ann.code,
          ip: '198.18.0.9',
        });
        const second = await story.order({
          external_id: uid('o'),
          customer: { external_id: uid('f') },
          referral_code: ann.code,
          ip: '198.18.0.9',
        });
        expect(first.body.rewards[0].flags).toEqual([]);
        expect(second.body.rewards[0].flags).toEqual(['ip_velocity']);
      } finally {
        await story.setProgram({ fraud: { max_referred_orders_per_ip_per_day: 3 } });
      }
    });

    it('stops rewarding a referrer at max_rewards_per_referrer but still welcomes the friend', async () => {
      await story.setProgram({ referral: { max_rewards_per_referrer: 1 } });
      try {
        const ann = await referrer();
        await story.order({
          external_id: uid('o'),
          customer: { external_id: uid('f') },
          referral_code: ann.code,
        });
        const second = await story.order({
          external_id: uid('o'),
          customer: { external_id: uid('f') },
          referral_code: ann.code,
        });
        expect(second.body.rewards.map((r: { source: string }) => r.source)).toEqual(['referral_friend']);
        expect(await story.rewards(ann.id)).toHaveLength(1);
      } finally {
        await story.setProgram({ referral: { max_rewards_per_referrer: null } });
      }
    });

    it('pays a milestone bonus when the referrer reaches N converted friends', async () => {
      await story.setProgram({
        referral: { milestones: [{ referrals: 2, reward: { type: 'points', points: 700 } }] },
      });
      const ann = await referrer();
      await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        referral_code: ann.code,
      });
      expect((await story.rewards(ann.id)).map((r) => r.source)).toEqual(['referral_referrer']);
      await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        referral_code: ann.code,
      });
      const sources = (await story.rewards(ann.id)).map((r) => r.source);
      expect(sources.filter((s) => s === 'milestone')).toHaveLength(1);
      const ledger = await story.ledger(ann.id);
      expect(ledger[0]).toMatchObject({ delta: 700, reason: 'milestone' });
    });

    it('pays points and store credit rewards through the ledger', async () => {
      await story.setProgram({
        referral: {
          referrer_reward: { type: 'points', points: 300 },
          friend_reward: { type: 'credit', amount: 500, currency: 'USD' },
        },
      });
      try {
        const ann = await referrer();
        const friend = uid('f');
        await story.order({
          external_id: uid('o'),
          customer: { external_id: friend },
          referral_code: ann.code,
          amount: 1000,
        });
        const annLedger = await story.ledger(ann.id);
        expect(annLedger[0]).toMatchObject({
          delta: 300,
          reason: 'referral_referrer',
          balance_after: 400,
          account: 'points',
        });
        expect((await story.getCustomer(ann.id)).points_balance).toBe(400);
        const friendLedger = await story.ledger(friend);
        expect(friendLedger.find((e) => e.account === 'credit:USD')).toMatchObject({
          delta: 500,
          balance_after: 500,
        });
      } finally {
        await story.setProgram({
          referral: {
            referrer_reward: { type: 'amount_off', amount: 1000, currency: 'USD' },
            friend_reward: { type: 'amount_off', amount: 1000, currency: 'USD' },
          },
        });
      }
    });

    it('writes the whole story to the outbox: click, conversion, rewards, points', async () => {
      const ann = await referrer();
      const { visitor_id } = await story.click(ann.code);
      const res = await story.order({
        external_id: uid('o'),
        customer: { external_id: uid('f') },
        visitor_id,
      });
      const events = await h.database.db
        .selectFrom('events')
        .select(['type', 'data'])
        .where('merchant_id', '=', shop.id)
        .execute();
      const about = (type: string) => events.filter((e) => e.type === type && e.data.includes(res.body.id));
      expect(about('referral.converted')).toHaveLength(1);
      expect(about('order.attributed')).toHaveLength(1);
      expect(about('reward.created')).toHaveLength(2);
      expect(about('reward.issued')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'referral.clicked' && e.data.includes(ann.cus))).toHaveLength(1);
    });
  });

  it('rejects a malformed order by naming the field, and writes nothing', async () => {
    const before = await snapshot(h.database);
    const cases: [Record<string, unknown>, string][] = [
      [{ customer: { external_id: 'x' } }, 'external_id'],
      [{ external_id: 'bad1' }, 'customer'],
      [{ external_id: 'bad2', customer: { external_id: 'x' }, amount: 12.5 }, 'amount'],
      [{ external_id: 'bad3', customer: { external_id: 'x' }, amount: -1 }, 'amount'],
      [{ external_id: 'bad4', customer: { external_id: 'x' }, currency: 'dollars' }, 'currency'],
      [{ external_id: 'bad5', customer: { external_id: 'x' }, coupon_codes: 'SAVE' }, 'coupon_codes'],
    ];
    for (const [body, param] of cases) {
      const res = await story.order(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request', param });
    }
    expect(await snapshot(h.database)).toEqual(before);
  });
});
