// Single-page apps change routes with history.pushState/replaceState, which fire no event, so a friend
// landing on a client-side route with ?ref= would go unnoticed. Where the Navigation API exists its
// `currententrychange` reports every same-document navigation (push, replace, back/forward, hash) and we
// touch nothing. Elsewhere we wrap the two history methods, once per page, on `history` only: the wrapper
// calls the original unchanged and a failure of ours never reaches the page's router.

type NavigationWindow = Window & { navigation?: EventTarget };

const wrapped = new WeakMap<History, Set<() => void>>();

function historyListeners(history: History): Set<() => void> {
  const known = wrapped.get(history);
  if (known) return known;
  const listeners = new Set<() => void>();
  wrapped.set(history, listeners);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      for (const listener of listeners) {
        try {
          listener();
        } catch {}
      }
      return result;
    };
  }
  return listeners;
}

/** Calls `onNavigate` after every client-side navigation; returns a function that stops listening. */
export function watchNavigation(win: NavigationWindow, onNavigate: () => void): () => void {
  const navigation = win.navigation;
  if (navigation) {
    navigation.addEventListener('currententrychange', onNavigate);
    return () => navigation.removeEventListener('currententrychange', onNavigate);
  }
  const listeners = historyListeners(win.history);
  listeners.add(onNavigate);
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  return () => {
    listeners.delete(onNavigate);
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
