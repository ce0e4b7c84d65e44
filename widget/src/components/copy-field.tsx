import { useSignal } from '@preact/signals';
import { useId } from 'preact/hooks';
import { copyText } from '../copy-text.ts';

export function CopyField(props: {
  label: string;
  value: string;
  copyLabel: string;
  copiedText: string;
  buttonText: string;
  code?: boolean;
  onCopy?: () => void;
}) {
  const id = useId();
  const copied = useSignal(false);
  const onClick = async (event: MouseEvent) => {
    const doc = (event.currentTarget as HTMLElement).ownerDocument;
    if (await copyText(props.value, doc)) {
      copied.value = true;
      props.onCopy?.();
      setTimeout(() => {
        copied.value = false;
      }, 2500);
    }
  };
  return (
    <div class="fw-field">
      <label class="fw-label" for={id}>
        {props.label}
      </label>
      <div class="fw-row">
        <input
          id={id}
          // Links and codes read left to right in every locale.
          dir="ltr"
          class={props.code ? 'fw-input fw-code' : 'fw-input'}
          readOnly
          value={props.value}
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
        <button type="button" class="fw-btn" aria-label={props.copyLabel} onClick={onClick}>
          {props.buttonText}
        </button>
      </div>
      <p class="fw-status" role="status">
        {copied.value ? props.copiedText : ''}
      </p>
    </div>
  );
}
