// Lazy parts (non-English catalogs, the QR encoder) are classic scripts that hand their value back
// through `flywheel('_chunk', name, value)`. Classic scripts load cross-origin without CORS headers and
// under `script-src <api>`, and they keep `window` free of anything but `flywheel`.

export type ChunkLoader = (name: string) => Promise<unknown>;

const waiting = new Map<string, (value: unknown) => void>();

export function receiveChunk(name: unknown, value: unknown): void {
  if (typeof name === 'string') waiting.get(name)?.(value);
}

export function scriptChunkLoader(doc: Document, base: string): ChunkLoader {
  const loaded = new Map<string, Promise<unknown>>();
  return (name) => {
    let promise = loaded.get(name);
    if (!promise) {
      promise = new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const script = doc.createElement('script');
        script.async = true;
        script.src = `${base}${name}.js`;
        script.onerror = reject;
        // `load` fires after the script ran: a chunk that did not call back will never do so.
        script.onload = () => setTimeout(() => reject(new Error(`chunk ${name} did not register`)));
        doc.head.appendChild(script);
      });
      loaded.set(name, promise);
    }
    return promise;
  };
}
