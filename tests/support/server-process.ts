// The real `npm start` entry (api/src/node.ts) in its own process, for tests that kill or stop it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  secretKey: string;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts the server on a free port over `databaseUrl` (a PostgreSQL URL with `schema` becomes a
 * search_path option), with the demo merchant, and waits until it prints where it runs.
 */
export async function startServerProcess(
  databaseUrl: string,
  options: { schema?: string | undefined; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  let url = databaseUrl;
  if (options.schema)
    url += `${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${options.schema}`)}`;
  // node itself, not a tsx wrapper: a signal must reach the server, not a parent that forwards it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/node.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATABASE_URL: url, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const running = /running at (http:\/\/\S+)/.exec(output);
    const secret = /Demo secret key\s+(\S+)/.exec(output);
    if (running?.[1] && secret?.[1]) {
      return { url: running[1], secretKey: secret[1], child, output: () => output, exited };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
