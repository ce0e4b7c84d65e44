// The script tag merchants paste. It only queues, reads its own data-* and injects widget.js async; it
// must never throw into the host page, so everything sits inside one try.
import type { FlywheelStub, LoaderConfig } from './loader-config.ts';

((w: Window & { flywheel?: FlywheelStub }, d: Document) => {
  try {
    const fw: FlywheelStub =
      w.flywheel ||
      function () {
        fw.q = fw.q || [];
        // biome-ignore lint/complexity/noArguments: the queue keeps calls exactly as the snippet stub does
        fw.q.push(arguments);
      };
    w.flywheel = fw;
    if (fw.l) return;
    const script = (d.currentScript ||
      d.querySelector('script[data-key][src*="loader"]')) as HTMLScriptElement | null;
    if (!script) return;
    fw.l = 1;
    const data = script.dataset;
    const src = script.src;
    const config: LoaderConfig = {
      key: data.key || '',
      api: data.api || new URL(src).origin,
      base: src.slice(0, src.lastIndexOf('/') + 1),
    };
    // Only copy what is present: absent attributes stay absent (exactOptionalPropertyTypes).
    for (const name of ['locale', 'position', 'consent', 'launcher'] as const) {
      const value = data[name];
      if (value) config[name] = value;
    }
    if (data.customerId && data.signature) {
      config.identity = { id: data.customerId, signature: data.signature };
      if (data.customerEmail) config.identity.email = data.customerEmail;
      if (data.customerName) config.identity.name = data.customerName;
    }
    fw.c = config;
    const widget = d.createElement('script');
    widget.async = true;
    widget.src = `${config.base}widget.js`;
    (script.parentNode || d.head).insertBefore(widget, script.nextSibling);
  } catch (error) {
    console.error('[flywheel]', error);
  }
})(window, document);
