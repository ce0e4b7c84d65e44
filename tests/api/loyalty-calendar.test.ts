import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoyaltyCalendar } from '../../api/src/jobs/loyalty-calendar.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { storyOf } from '../support/shop-story.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('loyalty care over time on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Calendar Shop');
    story = storyOf(h, shop);
  });
  afterAll(() => h.close());

  it('gives birthday points once on the birthday, and again the next year', async () => {
    h.clock.set('2026-03-05T08:00:00.000Z');
    await story.customer('bday', { birthday: '1990-03-06' });
    await story.customer('other-day', { birthday: '03-07' });
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.getCustomer('bday')).points_balance).toBe(100);
    h.clock.set('2026-03-06T01:00:00.000Z');
    await runLoyaltyCalendar(h.app.deps);
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.ledger('bday'))[0]).toMatchObject({
      delta: 200,
      reason: 'birthday',
      balance_after: 300,
    });
    expect((await story.ledger('bday')).filter((e) => e.reason === 'birthday')).toHaveLength(1);
    expect((await story.getCustomer('other-day')).points_balance).toBe(100);
    h.clock.set('2027-03-06T01:00:00.000Z');
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.ledger('bday')).filter((e) => e.reason === 'birthday')).toHaveLength(2);
  });

  it('celebrates a 29 February birthday on 28 February in other years', async () => {
    h.clock.set('2027-02-28T12:00:00.000Z');
    await story.customer('leap', { birthday: '2000-02-29' });
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.ledger('leap'))[0]).toMatchObject({ reason: 'birthday', delta: 200 });
  });

  it('expires points left untouched for points_expiry_days, and only then', async () => {
    await story.setProgram({ loyalty: { points_expiry_days: 30 } });
    h.clock.set('2028-01-01T00:00:00.000Z');
    await story.customer('idle');
    h.clock.advance(29 * DAY);
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.getCustomer('idle')).points_balance).toBe(100);
    h.clock.advance(2 * DAY);
    await runLoyaltyCalendar(h.app.deps);
    await runLoyaltyCalendar(h.app.deps);
    const ledger = await story.ledger('idle');
    expect(ledger[0]).toMatchObject({ delta: -100, reason: 'expiry', balance_after: 0 });
    expect(ledger.filter((e) => e.reason === 'expiry')).toHaveLength(1);
    expect((await story.getCustomer('idle')).points_balance).toBe(0);
  });

  it('keeps the points of a shopper who keeps coming back', async () => {
    h.clock.set('2029-01-01T00:00:00.000Z');
    await story.customer('regular');
    h.clock.advance(25 * DAY);
    await story.identify('regular');
    h.clock.advance(25 * DAY);
    await runLoyaltyCalendar(h.app.deps);
    expect((await story.getCustomer('regular')).points_balance).toBe(100);
  });

  it('expires and celebrates in one shop whatever 600 customers of another shop hold', async () => {
    h.clock.set('2030-06-15T06:00:00.000Z');
    // Shop A: 600 idle customers with points and a birthday today, but no expiry and no loyalty.
    const big = await h.createMerchant('Big Shop');
    await storyOf(h, big).setProgram({ loyalty: { enabled: false, points_expiry_days: null } });
    const rows = Array.from({ length: 600 }, (_, i) => ({
      id: `cus_big${String(i).padStart(5, '0')}`,
      merchant_id: big.id,
      external_id: `big-${i}`,
      email: null,
      email_normalized: null,
      name: null,
      birthday: '1990-06-15',
      referral_code: `BIG-${i}`,
      referred_by: null,
      tier: null,
      points_balance: 500,
      orders_count: 0,
      total_spent: 0,
      first_order_at: null,
      last_order_at: null,
      last_seen_at: '2000-01-01T00:00:00.000Z',
      created_at: '2000-01-01T00:00:00.000Z',
      updated_at: '2000-01-01T00:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await h.database.db
        .insertInto('customers')
        .values(rows.slice(i, i + 100))
        .execute();
    }

    // Shop B: one shopper idle past its 30-day expiry, one with a birthday today.
    const small = await h.createMerchant('Small Shop');
    const b = storyOf(h, small);
    await b.setProgram({ loyalty: { points_expiry_days: 30 } });
    h.clock.set('2030-05-01T00:00:00.000Z');
    await b.customer('b-idle');
    h.clock.set('2030-06-15T06:00:00.000Z');
    await b.customer('b-bday', { birthday: '06-15' });

    await runLoyaltyCalendar(h.app.deps);
    expect((await b.getCustomer('b-idle')).points_balance).toBe(0);
    expect((await b.ledger('b-bday'))[0]).toMatchObject({ reason: 'birthday', delta: 200 });
  });
});
