// Stands in for 'preact', 'preact/hooks', 'preact/jsx-runtime' and '@preact/signals' inside the `ui`
// chunk: the real ones live in widget.js, which put them on `flywheel.m` before loading the chunk.
import type { FlywheelStub } from './loader-config.ts';
import type { UiRuntime } from './ui-runtime.ts';

const runtime = (window as unknown as { flywheel: FlywheelStub & { m: UiRuntime } }).flywheel.m;

export const { Fragment, jsx, jsxs, useEffect, useId, useRef, useSignal } = runtime;
