// A server under test in its own process on core 0: bare Hono, or Flywheel's real `npm start` entry
// (api/src/node.ts) of a checkout — this one, or another one given by BENCH_ROOT (for a "before").
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onCore } from './pinning.ts';

export interface BenchServer {
  url: string;
  output(): string;
  /**
   * CPU time the server process has used so far (user + system, all its threads), in ms; undefined
   * where /proc is missing. Unlike requests per second, CPU time per request barely moves when
   * other processes share the core: it is the figure to trust on a busy machine.
   */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (taskset execs the command, so the pid is the server's own). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export async function startServerProcess(
  script: string,
  options: {
    cwd: string;
    env?: Record<string, string>;
    waitFor?: RegExp;
    /** Pin the server to core 0 (the throughput protocol); default true. */
    pin?: boolean;
  },
): Promise<BenchServer> {
  const node: [string, string[]] = [process.execPath, ['--import', 'tsx', script]];
  const [command, args] = options.pin === false ? node : onCore(0, ...node);
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
        cpuMs: () => processCpuMs(child.pid),
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
