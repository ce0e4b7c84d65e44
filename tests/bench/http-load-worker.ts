// The HTTP load generator's process (forked by http-load.ts): autocannon keeps `connections`
// keep-alive sockets busy against the server, which runs in the parent on the other core.
import autocannon from 'autocannon';
import type { HttpLoadRequest, HttpLoadResponse } from './http-load.ts';
import { type CaseResult, ResponseTally } from './latency-stats.ts';
import { bodyFiller, type RequestSpec } from './request-spec.ts';

// Distinct from the in-process generator's source, since both write to the same database.
const fillBody = bodyFiller('HT');

function phase(baseUrl: string, spec: RequestSpec, connections: number, seconds: number) {
  const tally = new ResponseTally(spec.expectStatus);
  const template = spec.body;
  return new Promise<{ tally: ResponseTally; seconds: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        pipelining: 1,
        duration: seconds,
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
        tally.errors += result.errors + result.timeouts;
        tally.sent = result.requests.sent;
        resolve({ tally, seconds: result.duration });
      },
    );
    instance.on('response', (_client, status, _bytes, latencyMs) => tally.record(status, latencyMs));
  });
}

async function run({ baseUrl, spec, options }: HttpLoadRequest): Promise<CaseResult> {
  const warmup = await phase(baseUrl, spec, options.connections, options.warmupSeconds);
  const measured = await phase(baseUrl, spec, options.connections, options.seconds);
  return measured.tally.result(measured.seconds, warmup.tally);
}

process.on('message', (message: HttpLoadRequest) => {
  run(message).then(
    (result) => process.send!({ id: message.id, result } satisfies HttpLoadResponse),
    (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies HttpLoadResponse),
  );
});
