// Heatmap cells painted into an image once, so an SVG can hold thousands of cells as one <image>
// (crisp with pixelated rendering, and carried along by the SVG/PNG export).
import { type ColorScaleSpec, MISSING, lut, position } from './color-scale.ts';
import * as d3 from 'd3';

const missing = d3.rgb(MISSING);

/** A PNG data URL of a rows × cols grid (row-major data, row 0 at the top). */
export function paintGrid(data: ArrayLike<number>, rows: number, cols: number, spec: ColorScaleSpec): string {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const g = canvas.getContext('2d');
  if (!g || rows === 0 || cols === 0) return '';
  const img = g.createImageData(cols, rows);
  const table = lut(spec);
  const p = position(spec);
  for (let i = 0; i < rows * cols; i++) {
    const t = p(data[i]);
    const o = 4 * i;
    if (Number.isNaN(t)) img.data.set([missing.r, missing.g, missing.b, 255], o);
    else {
      const k = 3 * Math.round(t * 255);
      img.data.set([table[k], table[k + 1], table[k + 2], 255], o);
    }
  }
  g.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}
