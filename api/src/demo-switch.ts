// Whether `npm start` runs the demo merchant and the demo shop. The demo's sign-in signs an identity
// for any email it is given — by design, it has no accounts — so whoever can reach it can act as any
// shopper of the demo merchant. It runs where only this machine can reach it, unless asked for.

/** Hosts only this machine can connect to: `localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * `FLYWHEEL_DEMO=1` turns the demo on and `FLYWHEEL_DEMO=0` off; otherwise it runs only when the
 * server listens on loopback (`HOST`, default 127.0.0.1).
 */
export function demoFromEnv(env: Record<string, string | undefined>): boolean {
  if (env.FLYWHEEL_DEMO === '1') return true;
  if (env.FLYWHEEL_DEMO === '0') return false;
  return isLoopbackHost(env.HOST ?? '127.0.0.1');
}
