import { describe, expect, it } from 'vitest';
import { isDisposableEmail } from '../../api/src/domain/disposable-email.ts';

// The wildcard list holds parents (10mail.org): the parent itself and every subdomain of it are
// disposable, a domain that merely ends with the same letters is not.
describe('isDisposableEmail', () => {
  it('knows listed domains, wildcard parents and their subdomains', async () => {
    expect(await isDisposableEmail('a@mailinator.com')).toBe(true);
    expect(await isDisposableEmail('a@10mail.org')).toBe(true);
    expect(await isDisposableEmail('a@Box.10Mail.org')).toBe(true);
    expect(await isDisposableEmail('a@deep.box.10mail.org')).toBe(true);
  });

  it('leaves ordinary domains and look-alikes alone', async () => {
    expect(await isDisposableEmail('a@example.com')).toBe(false);
    expect(await isDisposableEmail('a@not10mail.org')).toBe(false);
    expect(await isDisposableEmail('a@localhost')).toBe(false);
    expect(await isDisposableEmail(null)).toBe(false);
  });
});
