// The SDK's types, inferred from the API's valibot schemas: a schema change changes these types (or
// breaks the build), never a hand-kept copy. `import type` only, so no valibot code reaches a bundle.
import type * as v from 'valibot';
import type { ListQuery } from '../../api/src/schemas/common.ts';
import type {
  CouponPoolSchema,
  CouponUploadResultSchema,
  CouponUploadSchema,
} from '../../api/src/schemas/coupon.ts';
import type {
  CustomerListQuery,
  CustomerSchema,
  CustomerUpsertSchema,
  LedgerEntrySchema,
  LedgerQuery,
  SegmentSchema,
} from '../../api/src/schemas/customer.ts';
import type { CustomerDeletedSchema, CustomerExportSchema } from '../../api/src/schemas/customer-data.ts';
import type {
  ExperimentCreateSchema,
  ExperimentResultsSchema,
  ExperimentSchema,
} from '../../api/src/schemas/experiment.ts';
import type {
  FeedbackInsightsQuery,
  FeedbackInsightsSchema,
  FeedbackListQuery,
  FeedbackSchema,
} from '../../api/src/schemas/feedback.ts';
import type { HoldoutResultsSchema } from '../../api/src/schemas/holdout.ts';
import type { ImportLineSchema, ImportReportSchema } from '../../api/src/schemas/imports.ts';
import type { OrderCreateSchema, OrderSchema, RefundCreateSchema } from '../../api/src/schemas/order.ts';
import type { OrderListQuery } from '../../api/src/schemas/order-list.ts';
import type { PointsAdjustSchema, RewardListQuery, RewardVoidSchema } from '../../api/src/schemas/points.ts';
import type { ProgramConfigSchema, ProgramSchema } from '../../api/src/schemas/program.ts';
import type { ReferralListQuery, ReferralSchema } from '../../api/src/schemas/referral.ts';
import type { RewardSchema, RewardValueSchema } from '../../api/src/schemas/reward.ts';
import type { StatsQuery, StatsSchema } from '../../api/src/schemas/stats.ts';
import type {
  DeliveryListQuery,
  EventListQuery,
  EventSchema,
  EventTypeSchema,
  WebhookDeliverySchema,
  WebhookEndpointCreateSchema,
  WebhookEndpointSchema,
} from '../../api/src/schemas/webhook.ts';

// List parameters: the API's query schemas take strings (`?limit=20`); the SDK takes their parsed values.
type ListParamsOf<Query extends v.GenericSchema> = Partial<v.InferOutput<Query>>;

export type Customer = v.InferOutput<typeof CustomerSchema>;
export type CustomerUpsertParams = v.InferInput<typeof CustomerUpsertSchema>;
export type CustomerListParams = ListParamsOf<typeof CustomerListQuery>;
export type Segment = v.InferOutput<typeof SegmentSchema>;
export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>;
export type LedgerListParams = ListParamsOf<typeof LedgerQuery>;
/** The answer to `DELETE /v1/customers/{external_id}`. */
export type CustomerDeleted = v.InferOutput<typeof CustomerDeletedSchema>;
/** Everything stored about one person (`GET /v1/customers/{external_id}/export`). */
export type CustomerExport = v.InferOutput<typeof CustomerExportSchema>;

export type Order = v.InferOutput<typeof OrderSchema>;
export type OrderCreateParams = v.InferInput<typeof OrderCreateSchema>;
export type RefundParams = v.InferInput<typeof RefundCreateSchema>;
export type OrderListParams = ListParamsOf<typeof OrderListQuery>;

export type Referral = v.InferOutput<typeof ReferralSchema>;
export type ReferralListParams = ListParamsOf<typeof ReferralListQuery>;

export type Program = v.InferOutput<typeof ProgramSchema>;
/** `PUT /v1/program`: any part of the program, deep-merged into the stored one. */
export type ProgramUpdateParams = v.InferInput<typeof ProgramConfigSchema>;

export type ListParams = ListParamsOf<typeof ListQuery>;

