import type { Program, ProgramUpdateParams } from '../../types.ts';
import type { RequestOptions, Transport } from '../transport.ts';

/** `fw.program`: the referral and loyalty rules. */
export class ProgramResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The program, every default filled in.
   *
   * @example
   * const { referral } = await fw.program.get();
   * console.log(referral.hold_days);
   */
  get(options?: RequestOptions): Promise<Program> {
    return this.#transport.request({ method: 'GET', path: '/v1/program', options });
  }

  /**
   * Changes any part of the program: the patch is deep-merged into the stored program (arrays are
   * replaced), then validated whole.
   *
   * @example
   * await fw.program.update({ referral: { hold_days: 30 }, theme: { brand_color: '#0f766e' } });
   */
  update(patch: ProgramUpdateParams, options?: RequestOptions): Promise<Program> {
    return this.#transport.request({ method: 'PUT', path: '/v1/program', body: patch, options });
  }
}
