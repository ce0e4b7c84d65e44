// What widget.js lends the `ui` chunk: its own Preact, hooks and signals. Two Preact copies cannot share
// one tree (hooks and signals hang off module-level `options`), so the chunk is built against this
// object instead of bundling its own (see ui-runtime-shim.ts and widget/vite.config.ts).
import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';

export const uiRuntime = { Fragment, jsx, jsxs, useEffect, useId, useRef, useSignal };
export type UiRuntime = typeof uiRuntime;
