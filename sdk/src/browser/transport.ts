// Every client call is a CORS "simple request": POST, `Content-Type: text/plain`, the publishable key in
// the URL and the session in the body. The browser then skips the preflight, saving a round trip on
// every shop page (docs/client-contract.md).

/**
 * An error answered by the API (`{error: {type, code, message, param?}}`) or a network failure
 * (status 0, type `network`).
 * @example
 * try {
 *   await fw.claimOffer(email);
 * } catch (error) {
 *   if (error instanceof FlywheelError && error.status === 409) showMessage('For new customers only');
 *   else throw error;
 * }
 */
export class FlywheelError extends Error {
  // `declare` keeps these out of the emitted class fields: the constructor assigns them anyway.
  declare readonly status: number;
  declare readonly type: string;
  declare readonly code: string;
  declare readonly param: string | undefined;

  constructor(status: number, type: string, code: string, message: string, param?: string) {
    super(message);
    this.name = 'FlywheelError';
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }
}

export interface Transport {
  post<T>(path: string, body: Record<string, unknown>, options?: { keepalive?: boolean }): Promise<T>;
}

/**
 * Posts JSON to the client routes as CORS simple requests and turns error answers into
 * `FlywheelError`s.
 * @example
 * const transport = createTransport('https://flywheel.example.com', 'pk_live_…', fetch);
 * const state = await transport.post<ClientState>('/v1/client/bootstrap', { url: location.href });
 */
export function createTransport(apiUrl: string, publishableKey: string, fetcher: typeof fetch): Transport {
  const base = apiUrl.replace(/\/+$/, '');
  return {
    async post<T>(path: string, body: Record<string, unknown>, options: { keepalive?: boolean } = {}) {
      let response: Response;
      try {
        response = await fetcher(`${base}${path}?key=${encodeURIComponent(publishableKey)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: JSON.stringify(body),
          // Shop cookies are none of our business; omitting them also keeps the request simple.
          credentials: 'omit',
          keepalive: options.keepalive === true,
        });
      } catch (cause) {
        throw new FlywheelError(0, 'network', 'network_error', String(cause));
      }
      const data = (await response.json().catch(() => null)) as
        | (T & { error?: { type?: string; code?: string; message?: string; param?: string } })
        | null;
      if (!response.ok) {
        const error = data?.error ?? {};
        throw new FlywheelError(
          response.status,
          error.type ?? 'internal',
          error.code ?? 'http_error',
          error.message ?? `HTTP ${response.status}`,
          error.param,
        );
      }
      return data as T;
    },
  };
}
