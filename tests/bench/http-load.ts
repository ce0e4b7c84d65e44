// Real-HTTP load: one forked load-generator process (http-load-worker.ts) for the whole run, so
// that on a small machine the generator and the server each get a core instead of sharing a loop.
import { type ChildProcess, fork } from 'node:child_process';
import type { CaseResult } from './latency-stats.ts';
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
  const child: ChildProcess = fork(new URL('./http-load-worker.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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
