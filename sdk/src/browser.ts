/** Flywheel in the browser: the client behind `window.flywheel(...)`, usable without the widget. */
export {
  type BootstrapInput,
  createFlywheel,
  type FlywheelClient,
  type FlywheelOptions,
} from './browser/client.ts';
export type { Listener } from './browser/emitter.ts';
export { type IntentChannel, shareIntentUrl, taggedShareUrl } from './browser/share-links.ts';
export type { FlywheelStorage } from './browser/storage.ts';
export { FlywheelError } from './browser/transport.ts';
export type * from './browser/types.ts';
