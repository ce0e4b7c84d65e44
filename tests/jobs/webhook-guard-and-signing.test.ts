// Pure parts of outbound webhooks: the private-address check, Standard Webhooks signing, the schedule.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress } from '../../api/src/domain/private-address.ts';
import {
  newWebhookSecret,
  signWebhook,
  webhookSignatureHeader,
} from '../../api/src/domain/webhook-signature.ts';
import { nextAttemptAt, RETRY_DELAYS_MS } from '../../api/src/jobs/webhook-schedule.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not-an-ip',
  ])('treats %s as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('treats %s as public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  it('refuses local names and private literals however they are spelled, unless allowed', () => {
    for (const url of [
      'http://localhost/',
      'http://LOCALHOST./',
      'http://0x7f.1/',
      'http://017700000001/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
    ]) {
      expect(checkWebhookUrl(url, false), url).toMatchObject({ ok: false, problem: 'private_address' });
      expect(checkWebhookUrl(url, true), url).toMatchObject({ ok: true });
    }
  });

  it('refuses other schemes and embedded credentials even when private addresses are allowed', () => {
    expect(checkWebhookUrl('file:///etc/passwd', true)).toMatchObject({
      ok: false,
      problem: 'unsupported_scheme',
    });
    expect(checkWebhookUrl('https://u:p@hooks.example.com/', true)).toMatchObject({
      ok: false,
      problem: 'credentials',
    });
  });
});

describe('Standard Webhooks signing', () => {
  it('produces signatures the standardwebhooks package accepts, one per secret', async () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const message = { id: 'evt_1', timestamp: 1_772_366_400, body: '{"id":"evt_1","type":"x","data":{}}' };
    const reference = new Webhook(a).sign(message.id, new Date(message.timestamp * 1000), message.body);
    expect(await signWebhook(a, message)).toBe(reference);
    const header = await webhookSignatureHeader([a, b], message);
    expect(header.split(' ')).toEqual([reference, await signWebhook(b, message)]);
  });
});

describe('retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, then stops', () => {
    const at = new Date('2026-03-01T00:00:00.000Z');
    const delays = Array.from({ length: 9 }, (_, i) => nextAttemptAt(i + 1, at)!.getTime() - at.getTime());
    expect(delays).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
    expect(nextAttemptAt(RETRY_DELAYS_MS.length, at)).toBeNull();
  });
});
