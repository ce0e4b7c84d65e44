// The pinned protocol: the server under test on core 0, the load generator on core 1, so neither
// starves the other and the baseline and Flywheel get the same single core.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export type Core = 0 | 1;

const tasksetWorks = (() => {
  if (cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const pinned = tasksetWorks;

/** The command line that runs `args` (node and its arguments) on `core`, when pinning works. */
export function onCore(core: Core, command: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

export function pinningLine(): string {
  return pinned
    ? 'Pinned: server (bare Hono, then Flywheel) on core 0 with `taskset -c 0`, load generator on core 1.'
    : 'NOT pinned (taskset missing or fewer than 2 cores): server and load generator share the cores.';
}
