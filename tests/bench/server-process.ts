// A server under test in its own process on core 0: bare Hono, or Flywheel's real `npm start` entry
// (api/src/node.ts) of a checkout — this one, or another one given by BENCH_ROOT (for a "before").
import { type ChildProcess, spawn } from 'node:child_process';
import { onCore } from './pinning.ts';

export interface BenchServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServerProcess(
  script: string,
  options: { cwd: string; env?: Record<string, string>; waitFor?: RegExp },
): Promise<BenchServer> {
  const [command, args] = onCore(0, process.execPath, ['--import', 'tsx', script]);
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept until the server says where it runs (then dropped: a long run must not grow it).
  let output = '';
  let started = false;
  const keep = (chunk: Buffer) => {
    if (!started || output.length < 64_000) output += chunk;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const running = /running at (http:\/\/\S+)/.exec(output);
    if (running?.[1] && (!options.waitFor || options.waitFor.test(output))) {
      started = true;
      return {
        url: running[1],
        output: () => output,
        stop: async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
