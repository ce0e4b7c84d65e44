// The post-purchase survey in the thank-you card: asked once per order, answered or skipped with the
// keyboard, and only fetched when the program asks for it.
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
const storage = memoryStorage();

const withSurvey = (overrides: Partial<ClientState['program']> = {}) => {
  const state = bootstrapAnswer({ customer: customer(), session: 'ses_1' });
  state.program = { ...state.program, feedback: { enabled: true, every_nth_order: 1 }, ...overrides };
  return state;
};

async function thankYouPage(state: ClientState, orderId: string) {
  const chunks: string[] = [];
  const api = recordingFetch((path, body) => {
    if (path.endsWith('/bootstrap')) return { json: state };
    if (path.endsWith('/feedback'))
      return { status: 201, json: { id: 'fbk_1', object: 'feedback', ...body } };
    return { json: {} };
  });
  const client = createFlywheel({
    publishableKey: 'pk_1',
    apiUrl: 'https://api.example',
    fetch: api.fetch,
    storage,
  });
  const s: WidgetStore = createStore({
    client,
    locale: 'en',
    loadChunk: (name) => {
      chunks.push(name);
      return testChunks(name);
    },
    showLauncher: true,
  });
  s.ui.value = { Cards, Inline, en, css: '' };
  s.state.value = state;
  await client.bootstrap();
  api.calls.length = 0;
  container = document.createElement('div');
  document.body.appendChild(container);
  s.purchase.value = { order_id: orderId, amount: 4999, currency: 'USD' };
  render(<Cards s={s} />, container);
  return { s, api, chunks };
}

const form = () => container.querySelector('form.fw-survey') as HTMLFormElement | null;
const button = (name: string) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === name);
const radio = (score: number) =>
  container.querySelector(`input[type=radio][value="${score}"]`) as HTMLInputElement | null;
const field = (label: string) =>
  [...container.querySelectorAll('label')]
    .find((l) => l.textContent?.startsWith(label))
    ?.querySelector('textarea');

afterEach(() => {
  render(null, container);
  container.remove();
});

describe('Post-purchase survey', () => {
  it('asks after the share invitation, sends one answer and thanks the shopper in place', async () => {
    const { api } = await thankYouPage(withSurvey(), '1001');
    await eventually(() => expect(form()).not.toBeNull());
    const card = container.querySelector('.fw-thanks')!;
    // The share invitation comes first, then the survey.
    expect(card.lastElementChild?.contains(form())).toBe(true);
    expect(form()!.getAttribute('aria-labelledby')).toBe(container.querySelector('.fw-survey h3')!.id);
    expect(container.querySelector('fieldset legend')?.textContent).toBe(en.feedback_score);
    expect(container.querySelectorAll('input[type=radio]')).toHaveLength(11);

    radio(9)!.click();
    field(en.feedback_liked_most)!.value = 'Fast delivery';
    field(en.feedback_liked_least)!.value = '  ';
    field(en.feedback_suggestion)!.value = 'Gift wrap';
    button(en.feedback_submit)!.click();
    await eventually(() => expect(container.textContent).toContain(en.feedback_thanks));
    const sent = api.calls.filter((c) => c.path === '/v1/client/feedback');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      order_id: '1001',
      score: 9,
      liked_most: 'Fast delivery',
      suggestion: 'Gift wrap',
      locale: 'en',
      visitor_id: 'vis_1',
      session: 'ses_1',
    });
    await eventually(() => expect(document.activeElement).toBe(container.querySelector('.fw-survey-done')));
  });

  it('does not ask again for an order this device already answered', async () => {
    const { chunks } = await thankYouPage(withSurvey(), '1001');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(form()).toBeNull();
    expect(chunks).not.toContain('survey');
  });

  it('asks for the score before sending, and sends nothing without one', async () => {
    const { api } = await thankYouPage(withSurvey(), '1002');
    await eventually(() => expect(form()).not.toBeNull());
    button(en.feedback_submit)!.click();
    await eventually(() =>
      expect(container.querySelector('[role=status]')?.textContent).toBe(en.feedback_need_score),
    );
    expect(api.calls).toEqual([]);
    expect(document.activeElement).toBe(radio(0));
  });

  it('goes away when skipped, sends nothing, and stays away for that order', async () => {
    const first = await thankYouPage(withSurvey(), '1003');
    await eventually(() => expect(form()).not.toBeNull());
    button(en.feedback_skip)!.click();
    await eventually(() => expect(form()).toBeNull());
    expect(first.api.calls).toEqual([]);
    expect(container.querySelector('.fw-thanks')).not.toBeNull();
    render(null, container);
    container.remove();

    const again = await thankYouPage(withSurvey(), '1003');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(form()).toBeNull();
    expect(again.chunks).not.toContain('survey');
  });

  it('never fetches the survey while the program has it off', async () => {
    const { chunks } = await thankYouPage(
      withSurvey({ feedback: { enabled: false, every_nth_order: 1 } }),
      '1004',
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(form()).toBeNull();
    expect(chunks).not.toContain('survey');
  });

  it('uses the merchant’s own questions for the locale', async () => {
    await thankYouPage(withSurvey({ texts: { feedback_liked_least: 'What should we fix first?' } }), '1005');
    await eventually(() => expect(form()).not.toBeNull());
    expect(field('What should we fix first?')).toBeTruthy();
  });
});
