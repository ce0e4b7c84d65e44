import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../api/src/crypto.ts';
import { verifyIdentity, verifyIdentitySignature } from '../../api/src/domain/identity.ts';
import { Flywheel, signIdentity } from '../../sdk/src/server.ts';
import { type LiveApi, startLiveApi } from './support/live-api.ts';

// Shaped like a real key: `sk_` and 64 characters, longer than HMAC's 64-byte block.
const secretKey = `sk_${'k7Q2'.repeat(16)}`;
const fw = new Flywheel({ secretKey, baseUrl: 'http://127.0.0.1:1' });

describe('fw.identity.sign', () => {
  it('produces the signature the API accepts for that customer, knowing only the key hash', async () => {
    const signature = await fw.identity.sign('u_42');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyIdentitySignature('u_42', signature, [await sha256Hex(secretKey)])).toBe(true);
  });

  it('produces a signature the API refuses for any other customer or key', async () => {
    const signature = await fw.identity.sign('u_42');
    expect(await verifyIdentitySignature('u_43', signature, [await sha256Hex(secretKey)])).toBe(false);
    const otherKey = `sk_${'x'.repeat(64)}`;
    expect(await verifyIdentitySignature('u_42', signature, [await sha256Hex(otherKey)])).toBe(false);
  });

  it('vouches for the email and name it covers, and for nothing it does not', async () => {
    const hashes = [await sha256Hex(secretKey)];
    const profile = { email: 'ann@example.com', name: 'Ann' };
    const signature = await fw.identity.sign('u_42', profile);
    expect(await verifyIdentity({ external_id: 'u_42', ...profile, signature }, hashes)).toEqual({
      externalId: 'u_42',
      profile,
    });
    expect(
      await verifyIdentity({ external_id: 'u_42', ...profile, name: 'Mallory', signature }, hashes),
    ).toBeNull();
    const idOnly = await fw.identity.sign('u_42');
    expect(await verifyIdentity({ external_id: 'u_42', ...profile, signature: idOnly }, hashes)).toEqual({
      externalId: 'u_42',
      profile: null,
    });
  });

  it('is HMAC-SHA256 as documented (RFC 4231 test case 2)', async () => {
    // Key "Jefe", data "what do ya want for nothing?": the published digest.
    expect(await signIdentity('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('a signed identity in the widget bootstrap', () => {
  let api: LiveApi;
  beforeAll(async () => {
    api = await startLiveApi();
    await api.client().customers.upsert({ external_id: 'u_widget', email: 'w@example.com' });
  });
  afterAll(() => api.close());

  const bootstrap = (identity: { external_id: string; signature: string }) =>
    fetch(`${api.url}/v1/client/bootstrap?key=${api.publishableKey}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ identity }),
    });

  it('identifies the shopper when signed with fw.identity.sign', async () => {
    const signature = await api.client().identity.sign('u_widget');
    const response = await bootstrap({ external_id: 'u_widget', signature });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { customer: { email: string } | null; session?: string };
    expect(body.customer).toMatchObject({ email: 'w@example.com' });
    expect(body.session).toEqual(expect.any(String));
  });

  it("is refused with another customer's signature", async () => {
    const signature = await api.client().identity.sign('u_someone_else');
    const response = await bootstrap({ external_id: 'u_widget', signature });
    expect(response.status).toBe(401);
  });
});
