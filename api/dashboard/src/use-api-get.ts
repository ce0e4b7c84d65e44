// One GET per panel, refetched when its path or the dashboard-wide reload token changes. A late answer
// to a superseded request is dropped, so switching the period quickly never shows stale numbers.
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { callApi, messageOf } from './api.ts';

/** Bumped by the header's Refresh button; every panel reloads. */
export const reloadToken = signal(0);

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

export function useApiGet<T>(path: `/v1/${string}`): Loaded<T> {
  const reload = reloadToken.value;
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    callApi<T>('GET', path).then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) =>
        current && setState((previous) => ({ ...previous, error: messageOf(error), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [path, reload]);
  return state;
}
