import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BootOptions, bootWidget, type WidgetHandle } from '../../widget/src/boot.tsx';
import type { FlywheelStub, LoaderConfig } from '../../widget/src/loader-config.ts';
import {
  bootstrapAnswer,
  customer,
  eventually,
  memoryStorage,
  recordingFetch,
  testChunks,
} from './helpers.ts';

type TestWindow = Window & typeof globalThis & { flywheel?: FlywheelStub };
const win = window as TestWindow;
const config: LoaderConfig = {
  key: 'pk_test_1',
  api: 'https://api.example',
  base: 'https://api.example/widget/',
};

function stubWith(calls: unknown[][]): FlywheelStub {
  const stub = (() => {}) as FlywheelStub;
  stub.q = calls.map((args) => args as unknown as ArrayLike<unknown>);
  return stub;
}

const shadow = () => document.querySelector('flywheel-widget')?.shadowRoot ?? null;

// Every widget a test starts stops watching the page afterwards, so it cannot react to the next test.
const started: WidgetHandle[] = [];
function boot(bootConfig: LoaderConfig, options: BootOptions): WidgetHandle {
  const handle = bootWidget(win, bootConfig, options);
  started.push(handle);
  return handle;
}

afterEach(() => {
  for (const handle of started.splice(0)) handle.stop();
  document.body.innerHTML = '';
  for (const el of document.querySelectorAll('flywheel-widget')) el.remove();
  delete win.flywheel;
});

describe('booting from the queue', () => {
  it('replays queued commands in order with one bootstrap request, then replaces the stub', async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer({ customer: customer(), session: 'ses_1' }) }));
    const heard: unknown[] = [];
    const stub = stubWith([
      ['on', 'ready', (state: unknown) => heard.push(state)],
      ['identify', { id: 'u_42', email: 'ann@example.com', signature: 'abc' }],
      ['open', 'earn'],
    ]);
    win.flywheel = stub;
    const { store, ready } = boot(config, {
      fetch: api.fetch,
      loadChunk: testChunks,
      storage: memoryStorage(),
    });
    expect(win.flywheel).not.toBe(stub);
    expect(win.flywheel?.l).toBe(1);
    await ready;

    expect(api.calls.map((c) => c.path)).toEqual(['/v1/client/bootstrap']);
    expect(api.calls[0]?.body.identity).toEqual({
      external_id: 'u_42',
      email: 'ann@example.com',
      signature: 'abc',
    });
    expect(heard).toHaveLength(1);
    expect(store.open.value).toBe(true);
    expect(store.tab.value).toBe('earn');
    await eventually(() => expect(shadow()?.querySelector('[role=dialog]')).not.toBeNull());
  });

  it('still shows the widget to an anonymous visitor when the identity signature is rejected', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = recordingFetch((_path, body) =>
      body.identity
        ? {
            status: 401,
            json: { error: { type: 'authentication', code: 'invalid_identity_signature', message: 'no' } },
          }
        : { json: bootstrapAnswer() },
    );
    win.flywheel = stubWith([['identify', { id: 'u_42', signature: 'forged' }]]);
    const { store, ready } = boot(config, {
      fetch: api.fetch,
      loadChunk: testChunks,
      storage: memoryStorage(),
    });
    await ready;
    expect(api.calls.map((c) => c.body.identity ?? null)).toEqual([
      expect.objectContaining({ external_id: 'u_42' }),
      null,
    ]);
    expect(store.state.value?.customer).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('signature rejected'));
    await eventually(() => expect(shadow()?.querySelector('button')).not.toBeNull());
    warn.mockRestore();
  });

  it('sends client calls as CORS simple requests: key in the URL, text/plain, no credentials', async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer() }));
    win.flywheel = stubWith([]);
    await boot(config, { fetch: api.fetch, loadChunk: testChunks, storage: memoryStorage() }).ready;
    const [call] = api.calls;
    expect(call?.url).toBe('https://api.example/v1/client/bootstrap?key=pk_test_1');
    expect(call?.init.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(call?.init.credentials).toBe('omit');
  });

  it('reports a purchase to the events route and shows the share prompt', async () => {
    const api = recordingFetch((path) =>
      path.endsWith('/events')
        ? { status: 202, json: { ok: true } }
        : { json: bootstrapAnswer({ customer: customer(), session: 'ses_1' }) },
    );
    win.flywheel = stubWith([['purchase', { order_id: 1001, amount: 4999, currency: 'USD' }]]);
    await boot(config, { fetch: api.fetch, loadChunk: testChunks, storage: memoryStorage() }).ready;
    await eventually(() => expect(shadow()?.textContent).toContain('Thanks for your order!'));
    const event = api.calls.find((c) => c.path === '/v1/client/events');
    expect(event?.body).toMatchObject({
      type: 'purchase',
      order_id: '1001',
      amount: 4999,
      currency: 'USD',
      visitor_id: 'vis_1',
    });
    expect(shadow()?.querySelector('a[aria-label="Share on WhatsApp"]')?.getAttribute('href')).toContain(
      'fw_ch%3Dwhatsapp',
    );
  });

  it('keeps the visitor id out of storage until consent is given', async () => {
    const storage = memoryStorage();
    const api = recordingFetch(() => ({ json: bootstrapAnswer({ visitor_id: 'vis_9' }) }));
    win.flywheel = stubWith([]);
    await boot({ ...config, consent: 'required' }, { fetch: api.fetch, loadChunk: testChunks, storage })
      .ready;
    expect(storage.map.size).toBe(0);
    win.flywheel?.('consent', true);
    expect(storage.map.get('flywheel_vid')).toBe('vis_9');
    win.flywheel?.('consent', false);
    expect(storage.map.size).toBe(0);
  });

  it('renders inline placements and never throws into the page on a bad command', async () => {
    document.body.innerHTML = '<div data-flywheel="invite"></div><div data-flywheel="nonsense"></div>';
    const api = recordingFetch(() => ({ json: bootstrapAnswer({ customer: customer(), session: 'ses_1' }) }));
    win.flywheel = stubWith([['no-such-command'], ['on', 'ready', 'not a function']]);
    await boot(config, { fetch: api.fetch, loadChunk: testChunks, storage: memoryStorage() }).ready;
    const [invite, nonsense] = document.querySelectorAll('[data-flywheel]');
    await eventually(() => expect(invite?.shadowRoot?.textContent).toContain('Your invite link'));
    expect(nonsense?.shadowRoot).toBeNull();
    expect(() => win.flywheel?.('open', 42)).not.toThrow();
  });
});

