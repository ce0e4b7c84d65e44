// Node-only: every address a name resolves to, for the webhook forgery guard (jobs/webhook-destination.ts).
import { lookup } from 'node:dns/promises';
import type { HostResolver } from './jobs/webhook-destination.ts';

export const resolveHostWithDns: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((r) => r.address);
