// Builds the script-tag bundles into widget/dist: widget.js (the app), loader.js (the snippet) and the
// lazy chunks (qr.js, i18n/<locale>.js). All are classic IIFE scripts, never modules: they load
// cross-origin without CORS headers and leave nothing on `window` but `flywheel`.
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import { catalogs } from './src/i18n/catalog.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));
const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
// ES2020 rather than 2019: lowering `?.` and `??` would cost ~1 KB gzip for browsers that are long gone.
const TARGET = 'es2020';

const jsx = { runtime: 'automatic', importSource: 'preact' } as const;

// Properties of the widget's own objects (the store, the client, the UI chunk's module…) get short names,
// the same ones in widget.js and ui.js, which share those objects. Never list a name that also travels
// over the wire, reaches the DOM, a message catalog, the loader's config or a merchant's callback: it
// would be renamed there too. The e2e suite drives these minified bundles.
const INTERNAL_PROPS = [
  'client',
  'loadChunk',
  'showLauncher',
  'catalog',
  'friendDismissed',
  'loadUi',
  'purchase',
  'visitorId',
  'bootstrap',
  'identify',
  'logout',
  'claimOffer',
  'emit',
  'setConsent',
  'publishableKey',
  'apiUrl',
  'consentRequired',
  'place',
  'setters',
  'setStyles',
  'onConsent',
  'onPage',
  'post',
  'ui',
  'Cards',
  'Inline',
];
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const minify = {
  mangleProps: {
    include: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
    cache: Object.fromEntries(INTERNAL_PROPS.map((name, index) => [name, `_${LETTERS[index]}`])),
  },
};

function scriptBuild(entry: string, fileName: string, alias: Record<string, string> = {}): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    oxc: { jsx },
    resolve: { alias },
    build: {
      outDir,
      emptyOutDir: false,
      target: TARGET,
      minify: true,
      rolldownOptions: { output: { minify } },
      copyPublicDir: false,
      lib: { entry: src(entry), formats: ['iife'], name: 'flywheel_', fileName: () => fileName },
    },
  };
}

/** The loader and the lazy chunks are separate scripts, so they are separate builds. */
function extraScripts(): Plugin {
  return {
    name: 'flywheel-extra-scripts',
    apply: 'build',
    generateBundle() {
      // Catalogs are data: each becomes a one-line script that hands itself to the widget.
      for (const [locale, messages] of Object.entries(catalogs)) {
        this.emitFile({
          type: 'asset',
          fileName: `i18n/${locale}.js`,
          source: `window.flywheel&&window.flywheel("_chunk","i18n/${locale}",${JSON.stringify(messages)});\n`,
        });
      }
    },
    async closeBundle() {
      await build(scriptBuild('loader.ts', 'loader.js'));
      await build(scriptBuild('qr-chunk.ts', 'qr.js'));
      // The UI chunk borrows widget.js's Preact and signals instead of bundling a second copy.
      const shim = src('ui-runtime-shim.ts');
      const borrowRuntime = {
        'preact/jsx-runtime': shim,
        'preact/hooks': shim,
        '@preact/signals': shim,
        preact: shim,
      };
      await build(scriptBuild('ui-chunk.ts', 'ui.js', borrowRuntime));
      // The post-purchase survey: fetched by the `ui` chunk only for an order it asks about.
      await build(scriptBuild('survey-chunk.ts', 'survey.js', borrowRuntime));
    },
  };
}

export default defineConfig({
  root,
  oxc: { jsx },
  // JSX goes through Preact's createElement (see src/jsx-runtime.ts); the UI chunk reaches it via flywheel.m.
  resolve: { alias: { 'preact/jsx-runtime': src('jsx-runtime.ts') } },
  plugins: [extraScripts()],
  build: {
    outDir,
    emptyOutDir: true,
    target: TARGET,
    minify: true,
    rolldownOptions: { output: { minify } },
    copyPublicDir: false,
    reportCompressedSize: true,
    lib: { entry: src('main.tsx'), formats: ['iife'], name: 'flywheel_', fileName: () => 'widget.js' },
  },
});
