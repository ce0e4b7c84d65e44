// Disposable email domains from the maintained `disposable-email-domains` list (120k+ domains, plus
// wildcard parents). Loaded on first use, so start-up and requests without an email never pay for it.
let domains: Promise<{ exact: Set<string>; wildcard: Set<string> }> | undefined;

function load() {
  domains ??= Promise.all([
    import('disposable-email-domains/index.json', { with: { type: 'json' } }),
    import('disposable-email-domains/wildcard.json', { with: { type: 'json' } }),
  ]).then(([exact, wildcard]) => ({
    exact: new Set<string>(exact.default as string[]),
    wildcard: new Set<string>(wildcard.default as string[]),
  }));
  return domains;
}

export async function isDisposableEmail(email: string | null | undefined): Promise<boolean> {
  if (!email) return false;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const { exact, wildcard } = await load();
  if (exact.has(domain)) return true;
  // The domain and each parent of it, looked up: a few set lookups per order, where comparing the
  // domain with every wildcard parent was hundreds of string comparisons.
  for (let suffix = domain; ; ) {
    if (wildcard.has(suffix)) return true;
    const dot = suffix.indexOf('.');
    if (dot === -1) return false;
    suffix = suffix.slice(dot + 1);
  }
}
