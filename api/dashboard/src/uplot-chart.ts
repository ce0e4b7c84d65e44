// Draws one KPI line with uPlot (canvas, ~50 KB): loaded on demand, so the first paint of the dashboard
// does not wait for it. uPlot sets sizes through the CSSOM (el.style.x = …), which a `style-src 'self'`
// CSP allows; its stylesheet comes through Vite as a file, like ours.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartInput {
  starts: number[];
  values: (number | null)[];
  label: string;
  format(value: number): string;
  /** Counts: ticks on whole numbers only (no "0.5 orders"). */
  whole: boolean;
  /** Called with the point under the cursor (mouse or keyboard), or null when it leaves. */
  onPoint(index: number | null): void;
}

export interface Chart {
  resize(width: number): void;
  /** Moves the cursor to a point, as the mouse would: the keyboard's way to read values. */
  focusPoint(index: number): void;
  destroy(): void;
}

const HEIGHT = 170;
/** Whole-number tick steps: 1, 2, 5, 10, 20, 50 … */
const WHOLE_STEPS = Array.from({ length: 30 }, (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3));

export function drawChart(element: HTMLElement, input: ChartInput): Chart {
  const css = getComputedStyle(element);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const line = color('--brand', '#4338ca');
  const muted = color('--muted', '#50566a');
  const grid = color('--border', '#dfe2ea');
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const plot = new uPlot(
    {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      // The series are UTC days and ISO weeks: label them in UTC, not the viewer's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max : 1] } },
      axes: [
        axis,
        {
          ...axis,
          size: 64,
          values: (_u, splits) => splits.map((value) => input.format(value)),
          ...(input.whole ? { incrs: WHOLE_STEPS } : {}),
        },
      ],
      series: [
        {},
        {
          label: input.label,
          stroke: line,
          width: 2,
          points: { show: input.starts.length <= 31, size: 4 },
        },
      ],
      hooks: {
        setCursor: [
          (u) => {
            const index = u.cursor.idx;
            input.onPoint(index === null || index === undefined ? null : index);
          },
        ],
      },
    },
    [input.starts, input.values],
    element,
  );
  return {
    resize: (width) => plot.setSize({ width: Math.max(width, 200), height: HEIGHT }),
    focusPoint(index) {
      const value = input.values[index];
      plot.setCursor({
        left: plot.valToPos(input.starts[index]!, 'x'),
        top: plot.valToPos(value ?? 0, 'y'),
      });
    },
    destroy: () => plot.destroy(),
  };
}
