// Wire shapes of the client routes, derived from the API's own valibot schemas (docs/client-contract.md).
// `import type` only: they cost no bytes in the widget bundle, and a schema change breaks this build.
import type * as v from 'valibot';
import type {
  BootstrapResponseSchema,
  ClientProgramSchema,
  CustomerStateSchema,
  OfferClaimResponseSchema,
  SHARE_CHANNELS,
} from '../../../api/src/schemas/client.ts';
import type { LedgerEntrySchema } from '../../../api/src/schemas/customer.ts';
import type { FeedbackSchema, FeedbackSubmitSchema } from '../../../api/src/schemas/feedback.ts';
import type { RewardSchema, RewardValueSchema } from '../../../api/src/schemas/reward.ts';

export type RewardValue = v.InferOutput<typeof RewardValueSchema>;
export type Reward = v.InferOutput<typeof RewardSchema>;
export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>;
export type ClientProgram = v.InferOutput<typeof ClientProgramSchema>;
export type Tier = ClientProgram['loyalty']['tiers'][number];
export type RedemptionOption = ClientProgram['loyalty']['redemption_options'][number];
export type ClientCustomer = v.InferOutput<typeof CustomerStateSchema>;
/** What `POST /v1/client/bootstrap` answers: everything the widget needs for one page view. */
export type ClientState = v.InferOutput<typeof BootstrapResponseSchema>;
export type FriendOffer = NonNullable<ClientState['friend_offer']>;
export type OfferClaim = v.InferOutput<typeof OfferClaimResponseSchema>;
export type ShareChannel = (typeof SHARE_CHANNELS)[number];
/** The post-purchase survey's answer; the client adds the visitor and the session. */
export type FeedbackAnswer = Omit<v.InferInput<typeof FeedbackSubmitSchema>, 'visitor_id' | 'session'>;
/** The answer as stored (the first one, when the order was answered before). */
export type Feedback = v.InferOutput<typeof FeedbackSchema>;

/** A shopper identity signed by the merchant's server: signature = hex HMAC-SHA256(secret key, id). */
export interface Identity {
  id: string;
  email?: string;
  name?: string;
  signature: string;
}

export interface Purchase {
  order_id: string;
  amount: number;
  currency: string;
}

/** Events and the payload each one carries. */
export interface FlywheelEvents {
  ready: ClientState;
  open: { tab: string };
  close: Record<string, never>;
  share: { channel: ShareChannel; url: string };
  offer_claimed: OfferClaim & { email: string };
  reward: Reward;
}

export type FlywheelEventName = keyof FlywheelEvents;
