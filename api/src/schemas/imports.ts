// POST /v1/imports: the lines of a file from a merchant's previous platform (customers and historical
// orders) and the report the import answers. See docs/imports.md.
import * as v from 'valibot';
import { Currency, ErrorSchema, ExternalId, IsoTime, MinorUnits } from './common.ts';
import { CustomerUpsertSchema } from './customer.ts';
import { OrderCreateSchema } from './order.ts';

/** `?rewards=true` runs every line through the live path (signup points, purchase points, attribution). */
export const ImportQuery = v.object({
  rewards: v.optional(v.picklist(['true', 'false']), 'false'),
});

export const ImportCustomerLineSchema = v.strictObject({
  type: v.literal('customer'),
  external_id: ExternalId,
  email: CustomerUpsertSchema.entries.email,
  name: CustomerUpsertSchema.entries.name,
  birthday: CustomerUpsertSchema.entries.birthday,
  /** When the customer joined the previous platform; the import time when absent. */
  created_at: v.optional(IsoTime),
});

export const ImportOrderLineSchema = v.strictObject({
  type: v.literal('order'),
  external_id: ExternalId,
  customer: v.strictObject(OrderCreateSchema.entries.customer.entries),
  amount: MinorUnits,
  currency: Currency,
  /** When the order was placed: required, a historical order's date is what cohorts are made of. */
  created_at: IsoTime,
  coupon_codes: OrderCreateSchema.entries.coupon_codes,
  referral_code: OrderCreateSchema.entries.referral_code,
});

export const ImportLineSchema = v.variant('type', [ImportCustomerLineSchema, ImportOrderLineSchema]);
export type ImportLine = v.InferOutput<typeof ImportLineSchema>;
export type ImportCustomerLine = v.InferOutput<typeof ImportCustomerLineSchema>;
export type ImportOrderLine = v.InferOutput<typeof ImportOrderLineSchema>;

export const ImportRejectedLineSchema = v.object({
  /** The line of the file (1-based; in CSV the header is line 1). */
  line: v.number(),
  error: ErrorSchema.entries.error,
});

export const ImportReportSchema = v.object({
  object: v.literal('import'),
  format: v.picklist(['ndjson', 'csv']),
  rewards: v.boolean(),
  /** Records read: non-blank lines (NDJSON) or rows after the header (CSV). */
  lines: v.number(),
  accepted: v.number(),
  rejected_count: v.number(),
  customers: v.object({ created: v.number(), updated: v.number(), unchanged: v.number() }),
  orders: v.object({ created: v.number(), existing: v.number() }),
  /** The first 100 rejected lines, in file order; `rejected_count` counts them all. */
  rejected: v.array(ImportRejectedLineSchema),
});
export type ImportReport = v.InferOutput<typeof ImportReportSchema>;
