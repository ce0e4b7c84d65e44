// A short-lived per-process cache of key → merchant and merchant → program: the two hot
// paths read both on every request. Entries live a few seconds, so another process's change shows
// up quickly; this process's own program updates invalidate at once.
import type { ProgramConfig } from '../schemas/program.ts';
import type { AuthedMerchant } from './merchants.ts';

const TTL_MS = 5_000;

interface Entry<T> {
  value: T;
  expires: number;
}

export interface MerchantCache {
  getMerchant(token: string): AuthedMerchant | undefined;
  setMerchant(token: string, merchant: AuthedMerchant): void;
  getProgram(merchantId: string): ProgramConfig | undefined;
  setProgram(merchantId: string, program: ProgramConfig): void;
  invalidateProgram(merchantId: string): void;
  /** A derived figure worth reusing for `ttlMs` (e.g. a merchant's top-decile spend). */
  remember<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /** Drops a remembered figure this process has just changed (e.g. the running experiment). */
  forget(key: string): void;
}

export function createMerchantCache(now: () => number = Date.now): MerchantCache {
  const merchants = new Map<string, Entry<AuthedMerchant>>();
  const programs = new Map<string, Entry<ProgramConfig>>();
  const figures = new Map<string, Entry<Promise<unknown>>>();
  const read = <T>(map: Map<string, Entry<T>>, key: string) => {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expires < now()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  };
  return {
    getMerchant: (token) => read(merchants, token),
    setMerchant: (token, value) => merchants.set(token, { value, expires: now() + TTL_MS }),
    getProgram: (id) => read(programs, id),
    setProgram: (id, value) => programs.set(id, { value, expires: now() + TTL_MS }),
    invalidateProgram: (id) => programs.delete(id),
    remember<T>(key: string, ttlMs: number, load: () => Promise<T>) {
      const hit = figures.get(key);
      if (hit && hit.expires >= now()) return hit.value as Promise<T>;
      if (figures.size > 10_000) figures.clear();
      const value = load();
      figures.set(key, { value, expires: now() + ttlMs });
      value.catch(() => figures.delete(key));
      return value;
    },
    forget: (key) => figures.delete(key),
  };
}
