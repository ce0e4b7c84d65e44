import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { WidgetStore } from '../store.ts';

type QrEncoder = (text: string) => boolean[][];

/** One `M x y h1v1h-1z` square per dark module: an SVG path needs no canvas, no data URL, no style. */
export function qrPath(modules: boolean[][]): string {
  let d = '';
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return d;
}

export function QrCode({ s, text, label }: { s: WidgetStore; text: string; label: string }) {
  const modules = useSignal<boolean[][] | null>(null);
  const failed = useSignal(false);
  useEffect(() => {
    let live = true;
    s.loadChunk('qr')
      .then((encoder) => {
        if (live) modules.value = (encoder as QrEncoder)(text);
      })
      .catch(() => {
        if (live) failed.value = true;
      });
    return () => {
      live = false;
    };
  }, [text]);
  if (failed.value) return <p class="fw-muted">{text}</p>;
  const rows = modules.value;
  if (!rows) return null;
  return (
    <svg
      class="fw-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${rows.length} ${rows.length}`}
      shape-rendering="crispEdges"
    >
      <path d={qrPath(rows)} />
    </svg>
  );
}
