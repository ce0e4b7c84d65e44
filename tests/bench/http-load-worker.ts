// The HTTP load generator's process (forked by http-load.ts): autocannon keeps `connections`
// keep-alive sockets busy against the server, which runs in the parent on the other core.
//
// Warm-up and measured window are one autocannon run over the same connections: a response counts
// as warm-up when its request was sent before the warm-up ended. Two runs (as this was until
// 30 November 2026) close the warm-up's sockets and open 50 new ones at the start of the window, and
// a saturated Node server accepts one new connection per turn of its event loop (libuv since 1.45,
// Node 20): the window's first 50 requests then waited for up to 50 turns before being read, and
// they were the whole p99 of an attributed order — 1.5–2.4 s where the keep-alive requests' p99 was
// ~230 ms (docs/benchmarks.md, "The order's latency tail").
import autocannon from 'autocannon';
import type { HttpLoadRequest, HttpLoadResponse } from './http-load.ts';
import { type CaseResult, ResponseTally } from './latency-stats.ts';
import { bodyFiller } from './request-spec.ts';

// Distinct from the in-process generator's source, since both write to the same database.
const fillBody = bodyFiller('HT');

const nowMs = () => performance.now();

function run({ baseUrl, spec, options }: HttpLoadRequest): Promise<CaseResult> {
  const warmup = new ResponseTally(spec.expectStatus);
  const measured = new ResponseTally(spec.expectStatus);
  const template = spec.body;
  const started = nowMs();
  const windowStart = started + options.warmupSeconds * 1000;
  return new Promise<CaseResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        pipelining: 1,
        duration: options.warmupSeconds + options.seconds,
        // autocannon stops at its next sample tick (1 s by default): tick often so a run lasts `seconds`.
        sampleInt: 100,
        timeout: 10,
        requests: [
          {
            method: spec.method,
            path: spec.path,
            headers: spec.headers,
            ...(template === undefined
              ? {}
              : { setupRequest: (request) => ({ ...request, body: fillBody(template) }) }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const stopped = nowMs();
        // Socket errors and timeouts of the whole run, warm-up included: none may hide.
        measured.errors += result.errors + result.timeouts;
        measured.sent = result.requests.sent;
        resolve(measured.result((stopped - windowStart) / 1000, warmup));
      },
    );
    instance.on('response', (_client, status, _bytes, latencyMs) => {
      const sentAt = nowMs() - latencyMs;
      (sentAt < windowStart ? warmup : measured).record(status, latencyMs);
    });
  });
}

process.on('message', (message: HttpLoadRequest) => {
  run(message).then(
    (result) => process.send!({ id: message.id, result } satisfies HttpLoadResponse),
    (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies HttpLoadResponse),
  );
});
