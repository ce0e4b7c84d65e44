import { useEffect, useState } from 'preact/hooks';
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
  const [modules, setModules] = useState<boolean[][] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    s.loadChunk('qr')
      .then((encoder) => live && setModules((encoder as QrEncoder)(text)))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [text]);
  if (failed) return <p class="fw-muted">{text}</p>;
  if (!modules) return null;
  return (
    <svg
      class="fw-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${modules.length} ${modules.length}`}
      shape-rendering="crispEdges"
    >
      <path d={qrPath(modules)} />
    </svg>
  );
}
