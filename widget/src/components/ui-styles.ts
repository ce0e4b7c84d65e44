// Styles of the lazily loaded UI; they ship in the `ui` chunk next to the components they style.
export const uiCss = `
.fw h2,.fw h3,.fw p,.fw ul,.fw ol{margin:0;padding:0}
.fw h2{font-size:16px}.fw h3{font-size:14px;margin-block:14px 6px}
.fw li{list-style:none}
.fw-card{bottom:84px;width:min(380px,calc(100vw - 24px));max-height:min(640px,calc(100vh - 104px));overflow:auto;background:var(--fw-bg);border:1px solid var(--fw-line);border-radius:var(--fw-radius);box-shadow:0 12px 40px #0004;padding:16px}
.fw-inline .fw-card{position:static;width:auto;max-height:none;box-shadow:none}
.fw-head{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-bottom:10px}
.fw-x{border:0;background:none;width:32px;height:32px;border-radius:50%;font-size:20px;line-height:1}
.fw-x:hover{background:var(--fw-soft)}
.fw-tabs{display:flex;border-bottom:1px solid var(--fw-line);margin:0 -16px 12px;padding:0 12px}
.fw-tab{flex:1;border:0;background:none;padding:8px 4px;border-bottom:3px solid transparent;color:var(--fw-muted)}
.fw-tab[aria-selected=true]{border-bottom-color:var(--fw-brand);color:var(--fw-fg);font-weight:600}
.fw-muted{color:var(--fw-muted)}
.fw-lead{font-size:18px;font-weight:700;margin-bottom:4px}
.fw-btn{border:0;border-radius:calc(var(--fw-radius)*.6);padding:9px 14px;background:var(--fw-brand);color:var(--fw-on-brand);font-weight:600;white-space:nowrap}
.fw-btn:disabled{opacity:.55;cursor:not-allowed}
.fw-btn2{border:1px solid var(--fw-line);border-radius:calc(var(--fw-radius)*.6);padding:8px 10px;background:var(--fw-soft);text-align:center;text-decoration:none;display:block}
.fw-field{display:block;margin-top:10px}
.fw-field>span,.fw-label{display:block;font-size:12px;color:var(--fw-muted);margin-bottom:4px}
.fw-row{display:flex;gap:8px}
.fw-input{flex:1;min-width:0;padding:8px 10px;border:1px solid var(--fw-line);border-radius:calc(var(--fw-radius)*.6);background:var(--fw-bg)}
.fw-share{display:grid;grid-template-columns:repeat(auto-fill,minmax(96px,1fr));gap:6px;margin-top:12px}
.fw-stats{display:grid;grid-template-columns:repeat(3,1fr);gap:6px;margin-top:14px;text-align:center}
.fw-stats b{display:block;font-size:18px}
.fw-stats div,.fw-box{background:var(--fw-soft);border-radius:calc(var(--fw-radius)*.6);padding:8px}
.fw-list li{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 0;border-bottom:1px solid var(--fw-soft)}
.fw-code{font:600 14px ui-monospace,Menlo,Consolas,monospace;letter-spacing:.04em}
.fw-qr{display:block;margin:10px auto 0;width:180px;height:180px;background:#fff;padding:8px;border-radius:8px}
.fw-qr path{fill:#000}
.fw progress{width:100%;height:10px;accent-color:var(--fw-brand)}
.fw-status{min-height:1.2em;margin-top:6px;font-size:13px}
.fw-error{color:#b91c1c}
@media (prefers-color-scheme:dark){.fw-error{color:#fca5a5}}
@media (prefers-reduced-motion:no-preference){.fw-card{animation:fw-in .16s ease-out}@keyframes fw-in{from{opacity:0;transform:translateY(8px)}}}
`;
