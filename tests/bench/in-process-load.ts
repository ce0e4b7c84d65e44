// Load through `app.request()`: the same routes without sockets or HTTP parsing, `connections`
// requests in flight at once on this process's event loop.
import { type CaseResult, ResponseTally } from './latency-stats.ts';
import { bodyFiller, type LoadOptions, type RequestSpec } from './request-spec.ts';

export interface InProcessApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

// Distinct from the HTTP load generator's source, since both write to the same database.
const fillBody = bodyFiller('IP');

export async function loadInProcess(
  app: InProcessApp,
  spec: RequestSpec,
  options: LoadOptions,
): Promise<CaseResult> {
  // No socket here, so the API could not read a client address (getConnInfo); a proxy header stands in.
  const headers = { 'X-Forwarded-For': '127.0.0.1', ...spec.headers };
  const warmup = await phase(app, spec, headers, options.connections, options.warmupSeconds);
  const measured = await phase(app, spec, headers, options.connections, options.seconds);
  return measured.tally.result(measured.seconds, warmup.tally);
}

async function phase(
  app: InProcessApp,
  spec: RequestSpec,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
) {
  const tally = new ResponseTally(spec.expectStatus);
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const init: RequestInit = { method: spec.method, headers };
      if (spec.body !== undefined) init.body = fillBody(spec.body);
      const startedAt = performance.now();
      tally.sent++;
      try {
        const res = await app.request(spec.path, init);
        await res.arrayBuffer();
        tally.record(res.status, performance.now() - startedAt);
      } catch {
        tally.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return { tally, seconds: (performance.now() - start) / 1000 };
}
