import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../../widget/src/i18n/catalog.ts';
import { en } from '../../widget/src/i18n/en.ts';
import { directionOf, fill, mergeMessages, resolveLocale } from '../../widget/src/i18n/locale.ts';
import type { FlywheelStub } from '../../widget/src/loader-config.ts';
import { normalizeColor, textOn, themeCss } from '../../widget/src/theme.ts';

const win = window as Window & { flywheel?: FlywheelStub };

describe('loader', () => {
  afterEach(() => {
    document.head.innerHTML = '';
    delete win.flywheel;
    vi.resetModules();
  });

  function addScriptTag() {
    const script = document.createElement('script');
    script.setAttribute('src', 'https://fly.example/widget/loader.js');
    Object.assign(script.dataset, {
      key: 'pk_live_1',
      locale: 'zh-CN',
      consent: 'required',
      customerId: 'u_42',
      customerEmail: 'ann@example.com',
      signature: 'f00d',
    });
    document.head.appendChild(script);
  }

  it('reads its data-* attributes, keeps earlier calls queued and injects widget.js next to itself', async () => {
    addScriptTag();
    win.flywheel = ((...args: unknown[]) => {
      const stub = win.flywheel!;
      stub.q = stub.q ?? [];
      stub.q.push(args);
    }) as FlywheelStub;
    win.flywheel('open');
    await import('../../widget/src/loader.ts');
    expect(win.flywheel.q).toHaveLength(1);
    expect(win.flywheel.c).toEqual({
      key: 'pk_live_1',
      api: 'https://fly.example',
      base: 'https://fly.example/widget/',
      locale: 'zh-CN',
      consent: 'required',
      identity: { id: 'u_42', email: 'ann@example.com', signature: 'f00d' },
    });
    const injected = [...document.querySelectorAll('script')].map((s) => s.getAttribute('src'));
    expect(injected).toEqual([
      'https://fly.example/widget/loader.js',
      'https://fly.example/widget/widget.js',
    ]);
  });

  it('does nothing when included a second time', async () => {
    addScriptTag();
    await import('../../widget/src/loader.ts');
    vi.resetModules();
    await import('../../widget/src/loader.ts');
    expect(document.querySelectorAll('script[src$="widget.js"]')).toHaveLength(1);
  });
});

describe('locales', () => {
  it('resolves data-locale, then <html lang>, then the browser, falling back to English', () => {
    expect(resolveLocale('fr', 'de', 'ja')).toBe('fr');
    expect(resolveLocale(undefined, 'zh-Hans-CN', 'ja')).toBe('zh-CN');
    expect(resolveLocale('', '', 'es-MX')).toBe('es');
    expect(resolveLocale('pt-BR', null, 'ko')).toBe('en');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('zh-CN')).toBe('ltr');
  });

  it('has every English text translated, non-empty, with the same placeholders, in each catalog', () => {
    // `{points}` and `{points, plural, …}` both name the value `points`.
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(catalog[key], `${locale}.${key}`).toBeTruthy();
        expect(placeholders(catalog[key]), `${locale}.${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('only uses plural forms the language has, always with an `other` form', () => {
    for (const [locale, catalog] of Object.entries({ en, ...catalogs })) {
      const known = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
      for (const [key, text] of Object.entries(catalog)) {
        for (const [, branches = ''] of text.matchAll(/\{\w+, ?plural,((?:[^{}]|\{[^{}]*\})*)\}/g)) {
          const forms = [...branches.matchAll(/(=?\w+) ?\{/g)].map((m) => m[1] as string);
          expect(forms, `${locale}.${key}`).toContain('other');
          for (const form of forms.filter((f) => !f.startsWith('=')))
            expect(known, `${locale}.${key}`).toContain(form);
        }
      }
    }
  });

  it('says "1 point" but "100 points", in each language\'s own plural forms and number format', () => {
    const points = (locale: string, count: number) =>
      fill({ en, ...catalogs }[locale]?.points ?? '', { points: count }, locale);
    expect([0, 1, 2, 100, 1500].map((n) => points('en', n))).toEqual([
      '0 points',
      '1 point',
      '2 points',
      '100 points',
      '1,500 points',
    ]);
    expect([1, 2].map((n) => points('de', n))).toEqual(['1 Punkt', '2 Punkte']);
    // French counts 0 and 1 as singular.
    expect([0, 1, 2].map((n) => points('fr', n))).toEqual(['0 point', '1 point', '2 points']);
    // Arabic digits or Latin ones depend on the ICU version; the forms do not.
    const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect([1, 2, 3, 11, 100].map((n) => points('ar', n))).toEqual([
      'نقطة واحدة',
      'نقطتان',
      `${ar(3)} نقاط`,
      `${ar(11)} نقطة`,
      `${ar(100)} نقطة`,
    ]);
    expect(points('ja', 1)).toBe('1ポイント');
    expect(fill(catalogs.es?.tier_next ?? '', { points: 1, tier: 'Oro' }, 'es')).toBe(
      'Te falta 1 punto para Oro',
    );
  });

  it('lets an exact `=N` form win, and leaves unknown placeholders and plain texts alone', () => {
    const text = '{n, plural, =0 {no friends yet} one {# friend} other {# friends}}';
    expect([0, 1, 7].map((n) => fill(text, { n }))).toEqual(['no friends yet', '1 friend', '7 friends']);
    expect(fill('{points} pts for {who}', { points: 1200 }, 'de')).toBe('1.200 pts for {who}');
    expect(fill('Give {friend}', { friend: '<b>15%</b>' })).toBe('Give <b>15%</b>');
  });

  it("lets the merchant's texts override defaults but not add unknown keys", () => {
    const merged = mergeMessages(en, catalogs.de, { launcher: 'Belohnungen', bogus: 'x', title: 42 });
    expect(merged.launcher).toBe('Belohnungen');
    expect(merged.title).toBe(catalogs.de?.title);
    expect('bogus' in merged).toBe(false);
  });
});

describe('theme', () => {
  it('only lets hex colours into the stylesheet and picks readable text on the brand colour', () => {
    expect(normalizeColor('red;}body{display:none')).toBe('#4f46e5');
    expect(normalizeColor('#0af')).toBe('#00aaff');
    expect(textOn('#4f46e5')).toBe('#ffffff');
    expect(textOn('#facc15')).toBe('#111111');
    expect(themeCss({ brand_color: '#facc15', radius: 99 })).toBe(
      '.fw{--fw-brand:#facc15;--fw-on-brand:#111111;--fw-radius:32px}',
    );
  });

  it("pins the dark or light palette when the merchant's theme says so, and follows the system on auto", () => {
    expect(themeCss({ color_scheme: 'dark' })).toContain('--fw-bg:#111827');
    expect(themeCss({ color_scheme: 'light' })).toContain('--fw-bg:#fff');
    expect(themeCss({ color_scheme: 'auto' })).not.toContain('--fw-bg');
  });
});
