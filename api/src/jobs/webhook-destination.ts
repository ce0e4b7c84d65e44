// Where a webhook may be sent. Checked when an endpoint is created and again before every delivery,
// because a name that resolved to a public address yesterday can resolve to 169.254.169.254 today
// (DNS rebinding).
import { checkWebhookUrl, isPrivateAddress } from '../domain/private-address.ts';

/**
 * Resolves a host name to its addresses. Injected: Node uses `node:dns` (set up in api/src/node.ts);
 * edge runtimes have no resolver, and then only literal IPs and local names are judged.
 */
export type HostResolver = (hostname: string) => Promise<string[]>;

export type DestinationVerdict = { ok: true; url: URL } | { ok: false; message: string; code: string };

const MESSAGES = {
  invalid_url: 'must be an absolute http(s) URL',
  unsupported_scheme: 'must use https or http',
  credentials: 'must not contain a username or password',
  private_address:
    'points to a loopback, private, link-local or metadata address, which webhooks may not reach ' +
    '(set FLYWHEEL_ALLOW_PRIVATE_WEBHOOKS=1 to allow it on a private deployment)',
} as const;

export async function checkDestination(
  value: string,
  options: {
    allowPrivate: boolean;
    resolveHost?: HostResolver | undefined;
    onResolveError: 'allow' | 'refuse';
  },
): Promise<DestinationVerdict> {
  const verdict = checkWebhookUrl(value, options.allowPrivate);
  if (!verdict.ok) {
    const code = verdict.problem === 'private_address' ? 'url_not_allowed' : 'parameter_invalid';
    return { ok: false, code, message: MESSAGES[verdict.problem] };
  }
  if (options.allowPrivate || verdict.literal || !options.resolveHost) return { ok: true, url: verdict.url };
  let addresses: string[];
  try {
    addresses = await options.resolveHost(verdict.url.hostname);
  } catch (error) {
    if (options.onResolveError === 'allow') return { ok: true, url: verdict.url };
    return { ok: false, code: 'dns_failed', message: `could not be resolved (${describe(error)})` };
  }
  if (addresses.some(isPrivateAddress)) {
    return {
      ok: false,
      code: 'url_not_allowed',
      message: `resolves to a private address: ${MESSAGES.private_address}`,
    };
  }
  return { ok: true, url: verdict.url };
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.message : String(error);
}
