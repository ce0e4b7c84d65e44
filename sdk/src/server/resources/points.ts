import type { LedgerEntry, PointsAdjustParams } from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.points`: manual points movements (goodwill, corrections). */
export class Points {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Adds (positive `delta`) or removes (negative) points, recorded in the ledger with your reason.
   * Pass your own `idempotencyKey` to make a retried adjustment count once.
   *
   * @example
   * const entry = await fw.points.adjust(
   *   { customer: 'u_42', delta: 250, reason: 'Sorry for the late delivery' },
   *   { idempotencyKey: 'ticket-5531' },
   * );
   * console.log(entry.balance_after);
   */
  adjust(params: PointsAdjustParams, options?: RequestOptions): Promise<LedgerEntry> {
    return this.#transport.request({ method: 'POST', path: '/v1/points/adjust', body: params, options });
  }
}
