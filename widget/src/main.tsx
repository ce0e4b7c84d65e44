// widget.js entry: boots once from the config the loader left on the `flywheel` stub.
import { bootWidget } from './boot.tsx';
import type { FlywheelStub } from './loader-config.ts';

try {
  const win = window as Window & typeof globalThis & { flywheel?: FlywheelStub };
  const stub = win.flywheel;
  const config = stub?.c;
  if (stub && config?.key) {
    // Taken at once, so a second copy of widget.js finds no config and stays idle (after boot,
    // `flywheel` is the command function, which carries none either).
    delete stub.c;
    // Booting waits for the next task: parsing widget.js and starting the widget (storage, client,
    // queue replay) are two shorter tasks instead of one long one on the merchant's page.
    setTimeout(() => {
      try {
        bootWidget(win, config);
      } catch (error) {
        console.error('[flywheel]', error);
      }
    });
  }
} catch (error) {
  console.error('[flywheel]', error);
}
