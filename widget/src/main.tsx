// widget.js entry: boots once from the config the loader left on the `flywheel` stub.
import { bootWidget } from './boot.tsx';
import type { FlywheelStub } from './loader-config.ts';

try {
  const win = window as Window & typeof globalThis & { flywheel?: FlywheelStub };
  const config = win.flywheel?.c;
  // After boot `flywheel` is the command function, which carries no config: a second copy stays idle.
  if (config?.key) bootWidget(win, config);
} catch (error) {
  console.error('[flywheel]', error);
}
