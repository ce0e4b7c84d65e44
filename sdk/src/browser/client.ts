import { createEmitter, type Listener } from './emitter.ts';
import { createConsentStorage, defaultStorage, type FlywheelStorage } from './storage.ts';
import { createTransport } from './transport.ts';
import type {
  ClientState,
  FlywheelEventName,
  FlywheelEvents,
  Identity,
  OfferClaim,
  Purchase,
  Reward,
  ShareChannel,
} from './types.ts';

const VISITOR_KEY = 'flywheel_vid';

export interface FlywheelOptions {
  /** The merchant's publishable key, `pk_…`. */
  publishableKey: string;
  /** Origin of the Flywheel API, e.g. `https://flywheel.example.com`. */
  apiUrl: string;
  /** Where the visitor id is kept; `localStorage` by default, `null` to keep nothing. */
  storage?: FlywheelStorage | null;
  /** When true nothing is stored until `consent(true)`. */
  consentRequired?: boolean;
  /** Locale sent with bootstrap so the API answers the merchant's texts for it. */
  locale?: string;
  /** The page address the visitor is on; defaults to `location.href`. */
  url?: () => string;
  fetch?: typeof fetch;
}

export interface BootstrapInput {
  ref?: string;
  url?: string;
  channel?: string;
}

export interface FlywheelClient {
  /** The last bootstrap answer, or null before the first one. */
  readonly state: ClientState | null;
  readonly visitorId: string | null;
  bootstrap(input?: BootstrapInput): Promise<ClientState>;
  identify(identity: Identity): Promise<ClientState>;
  logout(): Promise<ClientState>;
  page(url?: string): Promise<ClientState | null>;
  share(channel: ShareChannel): Promise<{ share_url: string }>;
  claimOffer(email: string): Promise<OfferClaim>;
  redeem(optionId: string): Promise<Reward>;
  purchase(purchase: Purchase): Promise<void>;
  consent(granted: boolean): void;
  on<E extends FlywheelEventName>(event: E, listener: Listener<E>): () => void;
  off<E extends FlywheelEventName>(event: E, listener: Listener<E>): void;
  emit<E extends FlywheelEventName>(event: E, payload: FlywheelEvents[E]): void;
}

function refFromUrl(url: string): { ref?: string; channel?: string } {
  try {
    const params = new URL(url).searchParams;
    const ref = params.get('ref');
    const channel = params.get('fw_ch');
    return { ...(ref ? { ref } : {}), ...(channel ? { channel } : {}) };
  } catch {
    return {};
  }
}

/**
 * Creates a Flywheel browser client: the same commands `window.flywheel(...)` runs, without any UI.
 * Bootstrap calls made in the same tick (say `identify` right after start) share one request.
 * @example
 * import { createFlywheel } from 'flywheel/sdk';
 * const fw = createFlywheel({ publishableKey: 'pk_live_…', apiUrl: 'https://flywheel.example.com' });
 * fw.on('ready', (state) => console.log(state.customer?.referral_url));
 * await fw.bootstrap();
 */
