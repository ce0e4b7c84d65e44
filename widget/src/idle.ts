// Work the first paint does not need waits for a new task or an idle moment, so that no task of the
// widget runs long on the merchant's page: a task over 50 ms delays the shopper's taps and scrolls.

type IdleWindow = Window & {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
};

/** Runs `work` once the browser is idle (at the latest after `timeout` ms); a timer where there is no requestIdleCallback (Safari). */
export function whenIdle(win: Window, work: () => void, timeout = 3000): void {
  const idle = (win as IdleWindow).requestIdleCallback;
  if (idle) idle.call(win, work, { timeout });
  else win.setTimeout(work, 200);
}

/** Resolves in a later task, so the browser may paint and answer input in between. */
export function nextTask(win: Window): Promise<void> {
  return new Promise((resolve) => win.setTimeout(resolve));
}
