// What the loader hands to widget.js. It rides on the `flywheel` stub (`flywheel.c`) because the widget
// may not put anything else on `window`.

export interface LoaderConfig {
  /** Publishable key, `pk_…`. */
  key: string;
  /** API origin: the loader's own origin unless `data-api` says otherwise. */
  api: string;
  /** Directory the loader was served from; widget.js and its chunks sit next to it. */
  base: string;
  locale?: string;
  position?: string;
  consent?: string;
  launcher?: string;
  identity?: { id: string; email?: string; name?: string; signature: string };
}

/** The queue stub the snippet (or the loader) installs, plus what the loader adds to it. */
export interface FlywheelStub {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  /** Set once a loader ran: a second include is a no-op. */
  l?: 1;
  c?: LoaderConfig;
}
