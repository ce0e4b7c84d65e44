import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { Flywheel, FlywheelWebhookError, type SignedHeaders } from '../../sdk/src/server.ts';

const secret = `whsec_${Buffer.from('flywheel-test-secret-32-bytes!!!').toString('base64')}`;
const otherSecret = `whsec_${Buffer.from('another-secret-also-32-bytes!!!!').toString('base64')}`;
const event = {
  id: 'evt_01JDTEST',
  type: 'reward.issued',
  created_at: '2026-03-01T12:00:00.000Z',
  data: { reward: 'rwd_1', customer: 'cus_1' },
};
const body = JSON.stringify(event);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlywheelWebhookError);
  return (error as FlywheelWebhookError).code;
};
const theirsAccepts = (payload: string, headers: SignedHeaders, key = secret) => {
  try {
    new Webhook(key).verify(payload, headers);
    return true;
  } catch {
    return false;
  }
};

describe('Flywheel.webhooks', () => {
  it('signs what the standardwebhooks package verifies', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_1', body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(event);
  });

  it('verifies what the standardwebhooks package signs and returns the typed event', async () => {
    const timestamp = new Date();
    const signature = new Webhook(secret).sign('msg_2', timestamp, body);
    const verified = await Flywheel.webhooks.verify(
      body,
      {
        'webhook-id': 'msg_2',
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      secret,
    );
    expect(verified).toEqual(event);
  });

  it('accepts fetch Headers, Node header objects and byte bodies alike', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_3', body });
    const bytes = new TextEncoder().encode(body);
    await expect(Flywheel.webhooks.verify(body, new Headers({ ...headers }), secret)).resolves.toEqual(event);
    await expect(Flywheel.webhooks.verify(bytes, { ...headers }, secret)).resolves.toEqual(event);
    await expect(Flywheel.webhooks.verify(bytes.buffer, { ...headers }, secret)).resolves.toEqual(event);
    const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(Flywheel.webhooks.verify(body, shouting, secret)).resolves.toEqual(event);
  });

  it('accepts a secret without the whsec_ prefix', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_4', body });
    await expect(Flywheel.webhooks.verify(body, headers, secret.slice('whsec_'.length))).resolves.toEqual(
      event,
    );
  });

  it('accepts a header with several signatures when one of them matches (secret rotation)', async () => {
    const current = await Flywheel.webhooks.sign({ secret, id: 'msg_5', body });
    const previous = await Flywheel.webhooks.sign({
      secret: otherSecret,
      id: 'msg_5',
      body,
      timestamp: new Date(Number(current['webhook-timestamp']) * 1000),
    });
    const both = {
      ...current,
      'webhook-signature': `${previous['webhook-signature']} ${current['webhook-signature']}`,
    };
    await expect(Flywheel.webhooks.verify(body, both, secret)).resolves.toEqual(event);
    await expect(Flywheel.webhooks.verify(body, both, otherSecret)).resolves.toEqual(event);
    expect(theirsAccepts(body, both)).toBe(true);
  });

  it('ignores signatures of a version other than v1', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_6', body });
    const v2 = { ...headers, 'webhook-signature': headers['webhook-signature'].replace(/^v1,/, 'v2,') };
    expect(await refusal(Flywheel.webhooks.verify(body, v2, secret))).toBe('invalid_signature');
    expect(theirsAccepts(body, v2)).toBe(false);
  });

  it('accepts a webhook 4 minutes old', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_7', body, timestamp: minutesAgo(4) });
    await expect(Flywheel.webhooks.verify(body, headers, secret)).resolves.toEqual(event);
  });

  describe('refuses, as standardwebhooks does,', () => {
    it('a tampered body', async () => {
      const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_8', body });
      const tampered = body.replace('rwd_1', 'rwd_2');
      expect(await refusal(Flywheel.webhooks.verify(tampered, headers, secret))).toBe('invalid_signature');
      expect(theirsAccepts(tampered, headers)).toBe(false);
    });

    it('a changed webhook-id', async () => {
      const headers = {
        ...(await Flywheel.webhooks.sign({ secret, id: 'msg_9', body })),
        'webhook-id': 'msg_x',
      };
      expect(await refusal(Flywheel.webhooks.verify(body, headers, secret))).toBe('invalid_signature');
      expect(theirsAccepts(body, headers)).toBe(false);
    });

    it('a timestamp older than 5 minutes, even correctly signed', async () => {
      const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_10', body, timestamp: minutesAgo(6) });
      expect(await refusal(Flywheel.webhooks.verify(body, headers, secret))).toBe('timestamp_too_old');
      expect(theirsAccepts(body, headers)).toBe(false);
    });

    it('a timestamp more than 5 minutes in the future', async () => {
      const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_11', body, timestamp: minutesAgo(-6) });
      expect(await refusal(Flywheel.webhooks.verify(body, headers, secret))).toBe('timestamp_too_new');
      expect(theirsAccepts(body, headers)).toBe(false);
    });

    it('a signature made with another secret', async () => {
      const headers = await Flywheel.webhooks.sign({ secret: otherSecret, id: 'msg_12', body });
      expect(await refusal(Flywheel.webhooks.verify(body, headers, secret))).toBe('invalid_signature');
      expect(theirsAccepts(body, headers)).toBe(false);
    });

    it('a retimed signature (the timestamp is signed too)', async () => {
      const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_13', body, timestamp: minutesAgo(1) });
      const retimed = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 30) };
      expect(await refusal(Flywheel.webhooks.verify(body, retimed, secret))).toBe('invalid_signature');
      expect(theirsAccepts(body, retimed)).toBe(false);
    });
  });

  it('refuses a webhook without its headers', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_14', body });
    const { 'webhook-signature': _dropped, ...partial } = headers;
    expect(await refusal(Flywheel.webhooks.verify(body, partial, secret))).toBe('missing_header');
    expect(await refusal(Flywheel.webhooks.verify(body, new Headers(), secret))).toBe('missing_header');
  });

  it('refuses a timestamp that is not Unix seconds', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_15', body });
    const iso = { ...headers, 'webhook-timestamp': new Date().toISOString() };
    expect(await refusal(Flywheel.webhooks.verify(body, iso, secret))).toBe('invalid_timestamp');
  });

  it('refuses a secret that is not base64', async () => {
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_16', body });
    expect(await refusal(Flywheel.webhooks.verify(body, headers, 'whsec_'))).toBe('invalid_secret');
    expect(await refusal(Flywheel.webhooks.verify(body, headers, 'whsec_not base64!'))).toBe(
      'invalid_secret',
    );
  });

  it('refuses a correctly signed body that is not a Flywheel event', async () => {
    for (const payload of ['not json', '{"hello":"world"}', 'null']) {
      const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_17', body: payload });
      expect(await refusal(Flywheel.webhooks.verify(payload, headers, secret))).toBe('invalid_payload');
    }
  });

  it('honours a custom tolerance and clock', async () => {
    const sent = new Date('2026-03-01T12:00:00Z');
    const headers = await Flywheel.webhooks.sign({ secret, id: 'msg_18', body, timestamp: sent });
    const later = new Date('2026-03-01T12:00:45Z');
    await expect(Flywheel.webhooks.verify(body, headers, secret, { now: later })).resolves.toEqual(event);
    const strict = { now: later, toleranceSeconds: 30 };
    expect(await refusal(Flywheel.webhooks.verify(body, headers, secret, strict))).toBe('timestamp_too_old');
  });
});