export type Reward = v.InferOutput<typeof RewardSchema>;
export type RewardValue = v.InferOutput<typeof RewardValueSchema>;
export type RewardListParams = ListParamsOf<typeof RewardListQuery>;
export type RewardVoidParams = v.InferInput<typeof RewardVoidSchema>;
export type PointsAdjustParams = v.InferInput<typeof PointsAdjustSchema>;

export type CouponCodesAddParams = v.InferInput<typeof CouponUploadSchema>;
export type CouponCodesAdded = v.InferOutput<typeof CouponUploadResultSchema>;
export type CouponPool = v.InferOutput<typeof CouponPoolSchema>;

export type EventType = v.InferOutput<typeof EventTypeSchema>;
/** An event as `GET /v1/events` lists it. */
export type FlywheelEvent = v.InferOutput<typeof EventSchema>;
export type EventListParams = ListParamsOf<typeof EventListQuery>;
/** An event as a webhook delivers it (the same fields, without `object`); `data` as the event type defines it. */
export type WebhookEvent<Data = unknown> = Omit<FlywheelEvent, 'object' | 'type' | 'data'> & {
  type: EventType;
  data: Data;
};

export type WebhookEndpointCreateParams = v.InferInput<typeof WebhookEndpointCreateSchema>;
/** `secret` is present only in the answers to create and rotate: store it then. */
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;
export type DeliveryListParams = ListParamsOf<typeof DeliveryListQuery>;

export type StatsParams = v.InferInput<typeof StatsQuery>;
export type Stats = v.InferOutput<typeof StatsSchema>;

export type Feedback = v.InferOutput<typeof FeedbackSchema>;
export type FeedbackListParams = ListParamsOf<typeof FeedbackListQuery>;
export type FeedbackInsightsParams = v.InferInput<typeof FeedbackInsightsQuery>;
export type FeedbackInsights = v.InferOutput<typeof FeedbackInsightsSchema>;

export type Experiment = v.InferOutput<typeof ExperimentSchema>;
export type ExperimentCreateParams = v.InferInput<typeof ExperimentCreateSchema>;
export type ExperimentListParams = ListParamsOf<typeof ListQuery>;
export type ExperimentResults = v.InferOutput<typeof ExperimentResultsSchema>;
export type HoldoutResults = v.InferOutput<typeof HoldoutResultsSchema>;
export type EarnActionParams = v.InferInput<
  typeof import('../../api/src/schemas/earn-action.ts').EarnActionCreateSchema
>;
export type EarnActionResult = v.InferOutput<
  typeof import('../../api/src/schemas/earn-action.ts').EarnActionResultSchema
>;
/** One line of an import file (`fw.imports.create`): a customer or a historical order. */
export type ImportLine = v.InferInput<typeof ImportLineSchema>;
export type ImportReport = v.InferOutput<typeof ImportReportSchema>;
export type KpiMetric = typeof import('../../api/src/domain/kpis.ts').KPI_METRICS[number];
/** `metrics`: the KPIs wanted (default: all); the SDK sends them comma-separated. */
export type StatsSeriesParams = Omit<
  v.InferInput<typeof import('../../api/src/schemas/analytics.ts').StatsSeriesQuery>,
  'metrics'
> & { metrics?: readonly KpiMetric[] };
export type StatsSeries = v.InferOutput<
  typeof import('../../api/src/schemas/analytics.ts').StatsSeriesSchema
>;
export type StatsCohortsParams = v.InferInput<
  typeof import('../../api/src/schemas/analytics.ts').StatsCohortsQuery
>;
export type StatsCohorts = v.InferOutput<
  typeof import('../../api/src/schemas/analytics.ts').StatsCohortsSchema
>;
export type CriticalPoints = v.InferOutput<
  typeof import('../../api/src/schemas/analytics.ts').CriticalPointsSchema
>;
export type StatsFunnelParams = v.InferInput<
  typeof import('../../api/src/schemas/funnel.ts').StatsFunnelQuery
>;
export type StatsFunnel = v.InferOutput<typeof import('../../api/src/schemas/funnel.ts').StatsFunnelSchema>;
