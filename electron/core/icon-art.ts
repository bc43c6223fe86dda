/**
 * Gatehouse's icons as pure drawings: a gate (two pillars under an arch, an open doorway) on the app
 * icon, and alone as the macOS menu-bar template image. scripts/make-icons.ts writes them to build/;
 * a test checks the committed files are what this draws.
 */
import { encodePng } from './tray-icon.js';

/** Samples per pixel along each axis: 4x4 gives smooth edges at 16 px and is cheap at 1024 px. */
const SAMPLES = 4;

type Shape = (x: number, y: number) => boolean;

const inDisc = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inBox = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** The gate in the unit square (y grows downwards): arch and pillars, minus the doorway, on a step. */
export const gate: Shape = (x, y) => {
  const outer = inBox(x, y, 0.2, 0.4, 0.8, 0.86) || (y <= 0.4 && inDisc(x, y, 0.5, 0.4, 0.3));
  const doorway = inBox(x, y, 0.37, 0.52, 0.63, 0.86) || (y <= 0.52 && inDisc(x, y, 0.5, 0.52, 0.13));
  return (outer && !doorway) || inBox(x, y, 0.12, 0.86, 0.88, 0.95);
};

/** A rounded square from `inset` to 1 - `inset` with corner radius `radius`. */
function roundedSquare(inset: number, radius: number): Shape {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  return (x, y) => {
    if (!inBox(x, y, inset, inset, 1 - inset, 1 - inset)) return false;
    const cx = Math.min(Math.max(x, lo), hi);
    const cy = Math.min(Math.max(y, lo), hi);
    return inDisc(x, y, cx, cy, radius);
  };
}

/** The fraction of pixel (px, py) of a `size` grid covered by `shape`. */
function coverage(shape: Shape, size: number, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    for (let j = 0; j < SAMPLES; j += 1) {
      if (shape((px + (i + 0.5) / SAMPLES) / size, (py + (j + 0.5) / SAMPLES) / size)) hits += 1;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** The app icon colour: a deep blue-green that reads on light and dark docks and task bars. */
export const APP_ICON_COLOR = [14, 83, 112] as const;

/** The app icon: a white gate on a rounded square, inset like the macOS icon grid (824 of 1024). */
export function appIconPng(size: number): Buffer {
  const tile = roundedSquare(0.1, 0.18);
  // The gate takes the middle 60% of the tile.
  const glyph: Shape = (x, y) => gate((x - 0.2) / 0.6, (y - 0.18) / 0.6);
  return encodePng(size, (px, py) => {
    const back = coverage(tile, size, px, py);
    const front = coverage(glyph, size, px, py);
    const mix = (c: number) => Math.round(c * (1 - front) + 255 * front);
    return [mix(APP_ICON_COLOR[0]), mix(APP_ICON_COLOR[1]), mix(APP_ICON_COLOR[2]), Math.round(back * 255)];
  });
}

/** The macOS menu-bar template image: black with alpha only, so macOS tints it for light and dark bars. */
export function trayTemplatePng(size: number): Buffer {
  return encodePng(size, (px, py) => [0, 0, 0, Math.round(coverage(gate, size, px, py) * 255)]);
}

/** Every icon file under build/, by path relative to the repository, with its drawing. */
export const ICON_FILES: Readonly<Record<string, () => Buffer>> = {
  'build/icon.png': () => appIconPng(1024),
  'build/icons/trayTemplate.png': () => trayTemplatePng(16),
  'build/icons/trayTemplate@2x.png': () => trayTemplatePng(32),
};
