// Post-purchase feedback (docs/feedback.md): the program setting, the widget's submission, the stored
// answer, the list filters, the insights and the KPIs /v1/stats carries.
import * as v from 'valibot';
import { SEGMENTS } from '../domain/segments.ts';
import { IsoTime, ListQuery, PositiveInt } from './common.ts';

/** `program.feedback`: off until the merchant turns it on; then every order, or one in `every_nth_order`. */
export const FeedbackSettingsSchema = v.strictObject({
  enabled: v.optional(v.boolean(), false),
  every_nth_order: v.optional(v.pipe(PositiveInt, v.maxValue(100)), 1),
});

const Score = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0), v.maxValue(10));
/** A short answer; blank counts as no answer. */
const Answer = v.optional(
  v.nullable(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(1000),
      v.transform((s) => (s === '' ? null : s)),
    ),
  ),
);
const Locale = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale like en or zh-CN'),
);

export const FeedbackSubmitSchema = v.object({
  /** The merchant's order id, the one `flywheel('purchase', …)` was given. */
  order_id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  score: Score,
  liked_most: Answer,
  liked_least: Answer,
  suggestion: Answer,
  locale: v.optional(v.nullable(Locale)),
  visitor_id: v.optional(v.pipe(v.string(), v.maxLength(64))),
  session: v.optional(v.string()),
});
export type FeedbackSubmit = v.InferOutput<typeof FeedbackSubmitSchema>;

export const FeedbackSchema = v.object({
  id: v.string(),
  object: v.literal('feedback'),
  order_id: v.string(),
  /** The customer's external id; null once the customer was erased. */
  customer: v.nullable(v.string()),
  score: v.number(),
  liked_most: v.nullable(v.string()),
  liked_least: v.nullable(v.string()),
  suggestion: v.nullable(v.string()),
  locale: v.nullable(v.string()),
  /** The customer's lifecycle segment when they answered. */
  segment: v.picklist(SEGMENTS),
  referred: v.boolean(),
  created_at: IsoTime,
});
export type FeedbackObject = v.InferOutput<typeof FeedbackSchema>;

const ScoreFilter = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number'),
  v.transform(Number),
  v.maxValue(10),
);

export const FeedbackListQuery = v.object({
  ...ListQuery.entries,
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
  /** Only answers scoring at most this (6: the detractors). */
  score_max: v.optional(ScoreFilter),
  segment: v.optional(v.picklist(SEGMENTS)),
});

export const FeedbackInsightsQuery = v.object({
  from: v.optional(IsoTime),
  to: v.optional(IsoTime),
  interval: v.optional(v.picklist(['day', 'month']), 'month'),
});

const NpsSchema = v.object({
  responses: v.number(),
  promoters: v.number(),
  passives: v.number(),
  detractors: v.number(),
  /** Promoters minus detractors, in points of the responses (−100…100); null with no answers. */
  nps: v.nullable(v.number()),
});

export const FeedbackInsightsSchema = v.object({
  object: v.literal('feedback_insights'),
  from: IsoTime,
  to: IsoTime,
  interval: v.picklist(['day', 'month']),
  /** NPS per day or month of the period (UTC), oldest first; periods without answers are left out. */
  trend: v.array(v.object({ period: v.string(), ...NpsSchema.entries })),
  /** The words that come back most in the period's "liked least" answers, each counted once per answer. */
  liked_least_words: v.array(v.object({ word: v.string(), count: v.number() })),
});

/** The feedback KPIs of `/v1/stats`. */
export const FeedbackKpisSchema = v.object({
  /** Orders of the period the survey was offered on (the sampled ones while it was on). */
  asked_orders: v.number(),
  /** Share of those orders that got an answer. */
  response_rate: v.nullable(v.number()),
  ...NpsSchema.entries,
  by_segment: v.object(
    Object.fromEntries(SEGMENTS.map((s) => [s, NpsSchema])) as Record<
      (typeof SEGMENTS)[number],
      typeof NpsSchema
    >,
  ),
  referred: NpsSchema,
  other: NpsSchema,
});
export type FeedbackKpis = v.InferOutput<typeof FeedbackKpisSchema>;
