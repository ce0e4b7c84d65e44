// What a shopper (or another shop) can try through the API to get value they are not owed. Each
// story performs the attack as it arrives from the outside and checks that it gains nothing.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, snapshot, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('shopper security on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Security Shop', [ORIGIN]);
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  async function referrer(name = 'Zoe') {
    const id = uid('zoe');
    const c = await story.customer(id, { email: `${id}@example.com`, name });
    return { id, code: c.referral_code as string, cus: c.id as string };
  }

  /** The page view a shopper forges: her own valid signature, with an email and name of her choosing. */
  const forgedProfile = (externalId: string, profile: { email?: string; name?: string }) =>
    h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      body: {
        identity: {
          external_id: externalId,
          signature: createHmac('sha256', shop.secret_key).update(externalId).digest('hex'),
          ...profile,
        },
      },
      headers: { Origin: ORIGIN },
    });

  it('keeps the email and name the merchant stated when the browser sends others unsigned', async () => {
    const zoe = await referrer('Zoe');
    const forged = await forgedProfile(zoe.id, {
      email: 'someone.else@example.net',
      name: '<img src=x onerror=alert(1)>',
    });
    expect(forged.status).toBe(200);
    expect(forged.body.customer).toMatchObject({ email: `${zoe.id}@example.com`, name: 'Zoe' });
    expect(await story.getCustomer(zoe.id)).toMatchObject({ email: `${zoe.id}@example.com`, name: 'Zoe' });

    const { friend_offer } = await story.click(zoe.code);
    expect(friend_offer).toMatchObject({ referrer_name: 'Zoe' });

    const selfReferral = await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('zoe-again'), email: `${zoe.id}+3@example.com` },
      coupon_codes: [zoe.code],
    });
    expect(selfReferral.status).toBe(201);
    expect(selfReferral.body.attribution).toMatchObject({ rejected: true, reasons: ['same_email'] });
    expect(selfReferral.body.rewards).toEqual([]);
  });

  it('stores no unsigned email for a new shopper either, and stores a signed one', async () => {
    const mallory = uid('mallory');
    await forgedProfile(mallory, { email: 'victim@example.org', name: 'Victim' });
    expect(await story.getCustomer(mallory)).toMatchObject({ email: null, name: null });

    const ann = uid('ann');
    const signed = await story.identify(ann, { email: 'ann@example.org', name: 'Ann' });
    expect(signed.body.customer).toMatchObject({ email: 'ann@example.org', name: 'Ann' });
    const renamed = await story.identify(ann, { email: 'ann.new@example.org', name: 'Annie' });
    expect(renamed.body.customer).toMatchObject({ email: 'ann.new@example.org', name: 'Annie' });
  });

  it('credits a claimed friend-offer coupon once, for the first of twenty orders that use it at once', async () => {
    const zoe = await referrer();
    const { visitor_id } = await story.click(zoe.code);
    const claim = await story.claim(visitor_id, `${uid('friend')}@example.org`);
    const coupon = claim.body.coupon_code as string;
    expect(coupon).toMatch(/^FLY-/);

    const orders = await Promise.all(
      Array.from({ length: 20 }, () =>
        story.order({
          external_id: uid('o'),
          customer: { external_id: uid('stranger'), email: `${uid('stranger')}@example.net` },
          coupon_codes: [coupon],
        }),
      ),
    );
    expect(orders.every((o) => o.status === 201)).toBe(true);
    expect(orders.filter((o) => o.body.attribution !== null)).toHaveLength(1);
    const referrerRewards = (await story.rewards(zoe.id)).filter((r) => r.source !== 'share');
    expect(referrerRewards.map((r) => r.source)).toEqual(['referral_referrer']);

    const later = await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('late'), email: `${uid('late')}@example.net` },
      coupon_codes: [coupon],
    });
    expect(later.body.attribution).toBeNull();
    expect((await story.getCustomer(zoe.id)).stats.conversions).toBe(1);
  });

  it('never reveals a welcome coupon to another visitor who knows the email, even as a plus/dot variant', async () => {
    const victim = (await story.click((await referrer()).code)).visitor_id;
    const mine = await story.claim(victim, 'friend.one@gmail.com');
    expect(mine.status).toBe(200);
    expect((await story.claim(victim, 'friend.one@gmail.com')).body.coupon_code).toBe(mine.body.coupon_code);

    const attacker = (await story.click((await referrer()).code)).visitor_id;
    const before = await snapshot(h.database);
    for (const email of [
      'friend.one@gmail.com',
      'FRIEND.ONE+anything@gmail.com',
      'f.r.i.e.n.d.one@googlemail.com',
    ]) {
      const stolen = await story.claim(attacker, email);
      expect(stolen.status).toBe(409);
      expect(stolen.body).toEqual({
        error: {
          type: 'conflict',
          code: 'offer_already_claimed',
          message: expect.any(String),
          param: 'email',
        },
      });
      expect(JSON.stringify(stolen.body)).not.toContain(mine.body.coupon_code);
    }
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('gives an erased person’s welcome offer to nobody again, without keeping their email', async () => {
    const email = `${uid('gone')}@example.org`;
    const first = (await story.click((await referrer()).code)).visitor_id;
    expect((await story.claim(first, email)).status).toBe(200);
    const buyer = uid('gone');
    expect(
      (await story.order({ external_id: uid('o'), customer: { external_id: buyer, email } })).status,
    ).toBe(201);
    const erased = await h.request('DELETE', `/v1/customers/${buyer}`, { key: shop.secret_key });
    expect(erased.status).toBe(200);
    const stored = await h.database.db
      .selectFrom('offer_claims')
      .select(['email', 'email_normalized'])
      .where('merchant_id', '=', shop.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(email);

    // The same person, back as a new visitor with the same inbox: no second welcome coupon.
    const again = (await story.click((await referrer()).code)).visitor_id;
    const before = await snapshot(h.database);
    const second = await story.claim(again, email.toUpperCase());
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'offer_already_claimed', param: 'email' });
    expect(await snapshot(h.database)).toEqual(before);
  });

  it('keeps a shop’s attribution when another shop used the same visitor id first', async () => {
    const other = await h.createMerchant('Other Shop', [ORIGIN]);
    const shared = `shopvis-${uid('000123')}`;
    const taken = await h.request('POST', `/v1/client/bootstrap?key=${other.publishable_key}`, {
      body: { visitor_id: shared },
      headers: { Origin: ORIGIN },
    });
    expect(taken.body.visitor_id).toBe(shared);

    const zoe = await referrer();
    const { visitor_id } = await story.click(zoe.code, { visitorId: shared });
    expect(visitor_id).toBe(shared);
    const order = await story.order({
      external_id: uid('o'),
      customer: { external_id: uid('friend'), email: `${uid('friend')}@example.org` },
      visitor_id: shared,
    });
    expect(order.body.attribution).toMatchObject({ referrer: zoe.cus, method: 'link' });

    const again = await h.request('POST', `/v1/client/bootstrap?key=${other.publishable_key}`, {
      body: { visitor_id: shared },
      headers: { Origin: ORIGIN },
    });
    expect(again.body.visitor_id).toBe(shared);
  });

  it('pays no share reward for the referrer’s own anonymous visits from their own device', async () => {
    await story.setProgram({ share_to_earn: { daily_cap: 3, reward: { type: 'points', points: 50 } } });
    const sid = uid('sharer');
    const me = await story.identify(sid, { ip: '192.0.2.80', ua: 'SidPhone/1' });
    const code = me.body.customer.referral_code as string;
    const points = (await story.getCustomer(sid)).points_balance;

    for (let i = 0; i < 5; i++) {
      await story.click(code, { channel: 'whatsapp', ip: '192.0.2.80', ua: 'SidPhone/1' });
    }
    expect((await story.rewards(sid)).filter((r) => r.source === 'share')).toHaveLength(0);
    expect((await story.getCustomer(sid)).points_balance).toBe(points);

    await story.click(code, { channel: 'whatsapp', ip: '198.51.100.200', ua: 'FriendPhone/2' });
    expect((await story.rewards(sid)).filter((r) => r.source === 'share')).toHaveLength(1);
  });
});
