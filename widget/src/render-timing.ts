// When Preact re-renders after a signal changed: in a task of its own, not in the microtasks of the
// task that changed it. A click, a key press or an API answer then runs its handler (a request started,
// the merchant's listeners told) in one task and the re-render it causes in the next, rather than both in
// one task long enough to delay the shopper's next tap. Only the widget's own Preact is touched: it is
// bundled into widget.js, never shared with the page.
import { options } from 'preact';

export function renderInOwnTasks(win: Window): void {
  options.debounceRendering = (flush) => win.setTimeout(flush);
}
