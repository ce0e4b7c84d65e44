// One case's outcome, summarised the same way whichever load generator produced it.

export interface CaseResult {
  /** Responses with the expected status in the measured window (warm-up excluded). */
  served: number;
  /** Measured window, seconds. */
  seconds: number;
  requestsPerSecond: number;
  /** Latency of the served responses, milliseconds. */
  p50: number;
  p99: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** Every status that was not the expected one, with its count (a 200 where 201 was expected too). */
  unexpected: Record<string, number>;
  /** Socket errors and timeouts. */
  errors: number;
  /** Responses with the expected status during warm-up (they wrote rows too). */
  warmupServed: number;
  /** Requests sent, warm-up included; those still in flight when a phase ended got no response. */
  sent: number;
}

/** Collects one phase's responses; latencies are kept whole so percentiles are exact. */
export class ResponseTally {
  private latencies: number[] = [];
  served = 0;
  non2xx = 0;
  errors = 0;
  /** Set by the load generator, which alone knows what it sent. */
  sent = 0;
  unexpected: Record<string, number> = {};

  constructor(private readonly expectStatus: number) {}

  record(status: number, latencyMs: number) {
    if (status < 200 || status > 299) this.non2xx++;
    if (status === this.expectStatus) {
      this.served++;
      this.latencies.push(latencyMs);
    } else {
      this.unexpected[status] = (this.unexpected[status] ?? 0) + 1;
    }
  }

  result(seconds: number, warmup: { served: number; sent: number }): CaseResult {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      served: this.served,
      seconds,
      requestsPerSecond: this.served / seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      non2xx: this.non2xx,
      unexpected: this.unexpected,
      errors: this.errors,
      warmupServed: warmup.served,
      sent: warmup.sent + this.sent,
    };
  }
}

/** Nearest-rank percentile of ascending values; NaN when there are none. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
