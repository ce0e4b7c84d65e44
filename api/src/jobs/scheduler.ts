// Runs the background jobs on an interval inside one process. Each pass is awaited before the next is
// scheduled, so a slow pass never overlaps itself.
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export function startJobs(
  jobs: ScheduledJob[],
  onError: (job: string, error: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<unknown>>();
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const pass = job
        .run()
        .catch((error: unknown) => onError(job.name, error))
        .finally(() => {
          running.delete(pass);
          if (!stopped) timers.add(setTimeout(tick, job.everyMs));
        });
      running.add(pass);
    };
    timers.add(setTimeout(tick, job.everyMs));
  }
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    await Promise.allSettled([...running]);
  };
}