export function createFlywheel(options: FlywheelOptions): FlywheelClient {
  const transport = createTransport(
    options.apiUrl,
    options.publishableKey,
    options.fetch ?? fetch.bind(globalThis),
  );
  const storage = createConsentStorage(
    options.storage === undefined ? defaultStorage() : options.storage,
    options.consentRequired === true,
  );
  const emitter = createEmitter();
  const currentUrl = options.url ?? (() => String(globalThis.location?.href ?? ''));
  let state: ClientState | null = null;
  let identity: Identity | null = null;
  let scheduled: Promise<ClientState> | null = null;
  let inflight: Promise<ClientState> | null = null;
  let nextInput: BootstrapInput = {};
  let lastRef: string | undefined;

  const requireCustomer = () => {
    if (!state?.session) throw new Error('flywheel: this needs an identified customer (call identify first)');
    return state.session;
  };

  async function runBootstrap(input: BootstrapInput): Promise<ClientState> {
    const url = input.url ?? currentUrl();
    const fromUrl = refFromUrl(url);
    const ref = input.ref ?? fromUrl.ref;
    const channel = input.channel ?? fromUrl.channel;
    const visitorId = storage.get(VISITOR_KEY);
    const next = await transport.post<ClientState>('/v1/client/bootstrap', {
      ...(visitorId ? { visitor_id: visitorId } : {}),
      ...(ref ? { ref } : {}),
      ...(channel ? { channel } : {}),
      ...(url ? { url } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(identity
        ? {
            identity: {
              external_id: identity.id,
              signature: identity.signature,
              ...(identity.email ? { email: identity.email } : {}),
              ...(identity.name ? { name: identity.name } : {}),
            },
          }
        : {}),
    });
    lastRef = ref;
    if (next.visitor_id) storage.set(VISITOR_KEY, next.visitor_id);
    state = next;
    emitter.emit('ready', next);
    return next;
  }

  const client: FlywheelClient = {
    get state() {
      return state;
    },
    get visitorId() {
      return state?.visitor_id ?? storage.get(VISITOR_KEY);
    },
    bootstrap(input = {}) {
      nextInput = { ...nextInput, ...input };
      if (!scheduled) {
        // Commands queued before the bundle loaded are replayed synchronously; waiting one microtask
        // lets all of them shape a single request.
        scheduled = Promise.resolve().then(() => {
          const taken = nextInput;
          nextInput = {};
          scheduled = null;
          inflight = runBootstrap(taken);
          return inflight;
        });
      }
      return scheduled;
    },
    identify(next) {
      if (!next || typeof next.id !== 'string' || typeof next.signature !== 'string') {
        return Promise.reject(new TypeError('flywheel: identify needs {id, signature}'));
      }
      identity = next;
      return client.bootstrap();
    },
    logout() {
      identity = null;
      // A new visitor id so the next shopper on this device is not linked to the last one.
      storage.remove(VISITOR_KEY);
      state = null;
      return client.bootstrap();
    },
    async page(url) {
      const href = url ?? currentUrl();
      const { ref } = refFromUrl(href);
      // Only a new referral code is worth a request; plain navigation changes nothing server-side.
      if (!ref || ref === lastRef) return null;
      return client.bootstrap({ url: href });
    },
    async share(channel) {
      const session = requireCustomer();
      const answer = await transport.post<{ share_url: string }>('/v1/client/shares', { channel, session });
      emitter.emit('share', { channel, url: answer.share_url });
      return answer;
    },
    async claimOffer(email) {
      const visitorId = client.visitorId;
      const claim = await transport.post<OfferClaim>('/v1/client/offers/claim', {
        ...(visitorId ? { visitor_id: visitorId } : {}),
        email,
      });
      emitter.emit('offer_claimed', { ...claim, email });
      return claim;
    },
    async redeem(optionId) {
      const session = requireCustomer();
      const reward = await transport.post<Reward>('/v1/client/redeem', { option_id: optionId, session });
      emitter.emit('reward', reward);
      return reward;
    },
    async purchase(purchase) {
      // On a first visit the visitor id comes from the bootstrap answer: the hint waits for it (a
      // bootstrap requested in the same tick is shared, so this adds no request).
      await (state ? inflight : client.bootstrap())?.catch(() => null);
      const visitorId = client.visitorId;
      await transport.post(
        '/v1/client/events',
        {
          type: 'purchase',
          order_id: String(purchase.order_id),
          amount: purchase.amount,
          currency: purchase.currency,
          ...(visitorId ? { visitor_id: visitorId } : {}),
          ...(state?.session ? { session: state.session } : {}),
        },
        // The thank-you page may be left right away; keepalive lets the hint finish.
        { keepalive: true },
      );
    },
    consent(granted) {
      storage.setConsent(granted === true);
    },
    on: emitter.on,
    off: emitter.off,
    emit: emitter.emit,
  };
  return client;
}
