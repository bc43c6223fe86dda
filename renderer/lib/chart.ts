/** Turns a series of numbers (with gaps) into SVG path data for a small chart. Pure. */

/** The drawing box of a chart, in SVG user units. */
export const CHART_BOX = { width: 240, height: 56, pad: 3 } as const;

/** The largest value of the series, never below `floor` (an idle server still gets a sensible scale). */
export function chartMax(series: ReadonlyArray<ReadonlyArray<number | null>>, floor = 1): number {
  let max = floor;
  for (const values of series) for (const v of values) if (v !== null && v > max) max = v;
  return max;
}

/** SVG path data through the points, broken where a value is missing; '' for fewer than two points. */
export function chartPath(values: ReadonlyArray<number | null>, max: number, slots = values.length): string {
  const { width, height, pad } = CHART_BOX;
  if (slots < 2) return '';
  const x = (i: number) => pad + ((width - 2 * pad) * i) / (slots - 1);
  const y = (v: number) => height - pad - ((height - 2 * pad) * Math.min(v, max)) / max;
  // Values fill the right end of the box, so a young history grows in from the right like a live trace.
  const offset = slots - values.length;
  let d = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null) {
      drawing = false;
      return;
    }
    d += `${drawing ? 'L' : 'M'}${x(i + offset).toFixed(1)} ${y(v).toFixed(1)}`;
    drawing = true;
  });
  return d;
}
