// Program theme → CSS custom properties. Written as a stylesheet rule, never a style attribute, so the
// widget works under `style-src 'self'`.
import type { ClientProgram } from '../../sdk/src/browser/types.ts';
import { DARK, LIGHT } from './styles.ts';

const DEFAULT_BRAND = '#4f46e5';

function channel(hex: string, at: number): number {
  const value = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Only `#rgb` / `#rrggbb` pass: the value lands in CSS text, so nothing else may get through. */
export function normalizeColor(value: unknown): string {
  if (typeof value !== 'string' || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) return DEFAULT_BRAND;
  return value.length === 4 ? `#${[...value.slice(1)].map((c) => c + c).join('')}` : value;
}

/** White or near-black text on the brand colour, whichever meets WCAG AA (4.5:1) better. */
export function textOn(brand: string): string {
  const l = luminance(brand);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111';
}

/** Accepts a partial theme (or none, before bootstrap answers): every field has a default. */
export function themeCss(theme: Partial<ClientProgram['theme']> | undefined): string {
  const brand = normalizeColor(theme?.brand_color);
  const radius = Number(theme?.radius);
  const px = Number.isFinite(radius) ? Math.min(Math.max(radius, 0), 32) : 12;
  // `auto` follows the visitor's system setting (the base stylesheet's media query); a merchant
  // may pin the palette instead.
  const scheme =
    theme?.color_scheme === 'dark' ? `;${DARK}` : theme?.color_scheme === 'light' ? `;${LIGHT}` : '';
  return `.fw{--fw-brand:${brand};--fw-on-brand:${textOn(brand)};--fw-radius:${px}px${scheme}}`;
}
