import { render } from 'preact';
import { rootClass } from './components/app.tsx';
import type { UiModule } from './components/cards.tsx';
import { adoptStyles, type StyleSetter } from './sheets.ts';
import type { WidgetStore } from './store.ts';
import { isTab, type Tab } from './tabs.ts';

export function hasPlacements(doc: Document): boolean {
  return doc.querySelector('[data-flywheel]') !== null;
}

/**
 * Renders every `[data-flywheel]` placement not rendered yet, each in its own shadow root so the host
 * page's CSS cannot reach it. Returns the theme setters of the new roots.
 */
export function mountPlacements(
  doc: Document,
  s: WidgetStore,
  ui: UiModule,
  themeCss: string,
  mounted: WeakSet<Element>,
): StyleSetter[] {
  const setters: StyleSetter[] = [];
  for (const element of doc.querySelectorAll<HTMLElement>('[data-flywheel]')) {
    const view = element.dataset.flywheel;
    if (mounted.has(element) || !isTab(view)) continue;
    mounted.add(element);
    try {
      const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
      const setStyles = adoptStyles(root);
      setStyles(themeCss, ui.css);
      setters.push(setStyles);
      const Inline = () => <ui.Inline s={s} view={view as Tab} className={rootClass(s)} />;
      render(<Inline />, root);
    } catch (error) {
      console.warn('[flywheel] cannot render into', element, error);
    }
  }
  return setters;
}
