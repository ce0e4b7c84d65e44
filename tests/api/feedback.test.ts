// The post-purchase survey's answers: who may give one, once per order, what the merchant reads back,
// and the NPS the KPIs report — on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSurveyedOrder } from '../../api/src/domain/feedback-sampling.ts';
import { createHarness, type Harness, type TestMerchant } from '../support/api-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { ORIGIN, storyOf } from '../support/shop-story.ts';

describe.each(DIALECTS)('post-purchase feedback on %s', (dialect) => {
  let h: Harness;
  let shop: TestMerchant;
  let story: ReturnType<typeof storyOf>;
  let n = 0;
  const uid = (p: string) => `${p}_${++n}`;
  const answer = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.request('POST', `/v1/client/feedback?key=${shop.publishable_key}`, {
      body,
      headers: { Origin: ORIGIN, ...headers },
    });
  const list = (query = '') => h.request('GET', `/v1/feedback${query}`, { key: shop.secret_key });
  const feedbackRows = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('feedback')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A shopper on visitor `vid` places an order that the merchant's server reports. */
  const purchase = async (options: { customer?: string; referralCode?: string } = {}) => {
    const visitorId = uid('visitor-id');
    const orderId = uid('order');
    const res = await story.order({
      external_id: orderId,
      customer: { external_id: options.customer ?? uid('cust') },
      visitor_id: visitorId,
      ...(options.referralCode ? { referral_code: options.referralCode } : {}),
    });
    expect(res.status).toBeLessThan(300);
    return { visitorId, orderId };
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    shop = await h.createMerchant('Feedback Shop', [ORIGIN]);
    story = storyOf(h, shop);
    await story.setProgram({ feedback: { enabled: true } });
  });
  afterAll(() => h.close());

  it('keeps the first answer of an order and returns it again when the same order answers twice', async () => {
    const { visitorId, orderId } = await purchase();
    const first = await answer({
      order_id: orderId,
      visitor_id: visitorId,
      score: 9,
      liked_most: '  Fast delivery ',
      liked_least: '',
      suggestion: 'More colours',
      locale: 'en',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      object: 'feedback',
      order_id: orderId,
      score: 9,
      liked_most: 'Fast delivery',
      liked_least: null,
      suggestion: 'More colours',
      segment: 'purchased',
      referred: false,
    });
    const again = await answer({ order_id: orderId, visitor_id: visitorId, score: 2, liked_least: 'x' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const events = await h.request('GET', '/v1/events?type=feedback.submitted', { key: shop.secret_key });
    const forOrder = events.body.data.filter(
      (e: { data: { order_id: string } }) => e.data.order_id === orderId,
    );
    expect(forOrder).toHaveLength(1);
    expect(forOrder[0].data).toMatchObject({ id: first.body.id, score: 9 });
  });

  it('stores one answer when the same order is submitted twice at once', async () => {
    const { visitorId, orderId } = await purchase();
    const results = await Promise.all(
      [3, 8, 10].map((score) => answer({ order_id: orderId, visitor_id: visitorId, score })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows = await h.database.db
      .selectFrom('feedback')
      .select('score')
      .where('order_external_id', '=', orderId)
      .execute();
    expect(rows).toHaveLength(1);
    const events = await h.request('GET', '/v1/events?type=feedback.submitted&limit=100', {
      key: shop.secret_key,
    });
    expect(
      events.body.data.filter((e: { data: { order_id: string } }) => e.data.order_id === orderId),
    ).toHaveLength(1);
  });

  it('refuses invalid answers with the field at fault, and stores nothing', async () => {
    const { visitorId, orderId } = await purchase();
    const before = await feedbackRows();
    const cases: [Record<string, unknown>, string][] = [
      [{ order_id: orderId, visitor_id: visitorId, score: 11 }, 'score'],
      [{ order_id: orderId, visitor_id: visitorId, score: 7.5 }, 'score'],
      [{ order_id: orderId, visitor_id: visitorId, score: '9' }, 'score'],
      [{ order_id: orderId, visitor_id: visitorId }, 'score'],
      [{ visitor_id: visitorId, score: 5 }, 'order_id'],
      [{ order_id: orderId, visitor_id: visitorId, score: 5, liked_least: 'x'.repeat(1001) }, 'liked_least'],
      [{ order_id: orderId, visitor_id: visitorId, score: 5, locale: '<script>' }, 'locale'],
    ];
    for (const [body, param] of cases) {
      const res = await answer(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request', code: 'parameter_invalid', param });
    }
    const broken = await h.request('POST', `/v1/client/feedback?key=${shop.publishable_key}`, {
      rawBody: '{"score":',
      headers: { Origin: ORIGIN },
    });
    expect(broken.body.error.code).toBe('invalid_json');
    expect(await feedbackRows()).toBe(before);
  });

  it('lets only the order’s own visitor or signed-in customer answer for it', async () => {
    const { visitorId, orderId } = await purchase({ customer: 'ann' });
    const before = await feedbackRows();
    const stranger = await answer({ order_id: orderId, visitor_id: 'someone-else', score: 0 });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toMatchObject({ type: 'not_found', param: 'order_id' });
    const unknown = await answer({ order_id: 'no-such-order', visitor_id: visitorId, score: 0 });
    expect(unknown.status).toBe(404);
    const noKey = await h.request('POST', '/v1/client/feedback', {
      body: { order_id: orderId, visitor_id: visitorId, score: 0 },
      headers: { Origin: ORIGIN },
    });
    expect(noKey.status).toBe(401);
    expect(await feedbackRows()).toBe(before);

    const signedIn = await story.identify('ann');
    const bySession = await answer({ order_id: orderId, score: 10, session: signedIn.body.session });
    expect(bySession.status).toBe(201);
    expect(bySession.body.customer).toBe('ann');
  });

  it('asks nothing while the survey is off, and only the sampled orders with every_nth_order', async () => {
    const { visitorId, orderId } = await purchase();
    await story.setProgram({ feedback: { enabled: false } });
    const off = await answer({ order_id: orderId, visitor_id: visitorId, score: 8 });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('feedback_disabled');

    await story.setProgram({ feedback: { enabled: true, every_nth_order: 3 } });
    let skipped = await purchase();
    while (isSurveyedOrder(skipped.orderId, 3)) skipped = await purchase();
    const notAsked = await answer({ order_id: skipped.orderId, visitor_id: skipped.visitorId, score: 8 });
    expect(notAsked.status).toBe(409);
    expect(notAsked.body.error.code).toBe('feedback_not_requested');
    await story.setProgram({ feedback: { enabled: true, every_nth_order: 1 } });
    const boot = await h.request('POST', `/v1/client/bootstrap?key=${shop.publishable_key}`, {
      body: {},
      headers: { Origin: ORIGIN },
    });
    expect(boot.body.program.feedback).toEqual({ enabled: true, every_nth_order: 1 });
  });

  it('refuses a program with a sampling rate out of range', async () => {
    for (const every_nth_order of [0, 101, 2.5]) {
      const res = await h.request('PUT', '/v1/program', {
        key: shop.secret_key,
        body: { feedback: { enabled: true, every_nth_order } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('feedback.every_nth_order');
    }
  });

  it('lists answers for the merchant only, filtered by score and segment, page by page', async () => {
    const pk = await h.request('GET', '/v1/feedback', { key: shop.publishable_key });
    expect(pk.status).toBe(401);
    const all = await list('?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.data.length).toBeGreaterThanOrEqual(2);
    const low = await list('?score_max=9&limit=100');
    expect(low.body.data.every((f: { score: number }) => f.score <= 9)).toBe(true);
    expect(low.body.data.length).toBeLessThan(all.body.data.length);
    const segment = await list('?segment=new');
    expect(segment.body.data).toEqual([]);
    const first = await list('?limit=1');
    expect(first.body.has_more).toBe(true);
    const second = await list(`?limit=1&starting_after=${first.body.data[0].id}`);
    expect(second.body.data[0].id < first.body.data[0].id).toBe(true);
    const bad = await list('?score_max=eleven');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('score_max');
    const backwards = await list('?from=2026-03-02T00:00:00.000Z&to=2026-03-01T00:00:00.000Z');
    expect(backwards.status).toBe(400);
    const other = await h.createMerchant('Other Shop');
    const theirs = await h.request('GET', '/v1/feedback', { key: other.secret_key });
    expect(theirs.body.data).toEqual([]);
  });

  it('reports NPS and response rate in /v1/stats as computed by hand', async () => {
    const nps = await h.createMerchant('NPS Shop', [ORIGIN]);
    const npsStory = storyOf(h, nps);
    await npsStory.setProgram({ feedback: { enabled: true } });
    h.clock.set(new Date('2026-04-10T12:00:00.000Z'));
    const referrer = await npsStory.customer('referrer');
    await npsStory.order({ external_id: 'r-1', customer: { external_id: 'referrer' } });
    // Eight orders in April; six answers: 10, 10 and 9 (promoters), 8 (passive), 6 and 2 (detractors).
    // By hand: NPS = (3 − 2) / 6 = 16.7 points; response rate 6 of 9 orders (the referrer's too) = 0.6667.
    // Referred (the two by referral, 10 and 6): (1 − 1) / 2 = 0; others (10, 9, 8, 2): (2 − 1) / 4 = 25.
    const scores: [number | null, boolean][] = [
      [10, true],
      [10, false],
      [9, false],
      [8, false],
      [6, true],
      [2, false],
      [null, false],
      [null, false],
    ];
    for (const [i, [score, referred]] of scores.entries()) {
      const visitorId = `nps-visitor-${i}`;
      await npsStory.order({
        external_id: `nps-${i}`,
        customer: { external_id: `nps-cust-${i}` },
        visitor_id: visitorId,
        ...(referred ? { referral_code: referrer.referral_code } : {}),
      });
      if (score === null) continue;
      const res = await h.request('POST', `/v1/client/feedback?key=${nps.publishable_key}`, {
        body: { order_id: `nps-${i}`, visitor_id: visitorId, score },
        headers: { Origin: ORIGIN },
      });
      expect(res.status).toBe(201);
      expect(res.body.referred).toBe(referred);
    }
    const stats = await h.request(
      'GET',
      '/v1/stats?from=2026-04-01T00:00:00.000Z&to=2026-05-01T00:00:00.000Z',
      { key: nps.secret_key },
    );
    expect(stats.status).toBe(200);
    expect(stats.body.feedback).toMatchObject({
      asked_orders: 9,
      response_rate: 0.6667,
      responses: 6,
      promoters: 3,
      passives: 1,
      detractors: 2,
      nps: 16.7,
      referred: { responses: 2, nps: 0 },
      other: { responses: 4, nps: 25 },
    });
    expect(stats.body.feedback.by_segment.purchased).toMatchObject({ responses: 6, nps: 16.7 });
    expect(stats.body.feedback.by_segment.silent).toMatchObject({ responses: 0, nps: null });

    const march = await h.request(
      'GET',
      '/v1/stats?from=2026-03-01T00:00:00.000Z&to=2026-04-01T00:00:00.000Z',
      { key: nps.secret_key },
    );
    expect(march.body.feedback).toMatchObject({ asked_orders: 0, response_rate: null, nps: null });
    h.clock.set(new Date('2026-03-01T12:00:00.000Z'));
  });

  it('ranks the words of the period’s "liked least" answers and trends NPS per month', async () => {
    const words = await h.createMerchant('Words Shop', [ORIGIN]);
    const wordsStory = storyOf(h, words);
    await wordsStory.setProgram({ feedback: { enabled: true } });
    const texts = ['Shipping was slow', 'slow shipping, slow site', 'The packaging', 'Versand war langsam'];
    for (const [i, text] of texts.entries()) {
      await wordsStory.order({
        external_id: `w-${i}`,
        customer: { external_id: `w-${i}` },
        visitor_id: `w-visitor-${i}`,
      });
      await h.request('POST', `/v1/client/feedback?key=${words.publishable_key}`, {
        body: {
          order_id: `w-${i}`,
          visitor_id: `w-visitor-${i}`,
          score: i * 3,
          liked_least: text,
          locale: i === 3 ? 'de' : 'en',
        },
        headers: { Origin: ORIGIN },
      });
    }
    const res = await h.request(
      'GET',
      '/v1/feedback/insights?from=2026-02-01T00:00:00.000Z&to=2026-04-01T00:00:00.000Z',
      { key: words.secret_key },
    );
    expect(res.status).toBe(200);
    expect(res.body.liked_least_words.slice(0, 2)).toEqual([
      { word: 'shipping', count: 2 },
      { word: 'slow', count: 2 },
    ]);
    const found = res.body.liked_least_words.map((w: { word: string }) => w.word);
    expect(found).toEqual(expect.arrayContaining(['packaging', 'versand', 'langsam']));
    expect(found).not.toContain('the');
    expect(found).not.toContain('war');
    // Scores 0, 3, 6, 9 in March 2026: one promoter, three detractors.
    expect(res.body.trend).toEqual([
      { period: '2026-03', responses: 4, promoters: 1, passives: 0, detractors: 3, nps: -50 },
    ]);
  });

  it('erases the texts and the customer link when the merchant deletes the customer, and keeps the score', async () => {
    const { visitorId, orderId } = await purchase({ customer: 'to-forget' });
    const res = await answer({
      order_id: orderId,
      visitor_id: visitorId,
      score: 3,
      liked_least: 'My name is Bo',
    });
    expect(res.status).toBe(201);
    // Until then the person's export carries their own words.
    const exported = await h.request('GET', '/v1/customers/to-forget/export', { key: shop.secret_key });
    expect(exported.status).toBe(200);
    expect(exported.body.feedback).toEqual([
      expect.objectContaining({ id: res.body.id, order_id: orderId, score: 3, liked_least: 'My name is Bo' }),
    ]);
    const deleted = await h.request('DELETE', '/v1/customers/to-forget', { key: shop.secret_key });
    expect(deleted.status).toBe(200);
    const events = await h.database.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'feedback.submitted')
      .execute();
    expect(events.map((e) => e.data).join('\n')).not.toContain('My name is Bo');
    const after = await list(`?limit=100`);
    const row = after.body.data.find((f: { id: string }) => f.id === res.body.id);
    expect(row).toMatchObject({
      customer: null,
      liked_least: null,
      liked_most: null,
      suggestion: null,
      score: 3,
    });
  });
});
