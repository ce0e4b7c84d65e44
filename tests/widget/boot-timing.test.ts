// When the widget does its work: only what the first paint needs at once, the panel's code before the
// shopper clicks, and a friend's offer as soon as the bootstrap answers.
import { afterEach, describe, expect, it } from 'vitest';
import { bootWidget, type WidgetHandle } from '../../widget/src/boot.tsx';
import type { FlywheelStub, LoaderConfig } from '../../widget/src/loader-config.ts';
import { bootstrapAnswer, eventually, memoryStorage, money, testChunks } from './helpers.ts';

type TestWindow = Window & typeof globalThis & { flywheel?: FlywheelStub };
const win = window as TestWindow;
const config: LoaderConfig = {
  key: 'pk_test_1',
  api: 'https://api.example',
  base: 'https://api.example/widget/',
};
const started: WidgetHandle[] = [];

/** A bootstrap request held open until the test answers it, and the chunks asked for meanwhile. */
function heldBootstrap(answer: unknown) {
  let release = () => {};
  const answered = new Promise<void>((resolve) => {
    release = resolve;
  });
  const chunks: string[] = [];
  const fetch = (async () => {
    await answered;
    return new Response(JSON.stringify(answer), { headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const loadChunk = (name: string) => {
    chunks.push(name);
    return testChunks(name);
  };
  const handle = bootWidget(win, config, { fetch, loadChunk, storage: memoryStorage() });
  started.push(handle);
  return { handle, chunks, release };
}

const shadowText = () => document.querySelector('flywheel-widget')?.shadowRoot?.textContent ?? '';

afterEach(() => {
  for (const handle of started.splice(0)) handle.stop();
  for (const el of document.querySelectorAll('flywheel-widget')) el.remove();
  delete win.flywheel;
  history.replaceState(null, '', '/');
});

describe('when the widget works', () => {
  it("prepares the panel's code while the shopper looks around, before any click", async () => {
    const { handle, chunks, release } = heldBootstrap(bootstrapAnswer());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).not.toContain('ui');
    release();
    await handle.ready;
    expect(handle.store.open.value).toBe(false);
    await eventually(() => expect(chunks).toContain('ui'), 5000);
    await eventually(() => expect(handle.store.ui.value).not.toBeNull());
  });

  it("loads a friend's offer card alongside the bootstrap, and shows the offer once it answers", async () => {
    history.pushState({}, '', '/product?ref=ANN-7K2Q');
    const offer = { referrer_name: 'Ann', reward: money(1000), code: 'ANN-7K2Q' };
    const { chunks, release } = heldBootstrap(
      bootstrapAnswer({
        friend_offer: offer,
        number_format: {
          locale: 'en',
          digits: '0123456789',
          decimal: '.',
          group: ',',
          minus: '-',
          min_grouping: 1,
          percent: '#%',
          currencies: { USD: { pattern: 'US$#', digits: 2 } },
        },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toContain('ui');
    expect(shadowText()).toBe('');
    release();
    // The amount is written from the answer's format ("US$", where Intl would write "$").
    await eventually(() => expect(shadowText()).toContain('Ann sent you US$10 off'));
  });

  it('starts the bootstrap request in its first task and the chunk requests only in the next one', async () => {
    history.pushState({}, '', '/product?ref=ANN-7K2Q');
    win.flywheel = Object.assign(() => {}, { q: [] }) as unknown as FlywheelStub;
    const requests: string[] = [];
    const fetch = (async () => {
      requests.push('bootstrap');
      return new Response(JSON.stringify(bootstrapAnswer()), {
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof globalThis.fetch;
    const loadChunk = (name: string) => {
      requests.push(name);
      return testChunks(name);
    };
    const handle = bootWidget(
      win,
      { ...config, locale: 'de' },
      { fetch, loadChunk, storage: memoryStorage() },
    );
    started.push(handle);
    // The microtasks of the boot task: the client gathers the replayed commands, then sends.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(requests).toEqual(['bootstrap']);
    await new Promise((resolve) => setTimeout(resolve));
    expect(requests).toEqual(expect.arrayContaining(['bootstrap', 'i18n/de', 'ui']));
    await handle.ready;
  });

  it('re-renders in a task of its own, not in the task whose handler changed the state', async () => {
    const { handle, release } = heldBootstrap(bootstrapAnswer());
    release();
    await handle.ready;
    await eventually(() => expect(handle.store.ui.value).not.toBeNull(), 5000);
    const dialog = () =>
      document.querySelector('flywheel-widget')?.shadowRoot?.querySelector('[role="dialog"]');
    handle.store.open.value = true;
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(dialog()).toBeFalsy();
    await new Promise((resolve) => setTimeout(resolve));
    expect(dialog()).toBeTruthy();
  });
});
