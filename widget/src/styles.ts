// The widget's stylesheet. ':host' declarations are !important because, against the host page's
// !important rules, the shadow tree's win (CSS cascade: important declarations from the inner context
// beat outer ones), so even '* { all: unset !important }' on the page cannot hide or restyle us.
/** The palette variables, also used by the theme when a merchant forces light or dark. */
export const LIGHT = '--fw-bg:#fff;--fw-fg:#111827;--fw-muted:#4b5563;--fw-line:#9ca3af;--fw-soft:#f3f4f6';
export const DARK = '--fw-bg:#111827;--fw-fg:#f9fafb;--fw-muted:#d1d5db;--fw-line:#6b7280;--fw-soft:#1f2937';

export const css = `
:host{all:initial!important;display:contents!important}
.fw{${LIGHT};font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fw-fg);text-align:start}
@media (prefers-color-scheme:dark){.fw{${DARK}}}
.fw *,.fw *::before,.fw *::after{box-sizing:border-box}
:where(.fw) :where(button,input,a){font:inherit;color:inherit}
:where(.fw) button{cursor:pointer}
.fw :focus-visible{outline:3px solid var(--fw-fg);outline-offset:2px}
.fw-launcher,.fw-card{position:fixed;z-index:2147483000;right:20px}
.fw-left .fw-launcher,.fw-left .fw-card{right:auto;left:20px}
.fw-launcher{bottom:20px;display:flex;gap:8px;align-items:center;padding:12px 18px;border:0;border-radius:999px;background:var(--fw-brand);color:var(--fw-on-brand);font-weight:600;box-shadow:0 6px 20px #0003}
.fw-launcher svg{width:20px;height:20px;fill:currentColor}
`;
