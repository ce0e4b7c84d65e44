import { useEffect, useRef } from 'preact/hooks';
import { closePanel, openPanel } from '../actions.ts';
import type { WidgetStore } from '../store.ts';

export function Launcher({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const open = s.open.value;
  const ref = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Focus goes back to the launcher when the dialog closes, as the dialog pattern requires.
    const button = ref.current;
    if (button && wasOpen.current && !open && (button.getRootNode() as ShadowRoot).activeElement == null) {
      button.focus();
    }
    wasOpen.current = open;
  }, [open]);
  return (
    <button
      ref={ref}
      type="button"
      class="fw-launcher"
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={() => (open ? closePanel(s) : openPanel(s))}
      onPointerEnter={s.loadUi}
      onFocus={s.loadUi}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M20 7h-2.2A3 3 0 0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1v8a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1Zm-5-2a1 1 0 1 1 0 2h-2V6a1 1 0 0 1 1-1h1Zm-6 0h1a1 1 0 0 1 1 1v1H9a1 1 0 1 1 0-2ZM5 9h6v2H5V9Zm2 4h4v6H7v-6Zm6 6v-6h4v6h-4Zm6-8h-6V9h6v2Z" />
      </svg>
      <span>{t.launcher}</span>
    </button>
  );
}
