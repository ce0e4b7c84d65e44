// Real-HTTP load: one load-generator process (http-load-worker.ts) for the whole run, pinned to core 1
// while the server under test has core 0 (see pinning.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './latency-stats.ts';
import { onCore } from './pinning.ts';
import type { LoadOptions, RequestSpec } from './request-spec.ts';

export interface HttpLoadRequest {
  id: number;
  baseUrl: string;
  spec: RequestSpec;
  options: LoadOptions;
}

export type HttpLoadResponse = { id: number; result: CaseResult } | { id: number; error: string };

export interface HttpLoadGenerator {
  load(baseUrl: string, spec: RequestSpec, options: LoadOptions): Promise<CaseResult>;
  close(): void;
}

export function startHttpLoadGenerator(): HttpLoadGenerator {
  const worker = fileURLToPath(new URL('./http-load-worker.ts', import.meta.url));
  // taskset execs node in its own place, so the IPC channel passes through to the worker.
  const [command, args] = onCore(1, process.execPath, ['--import', 'tsx', worker]);
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(r: CaseResult): void; reject(e: Error): void }>();
  let nextId = 0;
  child.on('message', (message: HttpLoadResponse) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) waiter?.reject(new Error(`load generator: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load generator exited (${code})`));
    pending.clear();
  });
  return {
    load: (baseUrl, spec, options) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, baseUrl, spec, options } satisfies HttpLoadRequest);
      }),
    close: () => {
      child.disconnect();
    },
  };
}
