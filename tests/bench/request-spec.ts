// What one benchmark case sends, in a form that crosses the process boundary to the load generator:
// plain data, with the per-request parts of the body as placeholders instead of functions.

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v1/client/bootstrap?key=pk_…`. */
  path: string;
  headers: Record<string, string>;
  /**
   * A JSON body template. `{{unique}}` becomes a fresh 26-character id on every request (so inserts
   * really insert); `{{pool}}` cycles through {@link POOL_SIZE} ids (returning visitors).
   */
  body?: string;
  /** Only responses with this status count as served; anything else is reported, never timed. */
  expectStatus: number;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export const POOL_SIZE = 1_000;

/**
 * Fills a body template, one request at a time. Every `{{unique}}` in one request gets the same id, a
 * new one per request. Ids are 26 characters of [0-9A-Z], so that `vis_{{unique}}` is a valid
 * visitor id; `source` (two such characters) keeps two generators writing to one database apart.
 */
export function bodyFiller(source: string): (template: string) => string {
  if (!/^[0-9A-Z]{2}$/.test(source)) throw new Error(`source must be two of [0-9A-Z], got ${source}`);
  const id = (kind: 'U' | 'P', n: number) =>
    `${source}${kind}${n.toString(36).toUpperCase().padStart(23, '0')}`;
  let sequence = 0;
  return (template) => {
    const n = sequence++;
    return template.replaceAll('{{unique}}', id('U', n)).replaceAll('{{pool}}', id('P', n % POOL_SIZE));
  };
}
