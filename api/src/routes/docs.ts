// Each router declares its routes' schemas next to its handlers; /openapi.json is built from these.
import type * as v from 'valibot';

// biome-ignore lint/suspicious/noExplicitAny: any valibot schema.
type Schema = v.GenericSchema<any, any>;

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template, e.g. `/v1/customers/{external_id}`. */
  path: string;
  summary: string;
  auth: 'secret' | 'publishable' | 'admin' | 'signature' | 'none';
  tag: string;
  body?: Schema;
  query?: Schema;
  response?: Schema;
  status?: number;
}
