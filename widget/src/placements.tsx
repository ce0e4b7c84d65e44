// Inline placements: `<div data-flywheel="invite|rewards|earn">` anywhere on the page, present at load
// or added later by a single-page app, each rendered into its own shadow root.
import { render } from 'preact';
import { rootClass } from './components/app.tsx';
import { adoptStyles, type StyleSetter } from './sheets.ts';
import type { WidgetStore } from './store.ts';
import { isTab } from './tabs.ts';

const SELECTOR = '[data-flywheel]';

interface Mounted {
  root: ShadowRoot;
  setStyles: StyleSetter;
  view: string;
}

export interface Placements {
  /** Renders placements not rendered yet (or whose view changed); loads the UI chunk first if needed. */
  place(): void;
  /** The style setters of every rendered placement, for theme and UI stylesheet updates. */
  setters(): StyleSetter[];
  /** Starts reacting to placements a script adds (or removes) after load. */
  observe(win: Window & typeof globalThis): void;
  disconnect(): void;
}

export function createPlacements(doc: Document, s: WidgetStore, themeCss: () => string): Placements {
  const mounted = new Map<Element, Mounted>();
  let observer: MutationObserver | undefined;

  const place = () => {
    const ui = s.ui.value;
    const found = doc.querySelectorAll<HTMLElement>(SELECTOR);
    if (!ui || !s.state.value) {
      if (found.length) s.loadUi();
      return;
    }
    for (const element of found) {
      const view = element.dataset.flywheel;
      const known = mounted.get(element);
      if (!isTab(view) || known?.view === view) continue;
      try {
        const root = known?.root ?? element.shadowRoot ?? element.attachShadow({ mode: 'open' });
        const setStyles = known?.setStyles ?? adoptStyles(root);
        setStyles(themeCss(), ui.css);
        mounted.set(element, { root, setStyles, view });
        const Inline = () => <ui.Inline s={s} view={view} className={rootClass(s)} />;
        render(<Inline />, root);
      } catch (error) {
        console.warn('[flywheel] cannot render into', element, error);
      }
    }
  };

  // A placement that left the page is unmounted, so its components stop listening to the store.
  const release = () => {
    for (const [element, { root }] of mounted) {
      if (!element.isConnected) {
        render(null, root);
        mounted.delete(element);
      }
    }
  };

  const bringsPlacement = (node: Node) =>
    node.nodeType === 1 && ((node as Element).matches(SELECTOR) || (node as Element).querySelector(SELECTOR));

  return {
    place,
    setters: () => [...mounted.values()].map((m) => m.setStyles),
    observe(win) {
      // Runs on every DOM change of the page, so it only looks at added elements (and data-flywheel
      // attribute changes) and does real work only when one of them is or holds a placement.
      observer = new win.MutationObserver((records) => {
        let added = false;
        let removed = false;
        for (const record of records) {
          if (record.type === 'attributes') added = true;
          if (record.removedNodes.length) removed = true;
          if (!added) for (const node of record.addedNodes) if (bringsPlacement(node)) added = true;
        }
        if (removed && mounted.size) release();
        if (added) place();
      });
      observer.observe(doc.body ?? doc.documentElement, {
        childList: true,
        subtree: true,
        attributeFilter: ['data-flywheel'],
      });
    },
    disconnect: () => observer?.disconnect(),
  };
}
