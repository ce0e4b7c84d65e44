// The lazily loaded part of the widget: everything but the launcher. It ships as the `ui` chunk and
// shares Preact and signals with widget.js (see ui-runtime.ts), so there is one Preact on the page.
import type { en } from '../i18n/en.ts';
import { rememberNumberFormat } from '../numbers.ts';
import type { WidgetStore } from '../store.ts';
import { FriendBanner } from './friend-banner.tsx';
import { Panel, TabView } from './panel.tsx';
import { PurchasePrompt } from './purchase-prompt.tsx';

/** At most one floating card: the panel, else the purchase prompt, else the friend's offer. */
export function Cards({ s }: { s: WidgetStore }) {
  const state = s.state.value;
  if (!state) return null;
  rememberNumberFormat(state.number_format);
  if (s.open.value) return <Panel s={s} />;
  if (s.purchase.value) return <PurchasePrompt s={s} />;
  if (state.friend_offer && !s.friendDismissed.value) return <FriendBanner s={s} />;
  return null;
}

/** A view rendered in place, for `<div data-flywheel="invite|rewards|earn">`. */
export function Inline({
  s,
  view,
  className,
}: {
  s: WidgetStore;
  view: 'invite' | 'rewards' | 'earn';
  className: string;
}) {
  if (!s.state.value) return null;
  rememberNumberFormat(s.state.value.number_format);
  return (
    <div class={`${className} fw-inline`} dir={s.dir} lang={s.locale}>
      <div class="fw-card">
        <TabView s={s} tab={view} />
      </div>
    </div>
  );
}

export interface UiModule {
  Cards: typeof Cards;
  Inline: typeof Inline;
  /** English defaults: only the UI chunk needs them, so only it carries them. */
  en: typeof en;
  css: string;
}
