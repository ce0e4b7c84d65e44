// Table types, one interface per table. Times are ISO-8601 UTC strings and JSON columns are text in
// both dialects, so one migration set and one code path serve SQLite and PostgreSQL alike.
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/** JSON stored as text; parse with `readJson`. */
export type JsonText = string;

export interface MerchantTable {
  id: string;
  name: string;
  allowed_origins: JsonText;
  settings: JsonText;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  merchant_id: string;
  kind: 'publishable' | 'secret';
  /** The publishable key itself, or the SHA-256 hex of the secret key. */
  token: string;
  last4: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ProgramTable {
  merchant_id: string;
  config: JsonText;
  updated_at: string;
}

export interface CustomerTable {
  id: string;
  merchant_id: string;
  external_id: string;
  email: string | null;
  email_normalized: string | null;
  name: string | null;
  birthday: string | null;
  referral_code: string;
  referred_by: string | null;
  tier: string | null;
  points_balance: number;
  /** Converted referrals this customer made: a counter, see the 2026-11-30T0030 migration. */
  referrals_converted: Generated<number>;
  orders_count: number;
  total_spent: number;
  first_order_at: string | null;
  last_order_at: string | null;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when the person was erased (GDPR): personal fields are null, sums and history stay. */
  deleted_at: string | null;
  /** Since when the customer no longer qualifies for `tier` (kept through the grace period). */
  tier_below_since: string | null;
}

export interface VisitorTable {
  id: string;
  merchant_id: string;
  customer_id: string | null;
  ip_hash: string | null;
  ua_hash: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

export interface ClickTable {
  id: string;
  merchant_id: string;
  referral_code: string;
  referrer_id: string;
  visitor_id: string;
  landing_url: string | null;
  channel: string | null;
  ip_hash: string | null;
  ua_hash: string | null;
  day: string;
  created_at: string;
}

export interface ReferralTable {
  id: string;
  merchant_id: string;
  referrer_id: string;
  friend_id: string | null;
  visitor_id: string | null;
  status: 'clicked' | 'signed_up' | 'converted' | 'rejected';
  method: 'coupon' | 'code' | 'link' | 'email' | null;
  order_id: string | null;
  reasons: JsonText;
  flags: JsonText;
  created_at: string;
  converted_at: string | null;
}

export interface OrderTable {
  id: string;
  merchant_id: string;
  external_id: string;
  customer_id: string;
  amount: number;
  refunded_amount: number;
  currency: string;
  coupon_codes: JsonText;
  visitor_id: string | null;
  referral_code: string | null;
  status: 'paid' | 'partially_refunded' | 'refunded';
  attribution: JsonText | null;
  ip_hash: string | null;
  source: string;
  created_at: string;
  recorded_at: string;
}

export interface RewardTable {
  id: string;
  merchant_id: string;
  customer_id: string;
  kind: 'coupon' | 'points' | 'credit';
  source: string;
  status: 'pending' | 'issued' | 'redeemed' | 'voided';
  reward: JsonText;
  coupon_code: string | null;
  order_id: string | null;
  referral_id: string | null;
  cause_key: string;
  flags: JsonText;
  needs_approval: number;
  available_at: string;
  created_at: string;
  issued_at: string | null;
  redeemed_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
}

export interface LedgerEntryTable {
  id: string;
  merchant_id: string;
  customer_id: string;
  /** `points`, or `credit:<CURRENCY>` for store credit. */
  account: string;
  delta: number;
  balance_after: number;
  reason: string;
  cause_key: string;
  reward_id: string | null;
  order_id: string | null;
  created_at: string;
}

export interface CouponCodeTable {
  id: string;
  merchant_id: string;
  pool: string;
  code: string;
  origin: 'uploaded' | 'generated' | 'integration';
  reward_id: string | null;
  issued_at: string | null;
  revoked_at: string | null;
  redeemed_at: string | null;
  created_at: string;
  /** When the merchant's shop (Shopify) confirmed this generated code; null until then. */
  synced_at: string | null;
  /** Attempts to create the code in the shop, counted when each is claimed. */
  sync_attempts: Generated<number>;
  /** When the next attempt is due, or until when the current one is leased. */
  sync_next_at: string | null;
  sync_error: string | null;
  /** The shop's id for the code (Shopify's DiscountCodeNode gid). */
  external_ref: string | null;
}

export interface OfferClaimTable {
  id: string;
  merchant_id: string;
  visitor_id: string | null;
  email: string;
  email_normalized: string;
  referrer_id: string | null;
  reward_id: string | null;
  coupon_code: string | null;
  /** The one order for which this claim's coupon counted as evidence of referral. */
  evidence_order_id: string | null;
  created_at: string;
}

export interface ShareTable {
  id: string;
  merchant_id: string;
  customer_id: string;
  channel: string;
  created_at: string;
}

export interface ClientEventTable {
  id: string;
  merchant_id: string;
  visitor_id: string | null;
  customer_id: string | null;
  type: string;
  payload: JsonText;
  created_at: string;
}

export interface EventTable {
  id: string;
  merchant_id: string;
  type: string;
  customer_id: string | null;
  data: JsonText;
  created_at: string;
  /** Set once the webhook job has created this event's deliveries; null until then. */
  dispatched_at: string | null;
}

export interface WebhookEndpointTable {
  id: string;
  merchant_id: string;
  url: string;
  events: JsonText;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface WebhookDeliveryTable {
  id: string;
  merchant_id: string;
  endpoint_id: string;
  event_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  locked_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export interface IntegrationTable {
  merchant_id: string;
  platform: 'shopify' | 'stripe' | 'woocommerce';
  webhook_secret: string;
  shop_domain: string | null;
  admin_token: string | null;
  created_at: string;
  updated_at: string;
}

export interface InboundEventTable {
  merchant_id: string;
  platform: string;
  event_id: string;
  created_at: string;
  /** `processing` while being applied, `done` after; null on rows written before the column existed. */
  status: 'processing' | 'done' | null;
}

/** Stripe refunds name a payment_intent; this maps it to the order (its checkout session id). */
export interface InboundPaymentRefTable {
  merchant_id: string;
  platform: string;
  payment_ref: string;
  order_external_id: string;
  created_at: string;
}

export interface IdempotencyKeyTable {
  merchant_id: string;
  key: string;
  request_hash: string;
  status: 'running' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

export interface RateLimitTable {
  key: string;
  window_start: string;
  count: number;
}

export interface ExperimentTable {
  id: string;
  merchant_id: string;
  name: string;
  variants: JsonText;
  status: 'draft' | 'running' | 'stopped';
  created_at: string;
  unit: 'visitor' | 'advocate';
  primary_metric: 'first_order' | 'offer_claim' | 'share';
  guardrails: JsonText;
  min_days: number;
  started_at: string | null;
  stopped_at: string | null;
  promoted_variant: string | null;
}

export interface AssignmentTable {
  experiment_id: string;
  visitor_id: string;
  variant: string;
  created_at: string;
  /** The advocate whose variant the visitor was shown (`unit: advocate`); the visitor id otherwise. */
  unit_id: string | null;
}

/** One post-purchase answer per order; erasure nulls `customer_id` and the three texts. */
export interface FeedbackTable {
  id: string;
  merchant_id: string;
  order_id: string;
  order_external_id: string;
  order_created_at: string;
  customer_id: string | null;
  score: number;
  liked_most: string | null;
  liked_least: string | null;
  suggestion: string | null;
  locale: string | null;
  /** The customer's lifecycle segment when they answered. */
  segment: string;
  /** 1 when the customer had been referred, else 0 (kept after erasure for the KPIs). */
  referred: number;
  created_at: string;
}

export interface AlertEpisodeTable {
  id: string;
  merchant_id: string;
  alert_key: string;
  metric: string;
  op: 'below' | 'above';
  threshold: number;
  days: number;
  triggered_day: string;
  triggered_at: string;
  resolved_day: string | null;
  resolved_at: string | null;
}

export interface Database {
  merchants: MerchantTable;
  api_keys: ApiKeyTable;
  programs: ProgramTable;
  customers: CustomerTable;
  visitors: VisitorTable;
  clicks: ClickTable;
  referrals: ReferralTable;
  orders: OrderTable;
  rewards: RewardTable;
  ledger_entries: LedgerEntryTable;
  coupon_codes: CouponCodeTable;
  offer_claims: OfferClaimTable;
  shares: ShareTable;
  client_events: ClientEventTable;
  events: EventTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  integrations: IntegrationTable;
  inbound_events: InboundEventTable;
  inbound_payment_refs: InboundPaymentRefTable;
  idempotency_keys: IdempotencyKeyTable;
  rate_limits: RateLimitTable;
  experiments: ExperimentTable;
  assignments: AssignmentTable;
  feedback: FeedbackTable;
  alert_episodes: AlertEpisodeTable;
  kpi_days: KpiDayTable;
  kpi_day_marks: KpiDayMarkTable;
  automation_firings: AutomationFiringTable;
  lifecycle_states: LifecycleStateTable;
}

/** One row per (rule, customer, occurrence): the unique key that makes an automation fire once. */
export interface AutomationFiringTable {
  id: string;
  merchant_id: string;
  rule_id: string;
  customer_id: string;
  occurrence: string;
  trigger: string;
  reward_id: string | null;
  /** The on-site message (JSON), shown by the widget for `automations.message_days`. */
  message: JsonText | null;
  fired_at: string;
  shown_at: string | null;
}

/** The segment and tier the automations job last saw, so entering one is an event with a time. */
export interface LifecycleStateTable {
  customer_id: string;
  merchant_id: string;
  segment: string;
  segment_since: string;
  tier: string | null;
  tier_changed_at: string | null;
}

/** A closed UTC day's additive KPI parts (store/kpi-days.ts), valid while `version` is the day's mark count. */
export interface KpiDayTable {
  merchant_id: string;
  day: string;
  version: number;
  facts: JsonText;
  detail: JsonText;
  spend: JsonText;
  /** Distinct visitors and sharers of the day by the day they last appeared before it (store/kpi-firsts.ts). */
  firsts: JsonText;
  built_at: string;
}

/** How many late writes (dated before their day ended) each past day has had; set by triggers. */
export interface KpiDayMarkTable {
  merchant_id: string;
  day: string;
  n: number;
}

export type Db = Kysely<Database>;
/** Either the database or a transaction: persistence functions accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type Merchant = Selectable<MerchantTable>;
export type Customer = Selectable<CustomerTable>;
export type NewCustomer = Insertable<CustomerTable>;
export type CustomerUpdate = Updateable<CustomerTable>;
export type Order = Selectable<OrderTable>;
export type Reward = Selectable<RewardTable>;
export type LedgerEntry = Selectable<LedgerEntryTable>;
export type Referral = Selectable<ReferralTable>;
export type Click = Selectable<ClickTable>;
export type EventRow = Selectable<EventTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;
export type FeedbackRow = Selectable<FeedbackTable>;

export function readJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  return JSON.parse(text) as T;
}
