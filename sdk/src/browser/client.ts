// The browser client behind `window.flywheel(...)`: state, identity, events and the client routes.
import { createEmitter, type Listener } from './emitter.ts';
import { createConsentStorage, defaultStorage, type FlywheelStorage } from './storage.ts';
import { createTransport, type FlywheelError } from './transport.ts';
import type {
  ClientState,
  Feedback,
  FeedbackAnswer,
  FlywheelEventName,
  FlywheelEvents,
  Identity,
  OfferClaim,
  Purchase,
  Reward,
  ShareChannel,
} from './types.ts';

const VISITOR_KEY = 'flywheel_vid';
/** Orders whose survey this device answered or skipped, space-separated, the newest last. */
const FEEDBACK_KEY = 'flywheel_fb';
const FEEDBACK_REMEMBERED = 20;

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
  /** A referral code; defaults to the `ref` query parameter of `url`. */
  ref?: string;
  /** The page address; defaults to the `url` option (`location.href`). */
  url?: string;
  /** The share channel the visitor came from; defaults to the `fw_ch` query parameter. */
  channel?: string;
}

/**
 * The browser client: one visitor on one page. Every method that talks to the API resolves with the
 * API's answer and rejects with a `FlywheelError`; events fire after the state changed.
 */
export interface FlywheelClient {
  /**
   * The last bootstrap answer, or null before the first one (and right after `logout`).
   * @example
   * const link = fw.state?.customer?.referral_url;
   */
  readonly state: ClientState | null;
  /**
   * The visitor id the API issued, from the last answer or from storage; null on a first visit.
   * @example
   * await fetch('/checkout', { method: 'POST', body: JSON.stringify({ flywheel_visitor_id: fw.visitorId }) });
   */
  readonly visitorId: string | null;
  /**
   * Asks the API for the program, the visitor's state and any friend offer. Reads `ref` and `fw_ch`
   * from the page address unless given; calls made in the same tick share one request.
   * @example
   * const state = await fw.bootstrap();
   * if (state.friend_offer) showWelcome(state.friend_offer.reward);
   * @example
   * await fw.bootstrap({ ref: 'ANN-7K2Q', channel: 'qr' }); // a code typed in by hand
   */
  bootstrap(input?: BootstrapInput): Promise<ClientState>;
  /**
   * Signs a customer in: `signature` is hex HMAC-SHA256 of `id` under the secret key, computed on the
   * merchant's server (docs/sdk.md). Resolves with the state that now carries `customer`.
   * @example
   * const { customer } = await fw.identify({ id: 'u_42', email: 'ann@example.com', signature });
   * console.log(customer?.referral_url);
   */
  identify(identity: Identity): Promise<ClientState>;
  /**
   * Forgets the customer and the visitor id, so the next shopper on this device starts afresh.
   * @example
   * signOutButton.addEventListener('click', () => fw.logout());
   */
  logout(): Promise<ClientState>;
  /**
   * Tells the client the page address changed (single-page apps). Only a new `?ref=` code costs a
   * request; otherwise it resolves with null.
   * @example
   * router.afterEach(() => fw.page());
   * @example
   * await fw.page('https://shop.example/product?ref=ANN-7K2Q');
   */
  page(url?: string): Promise<ClientState | null>;
  /**
   * Records that the identified customer shared their link on a channel; resolves with the link
   * tagged for that channel and emits `share`.
   * @example
   * const { share_url } = await fw.share('whatsapp');
   * window.open(`https://wa.me/?text=${encodeURIComponent(share_url)}`);
   */
  share(channel: ShareChannel): Promise<{ share_url: string }>;
  /**
   * Claims the new-customer offer a referred friend sees, with their email; resolves with the coupon
   * and emits `offer_claimed`. Rejects with status 409 when the email already belongs to a buyer.
   * @example
   * const { coupon_code } = await fw.claimOffer('friend@example.org');
   */
  claimOffer(email: string): Promise<OfferClaim>;
  /**
   * Spends the identified customer's points on a redemption option; resolves with the new reward
   * (a coupon code for coupon rewards) and emits `reward`.
   * @example
   * const option = fw.state?.program.loyalty.redemption_options[0];
   * if (option) console.log((await fw.redeem(option.id)).coupon_code);
   * // "Any amount": how many points to turn into an amount off (whole steps of the rate are charged).
   * await fw.redeem('any_amount', 700);
   */
  redeem(optionId: string, points?: number): Promise<Reward>;
  /**
   * Reports an order from the thank-you page as an attribution hint (the merchant's server still
   * reports the order itself). `amount` is in minor units; the request survives leaving the page.
   * @example
   * await fw.purchase({ order_id: '1001', amount: 4999, currency: 'USD' });
   */
  purchase(purchase: Purchase): Promise<void>;
  /**
   * Sends the post-purchase survey's answer for an order and remembers the order as done on this
   * device. Answering an order twice resolves with the first answer, unchanged.
   * @example
   * await fw.feedback({ order_id: '1001', score: 9, liked_most: 'Fast delivery' });
   */
  feedback(answer: FeedbackAnswer): Promise<Feedback>;
  /**
   * Remembers that the shopper declined the survey for an order, so it is not offered again.
   * @example
   * skipButton.addEventListener('click', () => fw.skipFeedback('1001'));
   */
  skipFeedback(orderId: string): void;
  /**
   * True when this device already answered or skipped the survey for the order.
   * @example
   * if (!fw.feedbackDone('1001')) showSurvey();
   */
  feedbackDone(orderId: string): boolean;
  /**
   * Grants or withdraws storage consent (with `consentRequired`): granting writes the visitor id
   * through to storage, withdrawing erases it.
   * @example
   * cookieBanner.onAccept(() => fw.consent(true));
   */
  consent(granted: boolean): void;
  /**
   * Listens to an event (`ready`, `open`, `close`, `share`, `offer_claimed`, `reward`); returns a
   * function that stops listening. A listener that throws is logged and does not stop the others.
   * @example
   * const stop = fw.on('reward', (reward) => analytics.track('flywheel_reward', reward));
   * stop();
   */
  on<E extends FlywheelEventName>(event: E, listener: Listener<E>): () => void;
  /**
   * Stops a listener added with `on`.
   * @example
   * fw.off('share', onShare);
   */
  off<E extends FlywheelEventName>(event: E, listener: Listener<E>): void;
  /**
   * Emits an event to the listeners; the widget uses it for `open` and `close`.
   * @example
   * fw.emit('open', { tab: 'invite' });
   */
  emit<E extends FlywheelEventName>(event: E, payload: FlywheelEvents[E]): void;
}

