import * as v from 'valibot';
import { SEGMENTS } from '../domain/segments.ts';
import { Email, ExternalId, IsoTime, ListQuery } from './common.ts';

const Birthday = v.pipe(
  v.string(),
  v.regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD or MM-DD'),
);

export const CustomerUpsertSchema = v.object({
  external_id: ExternalId,
  email: v.optional(Email),
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  birthday: v.optional(Birthday),
  referral_code_used: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64))),
});
export type CustomerUpsert = v.InferOutput<typeof CustomerUpsertSchema>;

export const CustomerListQuery = v.object({
  ...ListQuery.entries,
  segment: v.optional(v.picklist(SEGMENTS)),
});

export const SegmentSchema = v.picklist(SEGMENTS);

export const CustomerSchema = v.object({
  id: v.string(),
  object: v.literal('customer'),
  external_id: v.string(),
  email: v.nullable(v.string()),
  name: v.nullable(v.string()),
  birthday: v.nullable(v.string()),
  referral_code: v.string(),
  referral_url: v.string(),
  referred_by: v.nullable(v.string()),
  points_balance: v.number(),
  tier: v.nullable(v.string()),
  segment: SegmentSchema,
  orders_count: v.number(),
  total_spent: v.number(),
  stats: v.object({ clicks: v.number(), referrals: v.number(), conversions: v.number() }),
  created_at: IsoTime,
});
export type CustomerObject = v.InferOutput<typeof CustomerSchema>;

export const LedgerEntrySchema = v.object({
  id: v.string(),
  object: v.literal('ledger_entry'),
  customer: v.string(),
  account: v.string(),
  delta: v.number(),
  reason: v.string(),
  balance_after: v.number(),
  created_at: IsoTime,
});
export type LedgerEntryObject = v.InferOutput<typeof LedgerEntrySchema>;

export const LedgerQuery = v.object({
  ...ListQuery.entries,
  account: v.optional(
    v.pipe(v.string(), v.regex(/^(points|credit:[A-Z]{3})$/, 'must be points or credit:USD')),
  ),
});
