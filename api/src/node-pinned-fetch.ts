// Node-only: the fetch every outbound call to a merchant-configured address uses (webhook deliveries,
// Shopify coupon sync). It checks the address each connection actually goes to,
// at connect time, so a name that resolved to a public address when the URL was checked cannot be
// re-pointed at 127.0.0.1 or a metadata address in between (DNS rebinding). Plain fetch resolves the
// name again on its own and cannot be asked which address it used. It never follows a redirect,
// whatever `init.redirect` says: a 3xx comes back as the answer, for the caller to refuse.
import {
  lookup as dnsLookup,
  type LookupAddress,
  type LookupAllOptions,
  type LookupOneOptions,
} from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isPrivateAddress } from './domain/private-address.ts';

type Lookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const defaultLookup: Lookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** The `lookup` node:http calls for every connection, refusing private addresses unless allowed. */
function guardedLookup(resolve: Lookup, allowPrivate: boolean) {
  return (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        const reason = refused ? `resolves to a private address (${refused.address})` : 'has no address';
        return callback(Object.assign(new Error(`${hostname} ${reason}`), { code: 'EPRIVATEADDRESS' }), '');
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first!.address, first!.family);
    });
  };
}

const NO_BODY = new Set([204, 205, 304]);

export function createPinnedFetch(options: { allowPrivate: boolean; lookup?: Lookup }): typeof fetch {
  const lookup = guardedLookup(options.lookup ?? defaultLookup, options.allowPrivate);
  // Own connection pools: a kept-alive socket opened under another policy (or by anyone else through
  // the global agent) would skip the lookup, and with it the check.
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const secure = url.protocol === 'https:';
      const transport = secure ? https : http;
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const request = transport.request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          lookup,
          agent: secure ? agents.https : agents.http,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 502;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined)
                responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            resolve(
              new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), {
                status,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      request.on('error', reject);
      if (typeof init.body === 'string') request.write(init.body);
      request.end();
    })) as typeof fetch;
}
