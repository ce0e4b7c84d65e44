import { css } from './styles.ts';

/** Replaces the theme and UI rules of one shadow root. */
export type StyleSetter = (themeCss: string, uiCss: string) => void;

/**
 * Adopts the widget's stylesheets into a shadow root. Constructable sheets are CSSOM, which CSP's
 * `style-src` does not govern; the `<style>` fallback only serves browsers without them (Safari < 16.4).
 */
export function adoptStyles(root: ShadowRoot): StyleSetter {
  const doc = root.ownerDocument;
  const View = doc.defaultView as (Window & typeof globalThis) | null;
  if (View?.CSSStyleSheet && 'adoptedStyleSheets' in root) {
    const [base, ui, theme] = [0, 1, 2].map(() => new View.CSSStyleSheet()) as [
      CSSStyleSheet,
      CSSStyleSheet,
      CSSStyleSheet,
    ];
    base.replaceSync(css);
    root.adoptedStyleSheets = [base, ui, theme];
    return (themeCss, uiCss) => {
      ui.replaceSync(uiCss);
      theme.replaceSync(themeCss);
    };
  }
  const style = doc.createElement('style');
  root.appendChild(style);
  return (themeCss, uiCss) => {
    style.textContent = css + uiCss + themeCss;
  };
}