describe('single-page apps', () => {
  const options = () => ({ loadChunk: testChunks, storage: memoryStorage() });
  afterEach(() => history.replaceState(null, '', '/'));

  it('re-reads ?ref when the app pushes or replaces a route, asking the API about new codes only', async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer() }));
    win.flywheel = stubWith([]);
    await boot(config, { ...options(), fetch: api.fetch }).ready;

    history.pushState({}, '', '/product?ref=ANN-7K2Q');
    await eventually(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]?.body.ref).toBe('ANN-7K2Q');

    history.replaceState({}, '', '/product?ref=ANN-7K2Q&variant=2');
    history.pushState({}, '', '/cart');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.calls).toHaveLength(2);

    history.replaceState({}, '', '/cart?ref=BOB-9Z1X');
    await eventually(() => expect(api.calls).toHaveLength(3));
    expect(api.calls[2]?.body.ref).toBe('BOB-9Z1X');
  });

  it("wraps the history methods once and passes the app's calls through unchanged", async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer() }));
    win.flywheel = stubWith([]);
    const first = boot(config, { ...options(), fetch: api.fetch });
    const wrappedPush = history.pushState;
    const wrappedReplace = history.replaceState;
    boot(config, { ...options(), fetch: api.fetch });
    expect(history.pushState).toBe(wrappedPush);
    expect(history.replaceState).toBe(wrappedReplace);
    await first.ready;

    history.pushState({ page: 2 }, '', '/list?page=2');
    expect(history.state).toEqual({ page: 2 });
    expect(location.pathname + location.search).toBe('/list?page=2');
    expect(() => history.pushState({}, '', 'https://elsewhere.example/')).toThrow();

    for (const handle of started) handle.stop();
    const calls = api.calls.length;
    history.pushState({}, '', '/after-stop?ref=ANN-7K2Q');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.calls).toHaveLength(calls);
  });

  it('leaves history alone where the Navigation API reports route changes', async () => {
    const navigation = new EventTarget();
    Object.defineProperty(win, 'navigation', { value: navigation, configurable: true });
    try {
      const api = recordingFetch(() => ({ json: bootstrapAnswer() }));
      win.flywheel = stubWith([]);
      const pushState = history.pushState;
      await boot(config, { ...options(), fetch: api.fetch }).ready;
      expect(history.pushState).toBe(pushState);

      history.pushState({}, '', '/product?ref=ANN-7K2Q');
      navigation.dispatchEvent(new Event('currententrychange'));
      await eventually(() => expect(api.calls).toHaveLength(2));
      expect(api.calls[1]?.body.ref).toBe('ANN-7K2Q');
    } finally {
      Reflect.deleteProperty(win, 'navigation');
    }
  });

  it('renders placements the app adds or changes after load, and unmounts those it removes', async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer({ customer: customer(), session: 'ses_1' }) }));
    win.flywheel = stubWith([]);
    await boot(config, { ...options(), fetch: api.fetch }).ready;

    const route = document.createElement('section');
    route.innerHTML = '<h2>Account</h2><div data-flywheel="earn"></div>';
    document.body.appendChild(route);
    const earn = route.querySelector('[data-flywheel]');
    await eventually(() => expect(earn?.shadowRoot?.textContent).toContain('Ways to earn'));

    const later = document.createElement('div');
    document.body.appendChild(later);
    later.dataset.flywheel = 'invite';
    await eventually(() => expect(later.shadowRoot?.textContent).toContain('Your invite link'));
    later.dataset.flywheel = 'rewards';
    await eventually(() => expect(later.shadowRoot?.textContent).toContain('Points history'));

    route.remove();
    await eventually(() => expect(earn?.shadowRoot?.textContent).toBe(''));
  });

  it('ignores DOM changes that bring no placement', async () => {
    const api = recordingFetch(() => ({ json: bootstrapAnswer() }));
    win.flywheel = stubWith([]);
    await boot(config, { ...options(), fetch: api.fetch }).ready;
    const scans = vi.spyOn(document, 'querySelectorAll');
    try {
      for (let i = 0; i < 20; i++) document.body.appendChild(document.createElement('p')).textContent = 'x';
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(scans).not.toHaveBeenCalled();
    } finally {
      scans.mockRestore();
    }
  });
});
