import type { ImportLine, ImportReport } from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

export interface ImportOptions extends RequestOptions {
  /** Run each line through the live path: signup points, purchase points, referral attribution. Default false. */
  rewards?: boolean;
}

/** `fw.imports`: bring customers and historical orders over from another platform (docs/imports.md). */
export class Imports {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Imports customers and historical orders: an array of lines (sent as NDJSON) or the text of a CSV
   * file. Each line is judged on its own; the report counts what went in and lists refused lines with
   * their number and reason. Posting the same lines again changes nothing. At most 1 MB per call.
   *
   * @example
   * const report = await fw.imports.create([
   *   { type: 'customer', external_id: 'u_42', email: 'ann@example.com', created_at: '2024-05-01T10:00:00Z' },
   *   { type: 'order', external_id: 'old-1001', customer: { external_id: 'u_42' }, amount: 4999, currency: 'USD', created_at: '2024-06-01T10:00:00Z' },
   * ]);
   * for (const { line, error } of report.rejected) console.warn(`line ${line}: ${error.message}`);
   * @example
   * await fw.imports.create(await readFile('orders.csv', 'utf8'));
   */
  create(lines: ImportLine[] | string, options: ImportOptions = {}): Promise<ImportReport> {
    const { rewards, ...requestOptions } = options;
    const csv = typeof lines === 'string';
    return this.#transport.request({
      method: 'POST',
      path: '/v1/imports',
      query: { rewards: rewards === undefined ? undefined : String(rewards) },
      body: csv ? lines : lines.map((line) => JSON.stringify(line)).join('\n'),
      contentType: csv ? 'text/csv' : 'application/x-ndjson',
      options: requestOptions,
    });
  }
}
