/** A small live line chart: one or two series over the health history, with a text alternative. */
import { CHART_BOX, chartMax, chartPath } from '../lib/chart.js';

/** One line of the chart. */
export interface Series {
  label: string;
  values: ReadonlyArray<number | null>;
  /** Which chart colour (1 or 2). */
  colour: 1 | 2;
}

/** The chart; `summary` is what a screen reader hears and what the tooltip says. */
export function Sparkline({ series, slots, summary }: { series: Series[]; slots: number; summary: string }) {
  const max = chartMax(series.map((s) => s.values));
  const { width, height } = CHART_BOX;
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={summary}
    >
      <title>{summary}</title>
      <line class="chart-grid" x1="0" x2={width} y1={height / 2} y2={height / 2} />
      <line class="chart-grid" x1="0" x2={width} y1={height - 1} y2={height - 1} />
      {series.map((s) => (
        <path key={s.label} class={`chart-line chart-line-${s.colour}`} d={chartPath(s.values, max, slots)} />
      ))}
    </svg>
  );
}
