// Where the survey goes in the purchase prompt. Decides once per order whether to ask (the program's
// setting and sampling, and whether this device already answered or skipped it), then fetches the
// `survey` chunk: shoppers who are not asked never download it.
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { isSurveyedOrder } from '../../../api/src/domain/feedback-sampling.ts';
import type { WidgetStore } from '../store.ts';
import type { SurveyModule } from './survey.tsx';

/** Render with `key={orderId}`: a new order is a new decision. */
export function SurveySlot({ s, orderId }: { s: WidgetStore; orderId: string }) {
  const settings = s.state.value?.program.feedback;
  // Decided at mount: answering or skipping marks the order done, which must not hide the thanks.
  const ask = useRef(
    !!settings?.enabled &&
      isSurveyedOrder(orderId, settings.every_nth_order) &&
      !s.client.feedbackDone(orderId),
  );
  const survey = useSignal<SurveyModule | null>(null);
  const skipped = useSignal(false);
  useEffect(() => {
    if (!ask.current) return;
    s.loadChunk('survey').then(
      (module) => {
        survey.value = module as SurveyModule;
      },
      (error: unknown) => console.warn('[flywheel]', error),
    );
  }, []);

  const loaded = survey.value;
  if (!ask.current || skipped.value || !loaded) return null;
  return (
    <div>
      <style>{loaded.css}</style>
      <loaded.Survey
        s={s}
        orderId={orderId}
        onSkip={() => {
          s.client.skipFeedback(orderId);
          skipped.value = true;
        }}
      />
    </div>
  );
}
