// A person's data on request (GDPR): erasure and export.
import * as v from 'valibot';
import { IsoTime } from './common.ts';
import { CustomerSchema, LedgerEntrySchema } from './customer.ts';
import { FeedbackSchema } from './feedback.ts';
import { OrderSchema } from './order.ts';
import { ReferralSchema } from './referral.ts';
import { RewardSchema } from './reward.ts';

export const CustomerDeletedSchema = v.object({
  id: v.string(),
  object: v.literal('customer'),
  external_id: v.string(),
  deleted: v.literal(true),
});
export type CustomerDeletedObject = v.InferOutput<typeof CustomerDeletedSchema>;

/** Everything Flywheel stores about one person, in one document. */
export const CustomerExportSchema = v.object({
  object: v.literal('customer_export'),
  exported_at: IsoTime,
  customer: CustomerSchema,
  orders: v.array(OrderSchema),
  rewards: v.array(RewardSchema),
  ledger_entries: v.array(LedgerEntrySchema),
  /** Referrals this person made (as referrer) and the one that brought them (as friend). */
  referrals: v.array(ReferralSchema),
  /** The browsers the widget saw for this person (hashed addresses only, never the address). */
  visitors: v.array(
    v.object({
      id: v.string(),
      ip_hash: v.nullable(v.string()),
      ua_hash: v.nullable(v.string()),
      first_seen_at: IsoTime,
      last_seen_at: IsoTime,
    }),
  ),
  shares: v.array(v.object({ channel: v.string(), created_at: IsoTime })),
  offer_claims: v.array(
    v.object({ email: v.string(), coupon_code: v.nullable(v.string()), created_at: IsoTime }),
  ),
  /** The person's answers to the post-purchase survey, in their own words. */
  feedback: v.array(FeedbackSchema),
});
export type CustomerExportObject = v.InferOutput<typeof CustomerExportSchema>;
