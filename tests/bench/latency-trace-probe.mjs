// Loaded into the server under test by latency-trace.ts (NODE_OPTIONS=--import): for each request
// that carries an `x-trace-id` header, when the server parsed it and when its answer was finished,
// on the monotonic clock the load generator reads too; and the event loop's stalls and GC pauses.
// Writes them as JSON to LATENCY_TRACE_OUT when the process exits. Nothing here changes behaviour.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const requests = [];
const connections = [];
const gcs = [];
const stalls = [];

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function traced(event, ...args) {
  if (event === 'connection') connections.push(now());
  if (event === 'request') {
    const [req, res] = args;
    const id = req.headers['x-trace-id'];
    if (id !== undefined) {
      const entry = { id: Number(id), parsed: now(), finished: 0 };
      requests.push(entry);
      res.once('finish', () => {
        entry.finished = now();
      });
    }
  }
  return emit.call(this, event, ...args);
};

new PerformanceObserver((list) => {
  const offset = now() - performance.now();
  for (const e of list.getEntries()) gcs.push({ at: e.startTime + offset, ms: e.duration });
}).observe({ entryTypes: ['gc'] });

// A 1 ms timer: a turn of the loop that kept it from firing for over 20 ms is a stall.
let last = now();
setInterval(() => {
  const t = now();
  if (t - last > 20) stalls.push({ at: last, ms: t - last });
  last = t;
}, 1).unref();

process.on('exit', () => {
  const out = process.env.LATENCY_TRACE_OUT;
  if (out) writeFileSync(out, JSON.stringify({ requests, connections, gcs, stalls }));
});
