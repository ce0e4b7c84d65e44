// `GET /v1/orders`: the merchant's orders, newest first, by customer, status and a created range.
import * as v from 'valibot';
import { IsoTime, ListQuery } from './common.ts';
import { OrderSchema } from './order.ts';

export const OrderListQuery = v.object({
  ...ListQuery.entries,
  /** The customer's external_id. */
  customer: v.optional(v.pipe(v.string(), v.minLength(1))),
  status: v.optional(OrderSchema.entries.status),
  /** Orders created at or after this time. */
  created_gte: v.optional(IsoTime),
  /** Orders created before this time. */
  created_lt: v.optional(IsoTime),
});
