// Entry of the `ui` chunk (dist/ui.js). Built with Preact and signals aliased to ui-runtime-shim.ts.
import { Cards, Inline, type UiModule } from './components/cards.tsx';
import { uiCss } from './components/ui-styles.ts';
import { en } from './i18n/en.ts';
import type { FlywheelStub } from './loader-config.ts';

(window as Window & { flywheel?: FlywheelStub }).flywheel?.('_chunk', 'ui', {
  Cards,
  Inline,
  en,
  css: uiCss,
} satisfies UiModule);
