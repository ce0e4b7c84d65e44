// Entry of the `survey` chunk (dist/survey.js): only fetched for an order the survey asks about. Built
// like the `ui` chunk, against widget.js's own Preact and signals (ui-runtime-shim.ts).
import { Survey, type SurveyModule, surveyCss } from './components/survey.tsx';
import type { FlywheelStub } from './loader-config.ts';

(window as Window & { flywheel?: FlywheelStub }).flywheel?.('_chunk', 'survey', {
  Survey,
  css: surveyCss,
} satisfies SurveyModule);
