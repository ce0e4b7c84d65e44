// Each router declares its routes' schemas next to its handlers; /openapi.json is built from these.
import type * as v from 'valibot';

// biome-ignore lint/suspicious/noExplicitAny: any valibot schema.
type Schema = v.GenericSchema<any, any>;

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template, e.g. `/v1/customers/{external_id}`. */
  path: string;
  /** Unique across the API: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  auth: 'secret' | 'publishable' | 'admin' | 'signature' | 'none';
  tag: string;
  body?: Schema;
  /** A body that is not JSON (e.g. NDJSON, CSV): the media types accepted, each described as text. */
  bodyMediaTypes?: string[];
  query?: Schema;
  response?: Schema;
  /** The success status; 200 unless given. */
  status?: number;
  /** Other success statuses answered with the same body (an upsert's 200 next to its 201). */
  alsoStatus?: number[];
  /**
   * Error statuses beyond those the route's shape implies (401 for a key, 400 for input, 404 for a
   * path parameter, 409 and 400 for an Idempotency-Key): e.g. 409 for a state conflict.
   */
  errors?: number[];
}
