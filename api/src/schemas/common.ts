// Shapes shared by every resource: ids, money, lists, errors.
import * as v from 'valibot';

export const IsoTime = v.pipe(v.string(), v.isoTimestamp());
export const Currency = v.pipe(
  v.string(),
  v.transform((s) => s.toUpperCase()),
  v.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
);
export const MinorUnits = v.pipe(
  v.number(),
  v.safeInteger('must be an integer in minor units'),
  v.minValue(0),
);
export const PositiveInt = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
export const ExternalId = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(255));
export const Email = v.pipe(v.string(), v.trim(), v.email('must be an email address'), v.maxLength(320));

export const ErrorSchema = v.object({
  error: v.object({
    type: v.picklist([
      'invalid_request',
      'authentication',
      'permission',
      'not_found',
      'conflict',
      'idempotency_error',
      'rate_limited',
      'internal',
    ]),
    code: v.string(),
    message: v.string(),
    param: v.optional(v.string()),
  }),
});

export const ListQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number'),
      v.transform(Number),
      // The parsed value's type, so /openapi.json can show `limit` as the integer 1–100 it is.
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(100),
    ),
    '20',
  ),
  starting_after: v.optional(v.pipe(v.string(), v.minLength(1))),
});

// biome-ignore lint/suspicious/noExplicitAny: wraps any item schema.
export function listOf<T extends v.GenericSchema<any, any>>(item: T) {
  return v.object({ object: v.literal('list'), data: v.array(item), has_more: v.boolean() });
}

export type ListEnvelope<T> = { object: 'list'; data: T[]; has_more: boolean };
