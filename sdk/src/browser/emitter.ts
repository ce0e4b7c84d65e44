// Typed events of the browser client; a listener that throws never reaches the code that emitted.
import type { FlywheelEventName, FlywheelEvents } from './types.ts';

export type Listener<E extends FlywheelEventName> = (payload: FlywheelEvents[E]) => void;

export interface Emitter {
  on<E extends FlywheelEventName>(event: E, listener: Listener<E>): () => void;
  off<E extends FlywheelEventName>(event: E, listener: Listener<E>): void;
  emit<E extends FlywheelEventName>(event: E, payload: FlywheelEvents[E]): void;
}

/**
 * A tiny typed event emitter: `on` returns its own `off`, and each listener is called in its own
 * try/catch so one merchant's mistake does not silence the others.
 * @example
 * const events = createEmitter();
 * const stop = events.on('share', ({ channel, url }) => console.log(channel, url));
 * events.emit('share', { channel: 'copy', url: 'https://shop.example/?ref=ANN-7K2Q' });
 * stop();
 */
export function createEmitter(): Emitter {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const off: Emitter['off'] = (event, listener) => {
    listeners.get(event)?.delete(listener as (payload: never) => void);
  };
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        // A merchant's listener that throws must not stop the others, nor reach our caller.
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          console.error('[flywheel] listener for', event, 'threw', error);
        }
      }
    },
  };
}
