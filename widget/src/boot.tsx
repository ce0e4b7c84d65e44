// Starts the widget from the loader's config: client, store, queue replay, one bootstrap, rendering.
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { createFlywheel } from '../../sdk/src/browser/client.ts';
import type { FlywheelStorage } from '../../sdk/src/browser/storage.ts';
import { type ChunkLoader, scriptChunkLoader } from './chunks.ts';
import { createCommandRunner } from './commands.ts';
import { App } from './components/app.tsx';
import type { UiModule } from './components/cards.tsx';
import type { Messages } from './i18n/en.ts';
import { resolveLocale } from './i18n/locale.ts';
import { nextTask, whenIdle } from './idle.ts';
import type { FlywheelStub, LoaderConfig } from './loader-config.ts';
import { watchNavigation } from './navigation.ts';
import { createPlacements } from './placements.tsx';
import { renderInOwnTasks } from './render-timing.ts';
import { adoptStyles } from './sheets.ts';
import { writeShopifyCartAttribute } from './shopify-cart.ts';
import { createStore, type WidgetStore } from './store.ts';
import { themeCss } from './theme.ts';
import { uiRuntime } from './ui-runtime.ts';

type HostWindow = Window & typeof globalThis & { flywheel?: FlywheelStub; Shopify?: unknown };

export interface BootOptions {
  fetch?: typeof fetch;
  loadChunk?: ChunkLoader;
  storage?: FlywheelStorage | null;
}

export interface WidgetHandle {
  store: WidgetStore;
  host: HTMLElement;
  /** Settles once the first bootstrap answered (or failed) and the launcher and placements rendered. */
  ready: Promise<void>;
  /** Stops watching navigations and the DOM (for tests: a page keeps its widget). */
  stop(): void;
}

const warn = (error: unknown) => console.warn('[flywheel]', error);

export function bootWidget(win: HostWindow, config: LoaderConfig, options: BootOptions = {}): WidgetHandle {
  const doc = win.document;
  renderInOwnTasks(win);
  const queue = [...(win.flywheel?.q ?? [])];
  const locale = resolveLocale(config.locale, doc.documentElement.lang, win.navigator.language);
  const consentRequired = config.consent === 'required';
  let consented = !consentRequired;

  const client = createFlywheel({
    publishableKey: config.key,
    apiUrl: config.api,
    consentRequired,
    locale,
    url: () => win.location.href,
    fetch: options.fetch ?? win.fetch.bind(win),
    ...(options.storage !== undefined ? { storage: options.storage } : {}),
  });
  const loadChunk = options.loadChunk ?? scriptChunkLoader(doc, config.base);
  const s = createStore({
    client,
    locale,
    loadChunk,
    showLauncher: !['none', 'false', 'off'].includes(config.launcher ?? ''),
    position: config.position,
  });
  let uiRequested = false;
  let stopped = false;
  const uiCss = signal('');
  s.loadUi = () => {
    // The chunk runs in a task of its own; its stylesheet and the first render of its cards take one
    // task each after it, rather than all three at once.
    if (uiRequested) return;
    uiRequested = true;
    loadChunk('ui').then(async (chunk) => {
      const ui = chunk as UiModule;
      await nextTask(win);
      if (stopped) return;
      uiCss.value = ui.css;
      await nextTask(win);
      if (!stopped) s.ui.value = ui;
    }, warn);
  };

  const host = doc.createElement('flywheel-widget');
  let currentTheme = themeCss(undefined);
  const placements = createPlacements(doc, s, () => currentTheme);
  const syncShopify = () => {
    const vid = s.state.value?.visitor_id;
    if (consented && vid) writeShopifyCartAttribute(win, vid);
  };
  const runCommand = createCommandRunner(s, {
    onConsent(granted) {
      consented = granted;
      syncShopify();
    },
    onPage: placements.place,
  });

  client.on('ready', (state) => {
    s.state.value = state;
  });

  // Replay in order: identity first (from the loader's data-*), then whatever the page queued.
  if (config.identity) runCommand('identify', config.identity);
  for (const args of queue) runCommand(...(Array.from(args) as [unknown, ...unknown[]]));
  const api = runCommand as unknown as FlywheelStub & { m: typeof uiRuntime };
  api.l = 1; // a loader included twice finds a loaded widget and does nothing
  api.m = uiRuntime;
  win.flywheel = api;

  // Single-page apps: a friend may land on a client-side route carrying ?ref=, without a page load.
  const unwatch = watchNavigation(win, () => runCommand('page'));
  const stop = () => {
    stopped = true;
    unwatch();
    placements.disconnect();
  };

  // Inline placements render a whole view each: in a task of their own, not in the one that handles
  // the bootstrap answer or renders the floating launcher and cards.
  const placeLater = () => nextTask(win).then(() => stopped || placements.place());
  // The bootstrap request starts in this task (at its end: the client gathers the replayed commands
  // first); the chunks' requests in the next one. Starting a request costs the main thread some
  // milliseconds on a slow phone, so each request of the first visit gets a task of its own.
  const bootstrap = client.bootstrap();
  const chunksStarted = nextTask(win);
  const catalog: Promise<Partial<Messages> | undefined> =
    locale === 'en'
      ? Promise.resolve(undefined)
      : chunksStarted
          .then(() => loadChunk(`i18n/${locale}`))
          .then(
            (value) => value as Partial<Messages>,
            () => undefined,
          );
  // A friend's link almost always brings an offer to show: its UI loads alongside the bootstrap.
  if (/[?&]ref=/.test(win.location.search)) chunksStarted.then(() => stopped || s.loadUi());
  const ready = Promise.all([bootstrap, catalog])
    .then(async ([state, messages]) => {
      s.catalog.value = messages;
      s.state.value = state;
      // The shadow root and its stylesheets wait for the answer too: booting does only what the
      // bootstrap request needs.
      const root = host.attachShadow({ mode: 'open' });
      const setRootStyles = adoptStyles(root);
      effect(() => {
        currentTheme = themeCss(s.state.value?.program.theme);
        for (const set of [setRootStyles, ...placements.setters()]) set(currentTheme, uiCss.value);
      });
      // The UI chunk is fetched only when something needs more than the launcher.
      effect(() => {
        if (s.open.value || s.purchase.value || s.state.value?.friend_offer) s.loadUi();
      });
      effect(() => {
        if (s.ui.value) placeLater();
      });
      await nextTask(win);
      (doc.body ?? doc.documentElement).appendChild(host);
      render(<App s={s} />, root);
      if (!stopped) placements.observe(win);
      syncShopify();
      // The panel's code and styles get ready while the shopper looks around, before any click.
      whenIdle(win, () => stopped || s.loadUi());
      await placeLater();
    })
    .catch(warn);

  return { store: s, host, ready, stop };
}
