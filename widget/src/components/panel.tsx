import { useEffect, useRef } from 'preact/hooks';
import { closePanel } from '../actions.ts';
import type { WidgetStore } from '../store.ts';
import { TABS, type Tab } from '../tabs.ts';
import { EarnView } from './earn-view.tsx';
import { trapTab } from './focus-trap.ts';
import { InviteView } from './invite-view.tsx';
import { RewardsView } from './rewards-view.tsx';

export function TabView({ s, tab }: { s: WidgetStore; tab: Tab }) {
  return tab === 'invite' ? (
    <InviteView s={s} />
  ) : tab === 'rewards' ? (
    <RewardsView s={s} />
  ) : (
    <EarnView s={s} />
  );
}

export function Panel({ s }: { s: WidgetStore }) {
  const t = s.t.value;
  const ref = useRef<HTMLDivElement>(null);
  const tab = s.tab.value;
  const focusTab = () => ref.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  useEffect(focusTab, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closePanel(s);
    } else if (event.key === 'Tab' && ref.current) {
      trapTab(event, ref.current);
    }
  };
  const onTabKey = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    const index = TABS.indexOf(tab);
    let next: number | undefined;
    if (step) next = index + (s.dir === 'rtl' ? -step : step);
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    s.tab.value = TABS[(next + TABS.length) % TABS.length] as Tab;
    setTimeout(focusTab);
  };

  return (
    <div
      ref={ref}
      class="fw-card fw-panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="fw-title"
      onKeyDown={onKeyDown}
    >
      <div class="fw-head">
        <h2 id="fw-title">{t.title}</h2>
        <button type="button" class="fw-x" aria-label={t.close} onClick={() => closePanel(s)}>
          ×
        </button>
      </div>
      <div class="fw-tabs" role="tablist" aria-label={t.tabs} onKeyDown={onTabKey}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            class="fw-tab"
            id={`fw-tab-${name}`}
            aria-selected={name === tab}
            aria-controls="fw-tabpanel"
            tabIndex={name === tab ? 0 : -1}
            onClick={() => {
              s.tab.value = name;
            }}
          >
            {t[`tab_${name}`]}
          </button>
        ))}
      </div>
      <div id="fw-tabpanel" role="tabpanel" aria-labelledby={`fw-tab-${tab}`}>
        <TabView s={s} tab={tab} />
      </div>
    </div>
  );
}
