import type { ShareChannel } from '../../sdk/src/browser/types.ts';
import type { WidgetStore } from './store.ts';
import { isTab } from './tabs.ts';

export function openPanel(s: WidgetStore, tab?: unknown): void {
  if (isTab(tab)) s.tab.value = tab;
  if (s.open.value) return;
  const active = globalThis.document?.activeElement;
  s.opener = active instanceof HTMLElement ? active : null;
  s.open.value = true;
  s.client.emit('open', { tab: s.tab.value });
}

export function closePanel(s: WidgetStore): void {
  if (!s.open.value) return;
  s.open.value = false;
  s.client.emit('close', {});
  const target = s.opener;
  s.opener = null;
  // While our launcher has focus the document sees our shadow host as focused; the launcher refocuses
  // itself (see Launcher), so only an opener outside the widget needs restoring here.
  if (target && !target.shadowRoot) setTimeout(() => target.focus());
}

/** Records a share in the background: the link itself was already built inside the click. */
export function recordShare(s: WidgetStore, channel: ShareChannel): void {
  s.client.share(channel).catch((error) => console.warn('[flywheel] share not recorded', error));
}
