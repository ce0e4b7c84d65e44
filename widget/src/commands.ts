// The `flywheel(command, ...args)` function that replaces the queue stub. Every command is caught
// here: a merchant's mistake logs a warning and never throws into their page.
import type { FlywheelEventName, Identity, Purchase } from '../../sdk/src/browser/types.ts';
import { closePanel, openPanel } from './actions.ts';
import { receiveChunk } from './chunks.ts';
import type { WidgetStore } from './store.ts';

export interface CommandHooks {
  /** Called after `consent` and `page` so the boot code can react (Shopify cart, new placements). */
  onConsent(granted: boolean): void;
  onPage(): void;
}

const warn = (error: unknown) => console.warn('[flywheel]', error);

export function createCommandRunner(s: WidgetStore, hooks: CommandHooks) {
  return function runCommand(command: unknown, ...args: unknown[]): void {
    try {
      const [first, second] = args;
      switch (command) {
        case 'identify':
          s.client.identify(first as Identity).catch(warn);
          return;
        case 'open':
          openPanel(s, first);
          return;
        case 'close':
          closePanel(s);
          return;
        case 'on':
          if (typeof second !== 'function') throw new TypeError('flywheel("on", event, callback)');
          s.client.on(first as FlywheelEventName, second as (payload: unknown) => void);
          // A listener added after the first answer still hears about it, as snippets expect.
          if (first === 'ready' && s.client.state) (second as (state: unknown) => void)(s.client.state);
          return;
        case 'off':
          s.client.off(first as FlywheelEventName, second as (payload: unknown) => void);
          return;
        case 'purchase': {
          const purchase = first as Purchase;
          s.purchase.value = purchase;
          s.client.purchase(purchase).catch(warn);
          return;
        }
        case 'consent':
          s.client.consent(first === true);
          hooks.onConsent(first === true);
          return;
        case 'logout':
          s.client.logout().catch(warn);
          return;
        case 'page':
          s.client.page(typeof first === 'string' ? first : undefined).catch(warn);
          hooks.onPage();
          return;
        case '_chunk':
          receiveChunk(first, second);
          return;
        default:
          warn(`unknown command ${String(command)}`);
      }
    } catch (error) {
      warn(error);
    }
  };
}
