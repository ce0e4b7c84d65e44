// Stands in for 'preact/jsx-runtime' in the bundles (widget/vite.config.ts): Preact's automatic runtime
// is a second vnode factory next to `createElement`, which widget.js carries anyway (signals uses it).
import { createElement, Fragment, type VNode } from 'preact';

export { Fragment };

/** `jsx(type, props, key)` as the automatic runtime calls it; `props.children` are kept as they are. */
export function jsx(type: Parameters<typeof createElement>[0], props: object, key?: unknown): VNode {
  return createElement(type, key === undefined ? props : { ...props, key });
}

export { jsx as jsxs };
