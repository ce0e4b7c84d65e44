// The widget's state as signals: one store per page, shared by the floating surfaces and every inline
// placement so they all show the same thing.
import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { FlywheelClient } from '../../sdk/src/browser/client.ts';
import type { ClientState, OfferClaim, Purchase } from '../../sdk/src/browser/types.ts';
import type { ChunkLoader } from './chunks.ts';
import type { UiModule } from './components/cards.tsx';
import type { Messages } from './i18n/en.ts';
import { directionOf, mergeMessages } from './i18n/locale.ts';
import type { Tab } from './tabs.ts';

export interface WidgetStore {
  client: FlywheelClient;
  locale: string;
  dir: 'ltr' | 'rtl';
  loadChunk: ChunkLoader;
  showLauncher: boolean;
  position: string | undefined;
  state: Signal<ClientState | null>;
  catalog: Signal<Partial<Messages> | undefined>;
  t: ReadonlySignal<Messages>;
  open: Signal<boolean>;
  tab: Signal<Tab>;
  purchase: Signal<Purchase | null>;
  claim: Signal<OfferClaim | null>;
  friendDismissed: Signal<boolean>;
  /** The lazily loaded UI (panel, cards, inline views); null until its chunk arrived. */
  ui: Signal<UiModule | null>;
  /** Starts loading the UI chunk (idempotent); the launcher calls it on hover to hide the latency. */
  loadUi: () => void;
  /** Element to give focus back to when the panel closes. */
  opener: HTMLElement | null;
}

export function createStore(options: {
  client: FlywheelClient;
  locale: string;
  loadChunk: ChunkLoader;
  showLauncher: boolean;
  position?: string | undefined;
}): WidgetStore {
  const state = signal<ClientState | null>(null);
  const catalog = signal<Partial<Messages> | undefined>(undefined);
  const ui = signal<UiModule | null>(null);
  return {
    ...options,
    position: options.position,
    dir: directionOf(options.locale),
    state,
    catalog,
    // Until the UI chunk brings the English defaults only the launcher renders, and it needs one text.
    t: computed(() =>
      mergeMessages(ui.value?.en ?? { launcher: 'Rewards' }, catalog.value, state.value?.program.texts),
    ),
    open: signal(false),
    tab: signal<Tab>('invite'),
    purchase: signal<Purchase | null>(null),
    claim: signal<OfferClaim | null>(null),
    friendDismissed: signal(false),
    ui,
    loadUi: () => {},
    opener: null,
  };
}