function refFromUrl(url: string): { ref?: string | undefined; channel?: string | undefined } {
  try {
    const params = new URL(url).searchParams;
    return { ref: params.get('ref') || undefined, channel: params.get('fw_ch') || undefined };
  } catch {
    return {};
  }
}

/**
 * Creates a Flywheel browser client: the same commands `window.flywheel(...)` runs, without any UI.
 * Bootstrap calls made in the same tick (say `identify` right after start) share one request.
 * @example
 * import { createFlywheel } from '@flywheel/sdk';
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
    // Empty fields go as `undefined`, which JSON leaves out: the API never sees `"ref": ""`.
    const send = () =>
      transport.post<ClientState>('/v1/client/bootstrap', {
        visitor_id: storage.get(VISITOR_KEY) || undefined,
        ref: ref || undefined,
        channel: channel || undefined,
        url: url || undefined,
        locale: options.locale || undefined,
        identity: identity
          ? {
              external_id: identity.id,
              signature: identity.signature,
              email: identity.email || undefined,
              name: identity.name || undefined,
            }
          : undefined,
      });
    let next: ClientState;
    try {
      next = await send();
    } catch (error) {
      // A bad signature is the merchant's bug, not the shopper's: say so, and still show the
      // anonymous widget rather than nothing.
      if (!identity || (error as FlywheelError).code !== 'invalid_identity_signature') throw error;
      console.warn('flywheel: identify signature rejected; continuing as an anonymous visitor');
      identity = null;
      next = await send();
    }
    lastRef = ref;
    if (next.visitor_id) storage.set(VISITOR_KEY, next.visitor_id);
    state = next;
    emitter.emit('ready', next);
    return next;
  }

  const doneOrders = () => (storage.get(FEEDBACK_KEY) ?? '').split(' ').filter(Boolean);
  const rememberOrder = (orderId: string) => {
    // Order ids go in encoded so a space in one cannot split it; only the last few are worth keeping.
    const id = encodeURIComponent(orderId);
    storage.set(
      FEEDBACK_KEY,
      [...doneOrders().filter((o) => o !== id), id].slice(-FEEDBACK_REMEMBERED).join(' '),
    );
  };

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
      const claim = await transport.post<OfferClaim>('/v1/client/offers/claim', {
        visitor_id: client.visitorId || undefined,
        email,
      });
      emitter.emit('offer_claimed', { ...claim, email });
      return claim;
    },
    async redeem(optionId, points) {
      const session = requireCustomer();
      const reward = await transport.post<Reward>('/v1/client/redeem', {
        option_id: optionId,
        session,
        ...(points === undefined ? {} : { points }),
      });
      emitter.emit('reward', reward);
      return reward;
    },
    async purchase(purchase) {
      // On a first visit the visitor id comes from the bootstrap answer: the hint waits for it (a
      // bootstrap requested in the same tick is shared, so this adds no request).
      await (state ? inflight : client.bootstrap())?.catch(() => null);
      await transport.post(
        '/v1/client/events',
        {
          type: 'purchase',
          order_id: String(purchase.order_id),
          amount: purchase.amount,
          currency: purchase.currency,
          visitor_id: client.visitorId || undefined,
          session: state?.session || undefined,
        },
        // The thank-you page may be left right away; keepalive lets the hint finish.
        { keepalive: true },
      );
    },
    async feedback(answer) {
      const stored = await transport.post<Feedback>('/v1/client/feedback', {
        ...answer,
        visitor_id: client.visitorId || undefined,
        session: state?.session || undefined,
      });
      rememberOrder(String(answer.order_id));
      return stored;
    },
    skipFeedback: (orderId) => rememberOrder(String(orderId)),
    feedbackDone: (orderId) => doneOrders().includes(encodeURIComponent(String(orderId))),
    consent(granted) {
      storage.setConsent(granted === true);
    },
    on: emitter.on,
    off: emitter.off,
    emit: emitter.emit,
  };
  return client;
}
