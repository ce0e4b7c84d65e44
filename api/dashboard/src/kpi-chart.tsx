// One KPI's trend: a uPlot line, its text alternative (the figure's caption says the total, the range
// and the latest value), and a keyboard cursor: the chart is a slider over its points (← → Home End).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Column } from './series-columns.ts';
import { describeColumn, formatValue } from './series-columns.ts';
import type { Chart } from './uplot-chart.ts';

interface Props {
  column: Column;
  starts: number[];
  points: { start: string }[];
  interval: string;
}

export function KpiChart({ column, starts, points, interval }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const [point, setPoint] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | undefined;
    import('./uplot-chart.ts')
      .then(({ drawChart }) => {
        const element = host.current;
        if (!live || !element) return;
        chart.current = drawChart(element, {
          starts,
          values: column.values,
          label: column.label,
          format: (value) => formatValue(column, value),
          whole: column.kind === 'count',
          onPoint: setPoint,
        });
        observer = new ResizeObserver(() => chart.current?.resize(element.clientWidth));
        observer.observe(element);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [column, starts]);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = starts.length - 1;
    if (last < 0) return;
    const current = point ?? -1;
    const next =
      event.key === 'ArrowRight'
        ? Math.min(last, current + 1)
        : event.key === 'ArrowLeft'
          ? Math.max(0, current < 0 ? last : current - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    chart.current?.focusPoint(next);
    setPoint(next);
  };

  const summary = describeColumn(column, points, interval);
  const id = `chart-${column.key}`;
  const shown = point ?? starts.length - 1;
  const reading =
    points[shown] === undefined
      ? 'no points'
      : `${points[shown]!.start.slice(0, 10)}: ${formatValue(column, column.values[shown] ?? null)}`;
  return (
    <figure class="kpi-chart" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{column.label}</h4>
      <p class="kpi-total">{formatValue(column, column.total)}</p>
      {/* A slider over the points: arrows move the chart's cursor, the value text reads the point. */}
      <div
        ref={host}
        class="chart-host"
        role="slider"
        tabIndex={0}
        aria-label={`${column.label} per ${interval}`}
        aria-describedby={`${id}-summary`}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, starts.length - 1)}
        aria-valuenow={Math.max(0, shown)}
        aria-valuetext={reading}
        onKeyDown={onKeyDown}
      />
      <p class="chart-readout muted small">
        {point !== null
          ? reading
          : failed
            ? 'The chart could not be drawn; the numbers are in the table below.'
            : '\u00a0'}
      </p>
      <figcaption id={`${id}-summary`} class="visually-hidden">
        {summary}
      </figcaption>
    </figure>
  );
}
