// The survey through both SDKs against a real API: the browser client answers once per order, the
// server client reads the answers back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlywheel } from '../../sdk/src/browser.ts';
import type { Flywheel } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

let api: LiveApi;
let fw: Flywheel;
beforeAll(async () => {
  api = await startLiveApi();
  fw = api.client();
  await fw.program.update({ feedback: { enabled: true } });
});
afterAll(() => api.close());

describe('feedback', () => {
  it('sends a shopper’s answer once per order and lists it for the merchant', async () => {
    const memory = new Map<string, string>();
    const browser = createFlywheel({
      publishableKey: api.publishableKey,
      apiUrl: api.url,
      url: () => 'https://shop.example/thanks',
      storage: {
        getItem: (k) => memory.get(k) ?? null,
        setItem: (k, v) => memory.set(k, v),
        removeItem: (k) => memory.delete(k),
      },
    });
    const { visitor_id } = await browser.bootstrap();
    await fw.orders.create({
      external_id: 'fb 1',
      customer: { external_id: 'u_fb' },
      amount: 2500,
      currency: 'EUR',
      visitor_id,
    });
    expect(browser.feedbackDone('fb 1')).toBe(false);
    const first = await browser.feedback({ order_id: 'fb 1', score: 4, liked_least: 'Slow shipping' });
    expect(first).toMatchObject({ order_id: 'fb 1', score: 4, customer: 'u_fb' });
    expect(browser.feedbackDone('fb 1')).toBe(true);
    expect(browser.feedbackDone('fb')).toBe(false);
    const again = await browser.feedback({ order_id: 'fb 1', score: 10 });
    expect(again).toEqual(first);

    const detractors = await fw.feedback.list({ score_max: 6 });
    expect(detractors.data.map((f) => f.id)).toEqual([first.id]);
    expect((await fw.feedback.list({ score_max: 3 })).data).toEqual([]);
    const insights = await fw.feedback.insights({ from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
    expect(insights.liked_least_words).toEqual([
      { word: 'shipping', count: 1 },
      { word: 'slow', count: 1 },
    ]);
  });

  it('remembers a skipped survey without sending anything', async () => {
    const sent: string[] = [];
    const browser = createFlywheel({
      publishableKey: api.publishableKey,
      apiUrl: api.url,
      storage: null,
      fetch: (input, init) => {
        sent.push(String(input));
        return fetch(input, init);
      },
    });
    browser.skipFeedback('1002');
    expect(browser.feedbackDone('1002')).toBe(true);
    expect(sent).toEqual([]);
  });
});
