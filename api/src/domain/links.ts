// Where shared links point: the program's landing page, else the shop's first allowed origin.
export function referralUrl(
  code: string,
  landing: { landing_url: string | null; allowed_origins: readonly string[]; fallback: string },
  channel?: string,
): string {
  const firstOrigin = landing.allowed_origins.find((o) => !o.endsWith('*'));
  const url = new URL(landing.landing_url ?? firstOrigin ?? landing.fallback);
  if (!landing.landing_url) url.pathname = '/';
  url.searchParams.set('ref', code);
  if (channel) url.searchParams.set('fw_ch', channel);
  return url.toString();
}
