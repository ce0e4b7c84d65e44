import type { WidgetStore } from '../store.ts';
import { Launcher } from './launcher.tsx';

export function rootClass(s: WidgetStore): string {
  const position = s.position ?? s.state.value?.program.theme?.position ?? '';
  return position.endsWith('left') ? 'fw fw-left' : 'fw';
}

/** The floating surfaces: the launcher, plus the cards once the UI chunk is in. */
export function App({ s }: { s: WidgetStore }) {
  if (!s.state.value) return null;
  const ui = s.ui.value;
  return (
    <div class={rootClass(s)} dir={s.dir} lang={s.locale}>
      {s.showLauncher && <Launcher s={s} />}
      {ui && <ui.Cards s={s} />}
    </div>
  );
}
